import { HttpError, type HandlerContext, type HandlerResult } from '../server.js'
import { linkHeader, pageParams, paginate } from './paging.js'

const notFound = () => new HttpError(404, 'Not Found')

async function commitOf(ctx: HandlerContext, name: string): Promise<string> {
  const sha = await ctx.repo.git.resolveCommit(name)
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${name}`)
  return sha
}

export async function getRepository(ctx: HandlerContext): Promise<HandlerResult> {
  return { status: 200, body: ctx.repo.repositoryJson() }
}

export async function getContent(ctx: HandlerContext): Promise<HandlerResult> {
  const ref = ctx.query.get('ref') ?? ctx.repo.defaultBranch
  const sha = await ctx.repo.git.resolveCommit(ref)
  if (!sha) throw notFound()
  const path = ctx.params.path!
  const file = await ctx.repo.git.readFile(sha, path)
  if (!file) throw notFound()
  const { html, api } = ctx.emulator.links(ctx.repo)
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
      download_url: `${ctx.emulator.url}/raw/${ctx.repo.fullName}/${ref}/${path}`,
      _links: { self: url, git: `${api}/git/blobs/${file.sha}`, html: `${html}/blob/${ref}/${path}` }
    }
  }
}

function refJson(ctx: HandlerContext, ref: string, sha: string, type: string) {
  const { api } = ctx.emulator.links(ctx.repo)
  return {
    ref,
    node_id: Buffer.from(`ref:${ref}`).toString('base64'),
    url: `${api}/git/${ref}`,
    object: { type, sha, url: `${api}/git/${type === 'tag' ? 'tags' : 'commits'}/${sha}` }
  }
}

export async function getRef(ctx: HandlerContext): Promise<HandlerResult> {
  const ref = `refs/${ctx.params.ref}`
  const found = (await ctx.repo.git.refs(ref)).find(candidate => candidate.ref === ref)
  if (!found) throw notFound()
  return { status: 200, body: refJson(ctx, found.ref, found.sha, found.type) }
}

export async function getTag(ctx: HandlerContext): Promise<HandlerResult> {
  const sha = ctx.params.tag_sha!
  if ((await ctx.repo.git.objectType(sha)) !== 'tag') throw notFound()
  const raw = await ctx.repo.git.git(['cat-file', 'tag', sha])
  const [header, ...message] = raw.split('\n\n')
  const field = (name: string) => new RegExp(`^${name} (.*)$`, 'm').exec(header ?? '')?.[1] ?? ''
  const tagger = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(field('tagger'))
  const { api } = ctx.emulator.links(ctx.repo)
  return {
    status: 200,
    body: {
      node_id: `T_${sha}`,
      tag: field('tag'),
      sha,
      url: `${api}/git/tags/${sha}`,
      message: message.join('\n\n'),
      tagger: {
        name: tagger?.[1] ?? '',
        email: tagger?.[2] ?? '',
        date: new Date(Number(tagger?.[3] ?? 0) * 1000).toISOString().replace('.000Z', 'Z')
      },
      object: { type: field('type'), sha: field('object'), url: `${api}/git/commits/${field('object')}` },
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
    }
  }
}

export async function createRef(ctx: HandlerContext): Promise<HandlerResult> {
  const { ref, sha } = ctx.body as { ref: string; sha: string }
  if (!/^refs\/(heads|tags)\/./.test(ref) || ref.includes('..'))
    throw new HttpError(422, 'Reference name is invalid')
  const type = await ctx.repo.git.objectType(sha)
  if (type !== 'commit' && type !== 'tag') throw new HttpError(422, 'Object does not exist')
  if (!(await ctx.repo.git.createRef(ref, sha))) throw new HttpError(422, 'Reference already exists')
  return { status: 201, body: refJson(ctx, ref, sha, type) }
}

export async function listTags(ctx: HandlerContext): Promise<HandlerResult> {
  const tags = (await ctx.repo.git.refs('refs/tags')).sort((a, b) => b.ref.localeCompare(a.ref))
  const { api } = ctx.emulator.links(ctx.repo)
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
  const base = await git.resolveCommit(baseName)
  const head = await git.resolveCommit(headName)
  if (!base || !head) throw notFound()
  const [commits, behindBy, mergeBase] = await Promise.all([
    git.range(base, head),
    git.count(`${head}..${base}`),
    git.mergeBase(base, head)
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
  const { page, perPage } = pageParams(ctx.query, 250)
  const { html, api } = ctx.emulator.links(ctx.repo)
  const baseCommit = (await git.commit(base))!
  const mergeBaseCommit = mergeBase ? (await git.commit(mergeBase))! : baseCommit
  const files = page === 1 ? (await git.changedFiles(base, head)).slice(0, 300) : []
  const example = ctx.emulator.api.example<Record<string, unknown>>('commit-comparison')
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
      base_commit: ctx.repo.commitJson(baseCommit),
      merge_base_commit: ctx.repo.commitJson(mergeBaseCommit),
      status,
      ahead_by: aheadBy,
      behind_by: behindBy,
      total_commits: aheadBy,
      commits: commits.slice((page - 1) * perPage, page * perPage).map(commit => ctx.repo.commitJson(commit)),
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
  const [total, commits] = await Promise.all([
    ctx.repo.git.count(head),
    ctx.repo.git.log(head, (page - 1) * perPage, perPage)
  ])
  return {
    status: 200,
    headers: linkHeader(ctx, `/repos/${ctx.repo.fullName}/commits`, page, perPage, total),
    body: commits.map(commit => ctx.repo.commitJson(commit))
  }
}
