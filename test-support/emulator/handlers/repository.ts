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

export async function listCommits(ctx: HandlerContext): Promise<HandlerResult> {
  const head = await commitOf(ctx, ctx.query.get('sha') ?? ctx.repo.defaultBranch)
  const { page, perPage } = pageParams(ctx.query)
  const history = await ctx.repo.git.history(head)
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
