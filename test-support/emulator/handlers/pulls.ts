import { HttpError, links, type HandlerContext, type HandlerResult } from '../http.js'
import { pullJson } from '../payloads.js'
import { pullDiffRange } from '../pull-requests.js'
import { paginate } from './paging.js'

/** GitHub lists at most this many files of a pull request ("Responses include a maximum of 3000 files"). */
const MAX_PULL_FILES = 3000
const NO_BLOB = /^0+$/

export async function getPull(ctx: HandlerContext): Promise<HandlerResult> {
  const pull = ctx.repo.pulls.find(candidate => candidate.number === Number(ctx.params.pull_number))
  if (!pull) throw new HttpError(404, 'Not Found')
  return { status: 200, body: pullJson(ctx, pull) }
}

export async function getCollaboratorPermission(ctx: HandlerContext): Promise<HandlerResult> {
  const username = ctx.params.username!
  const role = ctx.repo.roles.get(username) ?? 'none'
  const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role
  const example = ctx.host.api.example<{ user: Record<string, unknown> }>(
    'repository-collaborator-permission-response-if-user-has-admin-permissions'
  )
  return {
    status: 200,
    body: {
      permission,
      role_name: role,
      user: {
        ...example.user,
        login: username,
        permissions: {
          admin: role === 'admin',
          maintain: role === 'maintain' || role === 'admin',
          push: ['admin', 'maintain', 'write'].includes(role),
          triage: role !== 'read' && role !== 'none',
          pull: role !== 'none'
        },
        role_name: role
      }
    }
  }
}

/**
 * GET /repos/{owner}/{repo}/pulls/{pull_number}/files: the files of the pull request's diff (from where its head left
 * the base to its head; see pullDiffRange), in git's path order, paged (30 by default, at most 100 a page) and cut at
 * 3000 files as GitHub documents. Each entry is filled as the compare handler fills its files (line counts 0, no
 * patch, renames not detected) plus what the schema requires: the blob it ends as (the removed blob for a removed
 * file) and its URLs at the head commit (at the base for a removed file, which the head no longer has).
 */
export async function listPullFiles(ctx: HandlerContext): Promise<HandlerResult> {
  const pull = ctx.repo.pulls.find(candidate => candidate.number === Number(ctx.params.pull_number))
  if (!pull) throw new HttpError(404, 'Not Found')
  const { base, head } = await pullDiffRange(ctx.repo, pull)
  const entries = (await ctx.repo.git.diffEntries(base, head)).slice(0, MAX_PULL_FILES)
  const page = paginate(ctx, `/repos/${ctx.repo.fullName}/pulls/${pull.number}/files`, entries)
  const { html, api } = links(ctx)
  return {
    status: 200,
    headers: page.headers,
    body: page.items.map(entry => {
      const removed = entry.status === 'D'
      const at = removed ? base : head
      const path = entry.filename.split('/').map(encodeURIComponent).join('/')
      const sha = removed ? entry.oldSha : entry.newSha
      return {
        sha: NO_BLOB.test(sha) ? null : sha,
        filename: entry.filename,
        status: { A: 'added', D: 'removed', M: 'modified' }[entry.status[0] ?? 'M'] ?? 'changed',
        additions: 0,
        deletions: 0,
        changes: 0,
        blob_url: `${html}/blob/${at}/${path}`,
        raw_url: `${html}/raw/${at}/${path}`,
        contents_url: `${api}/contents/${path}?ref=${at}`
      }
    })
  }
}
