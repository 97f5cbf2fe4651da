import type { ReleaseRecord } from '../repo-state.js'
import { HttpError, type HandlerContext, type HandlerResult } from '../server.js'
import { paginate } from './paging.js'

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

function alreadyExists(): HttpError {
  return new HttpError(422, 'Validation Failed', {
    errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]
  })
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

export async function getReleaseByTag(ctx: HandlerContext): Promise<HandlerResult> {
  const release = ctx.repo.releases.find(
    candidate => !candidate.draft && candidate.tagName === ctx.params.tag
  )
  if (!release) throw new HttpError(404, 'Not Found')
  return { status: 200, body: ctx.repo.releaseJson(release) }
}

export async function listReleases(ctx: HandlerContext): Promise<HandlerResult> {
  const newestFirst = [...ctx.repo.releases].reverse()
  const page = paginate(ctx, `/repos/${ctx.repo.fullName}/releases`, newestFirst)
  return {
    status: 200,
    headers: page.headers,
    body: page.items.map(release => ctx.repo.releaseJson(release))
  }
}

export async function createRelease(ctx: HandlerContext): Promise<HandlerResult> {
  const body = ctx.body as Record<string, unknown>
  const tagName = String(body.tag_name)
  const draft = body.draft === true
  const release: ReleaseRecord = {
    id: ctx.repo.id(),
    tagName,
    targetCommitish:
      typeof body.target_commitish === 'string' ? body.target_commitish : ctx.repo.defaultBranch,
    name: typeof body.name === 'string' ? body.name : null,
    body: typeof body.body === 'string' ? body.body : null,
    draft,
    prerelease: body.prerelease === true,
    makeLatest: typeof body.make_latest === 'string' ? body.make_latest : 'true',
    createdAt: now(),
    publishedAt: draft ? null : now()
  }
  if (!draft) await ensureTag(ctx, release)
  // Checked after the last await, so two requests at once cannot both pass it.
  if (!draft && ctx.repo.releases.some(other => !other.draft && other.tagName === tagName))
    throw alreadyExists()
  ctx.repo.releases.push(release)
  return { status: 201, body: ctx.repo.releaseJson(release) }
}

export async function updateRelease(ctx: HandlerContext): Promise<HandlerResult> {
  const release = ctx.repo.releases.find(candidate => candidate.id === Number(ctx.params.release_id))
  if (!release) throw new HttpError(404, 'Not Found')
  const body = ctx.body as Record<string, unknown>
  if (body.draft === false && release.draft) {
    await ensureTag(ctx, release)
    if (
      ctx.repo.releases.some(other => other !== release && !other.draft && other.tagName === release.tagName)
    )
      throw alreadyExists()
    release.draft = false
    release.publishedAt = now()
  }
  if (typeof body.body === 'string') release.body = body.body
  if (typeof body.name === 'string') release.name = body.name
  if (typeof body.make_latest === 'string') release.makeLatest = body.make_latest
  return { status: 200, body: ctx.repo.releaseJson(release) }
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
  const { html } = ctx.emulator.links(ctx.repo)
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
