import { HttpError, links, type HandlerContext, type HandlerResult } from '../http.js'

const notFound = () => new HttpError(404, 'Not Found')

function refJson(ctx: HandlerContext, ref: string, sha: string, type: string) {
  const { api } = links(ctx)
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
  const { api } = links(ctx)
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

/** The ref as git has it: the object it names, and the commit that peels to. */
async function currentRef(ctx: HandlerContext, ref: string) {
  return (await ctx.repo.git.refs(ref)).find(found => found.ref === ref) ?? null
}

/**
 * Moves a branch or a tag: fast-forward only unless forced (moving a major tag such as v1 needs force), never a
 * protected branch, as GitHub answers.
 */
export async function updateRef(ctx: HandlerContext): Promise<HandlerResult> {
  const ref = `refs/${ctx.params.ref}`
  const body = ctx.body as { sha: string; force?: boolean }
  const git = ctx.repo.git
  const current = await currentRef(ctx, ref)
  if (!current) throw new HttpError(422, 'Reference does not exist')
  if (ctx.repo.protectedBranches.has(ref.replace(/^refs\/heads\//, '')))
    throw new HttpError(422, `Protected branch update failed for ${ref}.`)
  const type = await git.objectType(body.sha)
  if (type !== 'commit' && type !== 'tag') throw new HttpError(422, 'Object does not exist')
  const isFastForward = (await git.mergeBase(current.commit, body.sha)) === current.commit
  if (!isFastForward && body.force !== true) throw new HttpError(422, 'Update is not a fast forward')
  if (!(await git.updateRef(ref, body.sha, current.sha)))
    throw new HttpError(422, 'Update is not a fast forward')
  return { status: 200, body: refJson(ctx, ref, body.sha, type) }
}

/** Deletes a branch or a tag, never the default or a protected branch; releases naming a tag are left alone. */
export async function deleteRef(ctx: HandlerContext): Promise<HandlerResult> {
  const ref = `refs/${ctx.params.ref}`
  const current = await currentRef(ctx, ref)
  if (!current) throw new HttpError(422, 'Reference does not exist')
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null
  if (branch !== null && branch === ctx.repo.defaultBranch)
    throw new HttpError(422, 'Cannot delete the default branch')
  if (branch !== null && ctx.repo.protectedBranches.has(branch))
    throw new HttpError(422, `Cannot delete protected branch ${branch}`)
  if (!(await ctx.repo.git.deleteRef(ref, current.sha))) throw new HttpError(422, 'Reference does not exist')
  return { status: 204 }
}
