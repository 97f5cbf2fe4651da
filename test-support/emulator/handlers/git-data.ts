import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readBlob, readTree } from '../git-trees.js'
import { HttpError, links, type HandlerContext, type HandlerResult } from '../http.js'

const IDENTITY = [
  '-c',
  'user.name=github-actions[bot]',
  '-c',
  'user.email=41898282+github-actions[bot]@users.noreply.github.com'
]

export async function getCommit(ctx: HandlerContext): Promise<HandlerResult> {
  const commit = await ctx.repo.git.commit(ctx.params.commit_sha!)
  if (!commit || commit.sha !== ctx.params.commit_sha) throw new HttpError(404, 'Not Found')
  return { status: 200, body: await gitCommitJson(ctx, commit.sha) }
}

async function gitCommitJson(ctx: HandlerContext, sha: string) {
  const commit = (await ctx.repo.git.commit(sha))!
  const { html, api } = links(ctx)
  return {
    sha,
    node_id: `C_${sha}`,
    url: `${api}/git/commits/${sha}`,
    html_url: `${html}/commit/${sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    parents: commit.parents.map(parent => ({
      sha: parent,
      url: `${api}/git/commits/${parent}`,
      html_url: `${html}/commit/${parent}`
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
  }
}

export async function createBlob(ctx: HandlerContext): Promise<HandlerResult> {
  const body = ctx.body as { content: string; encoding?: string }
  const content =
    body.encoding === 'base64' ? Buffer.from(body.content, 'base64') : Buffer.from(body.content, 'utf8')
  const sha = (await ctx.repo.git.git(['hash-object', '-w', '--stdin'], content)).trim()
  return { status: 201, body: { url: `${links(ctx).api}/git/blobs/${sha}`, sha } }
}

/** A tree from base_tree plus entries, through a scratch index: real git objects. */
export async function createTree(ctx: HandlerContext): Promise<HandlerResult> {
  const body = ctx.body as {
    base_tree?: string
    tree: Array<{ path: string; mode: string; type: string; sha?: string | null; content?: string }>
  }
  const index = join(
    tmpdir(),
    `emulator-index-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`
  )
  try {
    if (body.base_tree) await withIndex(index, ctx, ['read-tree', body.base_tree])
    for (const entry of body.tree) {
      let sha = entry.sha ?? null
      if (entry.content !== undefined)
        sha = (await ctx.repo.git.git(['hash-object', '-w', '--stdin'], entry.content)).trim()
      if (sha === null) {
        await withIndex(index, ctx, ['update-index', '--force-remove', entry.path])
        continue
      }
      if ((await ctx.repo.git.objectType(sha)) === null)
        throw new HttpError(422, `Invalid tree info: ${entry.path}`)
      await withIndex(index, ctx, [
        'update-index',
        '--add',
        '--cacheinfo',
        `${entry.mode},${sha},${entry.path}`
      ])
    }
    const tree = (await withIndex(index, ctx, ['write-tree'])).trim()
    const { api } = links(ctx)
    const entries = (await ctx.repo.git.git(['ls-tree', '-r', '-l', tree]))
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [meta, path] = line.split('\t')
        const [mode, type, sha, size] = meta!.split(/\s+/)
        return { path, mode, type, sha, size: Number(size), url: `${api}/git/blobs/${sha}` }
      })
    return {
      status: 201,
      body: { sha: tree, url: `${api}/git/trees/${tree}`, truncated: false, tree: entries }
    }
  } finally {
    rmSync(index, { force: true })
  }
}

function withIndex(index: string, ctx: HandlerContext, args: string[]): Promise<string> {
  return ctx.repo.git.gitEnv(args, { GIT_INDEX_FILE: index })
}

export async function createCommit(ctx: HandlerContext): Promise<HandlerResult> {
  const body = ctx.body as { message: string; tree: string; parents?: string[] }
  if ((await ctx.repo.git.objectType(body.tree)) !== 'tree')
    throw new HttpError(422, 'Tree SHA does not exist')
  const parents = (body.parents ?? []).flatMap(parent => ['-p', parent])
  const sha = (
    await ctx.repo.git.git([...IDENTITY, 'commit-tree', body.tree, ...parents, '-F', '-'], body.message)
  ).trim()
  return { status: 201, body: await gitCommitJson(ctx, sha) }
}

/** A tree by its id or by a ref or commit naming it, as GitHub accepts; `recursive` lists the whole tree. */
export async function getTree(ctx: HandlerContext): Promise<HandlerResult> {
  const tree = await readTree(ctx.repo.git, ctx.params.tree_sha!, ctx.query.has('recursive'))
  if (!tree) throw new HttpError(404, 'Not Found')
  const { api } = links(ctx)
  return {
    status: 200,
    body: {
      sha: tree.sha,
      url: `${api}/git/trees/${tree.sha}`,
      tree: tree.entries.map(entry => ({
        path: entry.path,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha,
        ...(entry.size === null ? {} : { size: entry.size }),
        url: `${api}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`
      })),
      truncated: false
    }
  }
}

export async function getBlob(ctx: HandlerContext): Promise<HandlerResult> {
  const sha = ctx.params.file_sha!
  const content = await readBlob(ctx.repo.git, sha)
  if (!content) throw new HttpError(404, 'Not Found')
  return {
    status: 200,
    body: {
      sha,
      node_id: Buffer.from(`Blob:${sha}`).toString('base64'),
      url: `${links(ctx).api}/git/blobs/${sha}`,
      size: content.length,
      content: content.toString('base64').replace(/(.{60})/g, '$1\n'),
      encoding: 'base64'
    }
  }
}
