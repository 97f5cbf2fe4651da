import { HttpError, links, type HandlerContext, type HandlerResult } from '../http.js'
import { releaseJson } from '../payloads.js'
import type { ReleaseRecord } from '../records.js'
import { paginate } from './paging.js'

function alreadyExists(): HttpError {
  return new HttpError(422, 'Validation Failed', {
    errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]
  })
}

/** GitHub allows one published release per tag; drafts may share a tag with anything. */
function refuseSecondPublished(ctx: HandlerContext, release: ReleaseRecord): void {
  const published = ctx.repo.releases.some(
    other => other !== release && !other.draft && other.tagName === release.tagName
  )
  if (published) throw alreadyExists()
}

/** A published release needs its tag: GitHub creates it from target_commitish when it is missing. */
async function ensureTag(ctx: HandlerContext, release: ReleaseRecord): Promise<void> {
  const ref = `refs/tags/${release.tagName}`
  if ((await ctx.repo.git.refs(ref)).some(found => found.ref === ref)) return
  const sha = await ctx.repo.git.resolveCommit(release.targetCommitish)
  if (!sha)
    throw new HttpError(422, 'Validation Failed', {
      errors: [{ resource: 'Release', code: 'invalid', field: 'target_commitish' }]
    })
  await ctx.repo.git.createRef(ref, sha)
}

/**
 * Publishes as GitHub does (and lists the release, if new): the tag is made if missing, and a second published
 * release for it is refused.
 */
async function publish(ctx: HandlerContext, release: ReleaseRecord): Promise<void> {
  refuseSecondPublished(ctx, release)
  await ensureTag(ctx, release)
  // Checked again after the last await, in the same turn as the change, so two requests cannot both pass it.
  refuseSecondPublished(ctx, release)
  release.draft = false
  release.publishedAt = ctx.host.clock.iso()
  if (!ctx.repo.releases.includes(release)) ctx.repo.releases.push(release)
}

function byId(ctx: HandlerContext): ReleaseRecord {
  const release = ctx.repo.releases.find(candidate => candidate.id === Number(ctx.params.release_id))
  if (!release) throw new HttpError(404, 'Not Found')
  return release
}

export async function getRelease(ctx: HandlerContext): Promise<HandlerResult> {
  return { status: 200, body: releaseJson(ctx, byId(ctx)) }
}

/** Only published releases have a tag as far as GitHub is concerned: drafts are never found by tag. */
export async function getReleaseByTag(ctx: HandlerContext): Promise<HandlerResult> {
  const release = ctx.repo.releases.find(
    candidate => !candidate.draft && candidate.tagName === ctx.params.tag
  )
  if (!release) throw new HttpError(404, 'Not Found')
  return { status: 200, body: releaseJson(ctx, release) }
}

export async function getLatestRelease(ctx: HandlerContext): Promise<HandlerResult> {
  const release = ctx.repo.latestRelease()
  if (!release) throw new HttpError(404, 'Not Found')
  return { status: 200, body: releaseJson(ctx, release) }
}

/** Newest first, drafts included (the token can push), in pages; only the requested page is serialised. */
export async function listReleases(ctx: HandlerContext): Promise<HandlerResult> {
  const newestFirst = [...ctx.repo.releases].reverse()
  const page = paginate(ctx, `/repos/${ctx.repo.fullName}/releases`, newestFirst)
  return {
    status: 200,
    headers: page.headers,
    body: page.items.map(release => releaseJson(ctx, release))
  }
}

export async function createRelease(ctx: HandlerContext): Promise<HandlerResult> {
  const body = ctx.body as Record<string, unknown>
  const release: ReleaseRecord = {
    id: ctx.repo.id(),
    tagName: String(body.tag_name),
    targetCommitish:
      typeof body.target_commitish === 'string' ? body.target_commitish : ctx.repo.defaultBranch,
    name: typeof body.name === 'string' ? body.name : null,
    body: typeof body.body === 'string' ? body.body : null,
    draft: true,
    prerelease: body.prerelease === true,
    makeLatest: typeof body.make_latest === 'string' ? body.make_latest : 'true',
    createdAt: ctx.host.clock.iso(),
    publishedAt: null
  }
  if (body.draft === true) ctx.repo.releases.push(release)
  else {
    await publish(ctx, release)
    ctx.repo.markLatest(release, release.makeLatest)
  }
  const location = `${links(ctx).api}/releases/${release.id}`
  return { status: 201, headers: { location }, body: releaseJson(ctx, release) }
}

/** Edits a release; `draft: false` publishes it, and make_latest defaults to true for a newly published one. */
export async function updateRelease(ctx: HandlerContext): Promise<HandlerResult> {
  const release = byId(ctx)
  const body = ctx.body as Record<string, unknown>
  const publishing = body.draft === false && release.draft
  if (typeof body.tag_name === 'string' && body.tag_name !== release.tagName) {
    const renamed = { ...release, tagName: body.tag_name }
    if (!release.draft) {
      refuseSecondPublished(ctx, renamed)
      await ensureTag(ctx, renamed)
    }
    release.tagName = body.tag_name
  }
  if (typeof body.target_commitish === 'string') release.targetCommitish = body.target_commitish
  if (publishing) await publish(ctx, release)
  if (body.draft === true && !release.draft) {
    release.draft = true
    release.publishedAt = null
  }
  if (typeof body.body === 'string') release.body = body.body
  if (typeof body.name === 'string') release.name = body.name
  if (typeof body.prerelease === 'boolean') release.prerelease = body.prerelease
  const makeLatest = typeof body.make_latest === 'string' ? body.make_latest : publishing ? 'true' : null
  if (makeLatest !== null) ctx.repo.markLatest(release, makeLatest)
  else ctx.repo.noteLatest()
  return { status: 200, body: releaseJson(ctx, release) }
}

/** Deletes the release; its tag stays, as on GitHub. */
export async function deleteRelease(ctx: HandlerContext): Promise<HandlerResult> {
  ctx.repo.deleteRelease(byId(ctx))
  return { status: 204 }
}

/** GitHub's generated notes, simplified: the commit subjects between the previous tag and the target. */
export async function generateReleaseNotes(ctx: HandlerContext): Promise<HandlerResult> {
  const body = ctx.body as { tag_name: string; target_commitish?: string; previous_tag_name?: string }
  const head = await ctx.repo.git.resolveCommit(body.target_commitish ?? body.tag_name)
  if (!head) throw new HttpError(404, 'Not Found')
  const previous = body.previous_tag_name
    ? await ctx.repo.git.resolveCommit(`refs/tags/${body.previous_tag_name}`)
    : null
  if (body.previous_tag_name && !previous) throw new HttpError(404, 'Not Found')
  const commits = previous ? await ctx.repo.git.range(previous, head) : await ctx.repo.git.log(head, 0, 1000)
  const { html } = links(ctx)
  const lines = commits.map(
    commit => `* ${commit.message.split('\n')[0]} by @${commit.author.name.replace(/\s+/g, '')}`
  )
  const changelog = previous
    ? `\n\n**Full Changelog**: ${html}/compare/${body.previous_tag_name}...${body.tag_name}`
    : ''
  return {
    status: 200,
    body: { name: body.tag_name, body: `## What's Changed\n${lines.join('\n')}${changelog}` }
  }
}
