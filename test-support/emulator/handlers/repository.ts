import { HttpError, links, type HandlerContext, type HandlerResult } from '../http.js'
import { commitJson, repositoryJson } from '../payloads.js'
import { linkHeader, pageParams, paginate } from './paging.js'

const notFound = () => new HttpError(404, 'Not Found')

async function commitOf(ctx: HandlerContext, name: string): Promise<string> {
  const sha = await ctx.repo.git.resolveCommit(name)
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${name}`)
  return sha
}

export async function getRepository(ctx: HandlerContext): Promise<HandlerResult> {
  return { status: 200, body: repositoryJson(ctx) }
}

export async function getContent(ctx: HandlerContext): Promise<HandlerResult> {
  const ref = ctx.query.get('ref') ?? ctx.repo.defaultBranch
  const sha = await ctx.repo.git.resolveCommit(ref)
  if (!sha) throw notFound()
  const path = ctx.params.path!
  const file = await ctx.repo.git.readFile(sha, path)
  if (!file) throw notFound()
  const { html, api } = links(ctx)
  const url = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`
  return {
    status: 200,
    body: {
      type: 'file',
      encoding: 'base64',
      size: file.content.length,
      name: path.split('/').pop(),
      path,
      content: file.content.toString('base64').replace(/(.{60})/g, '$1\n'),
      sha: file.sha,
      url,
      git_url: `${api}/git/blobs/${file.sha}`,
      html_url: `${html}/blob/${ref}/${path}`,
      download_url: `${ctx.host.url}/raw/${ctx.repo.fullName}/${ref}/${path}`,
      _links: { self: url, git: `${api}/git/blobs/${file.sha}`, html: `${html}/blob/${ref}/${path}` }
    }
  }
}

export async function listTags(ctx: HandlerContext): Promise<HandlerResult> {
  const tags = (await ctx.repo.git.refs('refs/tags')).sort((a, b) => b.ref.localeCompare(a.ref))
  const { api } = links(ctx)
  const page = paginate(ctx, `/repos/${ctx.repo.fullName}/tags`, tags)
  return {
    status: 200,
    headers: page.headers,
    body: page.items.map(tag => {
      const name = tag.ref.slice('refs/tags/'.length)
      return {
        name,
        commit: { sha: tag.commit, url: `${api}/commits/${tag.commit}` },
        zipball_url: `${api}/zipball/refs/tags/${name}`,
        tarball_url: `${api}/tarball/refs/tags/${name}`,
        node_id: Buffer.from(`tag:${name}`).toString('base64')
      }
    })
  }
}

export async function compareCommits(ctx: HandlerContext): Promise<HandlerResult> {
  const [baseName, headName] = ctx.params.basehead!.split('...')
  if (!baseName || !headName) throw notFound()
  const git = ctx.repo.git
  const [base, head] = await Promise.all([git.resolveCommit(baseName), git.resolveCommit(headName)])
  if (!base || !head) throw notFound()
  const { page, perPage } = pageParams(ctx.query, 250)
  // Everything below depends on the two commit ids alone, so git answers once per range, not once per page.
  const [commits, behindBy, mergeBase, baseCommit, changed] = await Promise.all([
    git.range(base, head),
    git.count(head, base),
    git.mergeBase(base, head),
    git.commit(base),
    page === 1 ? git.changedFiles(base, head) : []
  ])
  const aheadBy = commits.length
  const status =
    aheadBy === 0 && behindBy === 0
      ? 'identical'
      : behindBy === 0
        ? 'ahead'
        : aheadBy === 0
          ? 'behind'
          : 'diverged'
  const { html, api } = links(ctx)
  const mergeBaseCommit = (mergeBase ? await git.commit(mergeBase) : null) ?? baseCommit!
  const files = changed.slice(0, 300)
  const example = ctx.host.api.example<Record<string, unknown>>('commit-comparison')
  return {
    status: 200,
    headers: linkHeader(
      ctx,
      `/repos/${ctx.repo.fullName}/compare/${ctx.params.basehead}`,
      page,
      perPage,
      aheadBy
    ),
    body: {
      url: `${api}/compare/${ctx.params.basehead}`,
      html_url: `${html}/compare/${ctx.params.basehead}`,
      permalink_url: `${html}/compare/${base.slice(0, 7)}...${head.slice(0, 7)}`,
      diff_url: `${html}/compare/${ctx.params.basehead}.diff`,
      patch_url: `${html}/compare/${ctx.params.basehead}.patch`,
      base_commit: commitJson(ctx, baseCommit!),
      merge_base_commit: commitJson(ctx, mergeBaseCommit),
      status,
      ahead_by: aheadBy,
      behind_by: behindBy,
      total_commits: aheadBy,
      commits: commits.slice((page - 1) * perPage, page * perPage).map(commit => commitJson(ctx, commit)),
      files: files.map(file => ({
        ...(example.files as Record<string, unknown>[])[0],
        sha: null,
        filename: file.filename,
        status: { A: 'added', D: 'removed', M: 'modified' }[file.status[0] ?? 'M'] ?? 'changed',
        additions: 0,
        deletions: 0,
        changes: 0
      }))
    }
  }
}

/**
 * The `path` of a commits listing as a path in the repository: '' for the whole of it, null for one that cannot name
 * anything in it. Assumed, as GitHub does not document it: "", "/" and "." mean the repository itself (no filter,
 * not git's `-- .`, which would also drop empty commits), and slashes at either end and "." segments are dropped
 * ("/packages/a/" is "packages/a"). git refuses a ".." segment in a tree, so a path with one touches nothing.
 */
function repositoryPath(raw: string | null): string | null {
  const segments = (raw ?? '').split('/').filter(segment => segment !== '' && segment !== '.')
  return segments.includes('..') ? null : segments.join('/')
}

/** A `since`/`until` query parameter as Unix seconds (the commit dates it is compared with are whole seconds). */
function timeParam(ctx: HandlerContext, name: 'since' | 'until'): number | undefined {
  const raw = ctx.query.get(name)
  if (raw === null) return undefined
  // GitHub's description types both as date-time, so the request check has already refused anything else with 422.
  // This catches what that format allows and Date cannot read (a leap second), in the words GitHub answers a bad
  // `since` on its issue listings with (422; seen in public reports, not checked for this endpoint).
  const ms = Date.parse(raw)
  if (Number.isNaN(ms))
    throw new HttpError(422, `The ${name} parameter needs to be in ISO 8601 format: YYYY-MM-DDTHH:MM:SSZ`)
  // Inclusive at both ends, to the second: since 12:00:00.5 starts with 12:00:01, until 12:00:00.5 ends with 12:00:00.
  // No commit is dated before 1970 (git reads a negative time as no time at all), so earlier times are 1970's.
  return Math.max(0, name === 'since' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000))
}

/**
 * GET /repos/{owner}/{repo}/commits: `sha`'s history newest first (git log's order), paged like every list. `path`
 * keeps the commits that touch that file or directory (git log <sha> -- <path>; a path nothing touched gives []);
 * `since` and `until` keep those committed within that time, both ends inclusive, by committer date, as a filter
 * (see GitRepo.filteredHistory). `author` and `committer` are not emulated.
 */
export async function listCommits(ctx: HandlerContext): Promise<HandlerResult> {
  const head = await commitOf(ctx, ctx.query.get('sha') ?? ctx.repo.defaultBranch)
  const { page, perPage } = pageParams(ctx.query)
  const since = timeParam(ctx, 'since')
  const until = timeParam(ctx, 'until')
  const path = repositoryPath(ctx.query.get('path'))
  const history = path === null ? [] : await ctx.repo.git.filteredHistory(head, { path, since, until })
  return {
    status: 200,
    headers: linkHeader(ctx, `/repos/${ctx.repo.fullName}/commits`, page, perPage, history.length),
    body: history.slice((page - 1) * perPage, page * perPage).map(commit => commitJson(ctx, commit))
  }
}

/** One commit with the files it changed against its first parent (GitHub lists up to 300 per page). */
export async function getCommitWithFiles(ctx: HandlerContext): Promise<HandlerResult> {
  const sha = await ctx.repo.git.resolveCommit(ctx.params.ref!)
  const commit = sha ? await ctx.repo.git.commit(sha) : null
  if (!commit) throw new HttpError(422, `No commit found for SHA: ${ctx.params.ref}`)
  const { page, perPage } = pageParams(ctx.query, 300)
  const files = await ctx.repo.git.commitFiles(commit.sha)
  const { html, api } = links(ctx)
  const shown = files.slice((page - 1) * perPage, page * perPage)
  return {
    status: 200,
    headers: linkHeader(
      ctx,
      `/repos/${ctx.repo.fullName}/commits/${ctx.params.ref}`,
      page,
      perPage,
      files.length
    ),
    body: {
      ...commitJson(ctx, commit),
      stats: { additions: 0, deletions: 0, total: 0 },
      files: shown.map(file => ({
        sha: null,
        filename: file.filename,
        status: { A: 'added', D: 'removed', M: 'modified' }[file.status[0] ?? 'M'] ?? 'changed',
        additions: 0,
        deletions: 0,
        changes: 0,
        blob_url: `${html}/blob/${commit.sha}/${file.filename}`,
        raw_url: `${html}/raw/${commit.sha}/${file.filename}`,
        contents_url: `${api}/contents/${file.filename}?ref=${commit.sha}`
      }))
    }
  }
}
