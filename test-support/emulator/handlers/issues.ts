import { HttpError, type HandlerContext, type HandlerResult } from '../http.js'
import { commentJson, issueJson, labelsJson } from '../issue-payloads.js'
import {
  addComment,
  editComment,
  findComment,
  findConversation,
  labelConversation,
  pullsForCommit,
  removeComment,
  type Conversation
} from '../issues.js'
import { pullJson } from '../payloads.js'
import { paginate } from './paging.js'

function numberOf(ctx: HandlerContext): number {
  return Number(ctx.params.issue_number)
}

/**
 * Issues and pull requests together, newest first by default, as GitHub lists them: state (default open), labels
 * (every one named must be present), sort (created, updated, comments), direction, since, in pages.
 */
export async function listIssues(ctx: HandlerContext): Promise<HandlerResult> {
  const { repo, query } = ctx
  const state = query.get('state') ?? 'open'
  const wanted = (query.get('labels') ?? '')
    .split(',')
    .map(label => label.trim())
    .filter(Boolean)
  const since = query.get('since')
  const all: Conversation[] = [
    ...repo.issues.map(issue => ({ kind: 'issue' as const, issue })),
    ...repo.pulls.map(pull => ({ kind: 'pull' as const, pull }))
  ]
  const json = all.map(conversation => issueJson(ctx, conversation))
  const sort = query.get('sort') ?? 'created'
  const direction = query.get('direction') ?? 'desc'
  const key = (item: Record<string, unknown>) =>
    sort === 'comments'
      ? Number(item.comments)
      : String(sort === 'updated' ? item.updated_at : item.created_at)
  const chosen = json
    .filter(item => state === 'all' || item.state === state)
    .filter(item =>
      wanted.every(label => (item.labels as Array<{ name: string }>).some(l => l.name === label))
    )
    .filter(item => since === null || String(item.updated_at) >= since)
    // Ties (the same second) fall back to the number, newest first, so the order is stable.
    .sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      const order = ka < kb ? -1 : ka > kb ? 1 : a.number - b.number
      return direction === 'asc' ? order : -order
    })
  const page = paginate(ctx, `/repos/${repo.fullName}/issues`, chosen)
  return { status: 200, headers: page.headers, body: page.items }
}

export async function getIssue(ctx: HandlerContext): Promise<HandlerResult> {
  return { status: 200, body: issueJson(ctx, findConversation(ctx.repo, numberOf(ctx))) }
}

/** Comments on an issue or pull request, oldest first, in pages. */
export async function listComments(ctx: HandlerContext): Promise<HandlerResult> {
  const number = numberOf(ctx)
  findConversation(ctx.repo, number)
  const since = ctx.query.get('since')
  const comments = ctx.repo.comments.filter(
    comment => comment.number === number && (since === null || comment.updatedAt >= since)
  )
  const page = paginate(ctx, `/repos/${ctx.repo.fullName}/issues/${number}/comments`, comments)
  return { status: 200, headers: page.headers, body: page.items.map(comment => commentJson(ctx, comment)) }
}

export async function createComment(ctx: HandlerContext): Promise<HandlerResult> {
  const { body } = ctx.body as { body: string }
  const comment = commentJson(ctx, addComment(ctx.repo, numberOf(ctx), body))
  return { status: 201, headers: { location: comment.url }, body: comment }
}

export async function getComment(ctx: HandlerContext): Promise<HandlerResult> {
  return { status: 200, body: commentJson(ctx, findComment(ctx.repo, Number(ctx.params.comment_id))) }
}

export async function updateComment(ctx: HandlerContext): Promise<HandlerResult> {
  const { body } = ctx.body as { body: string }
  const comment = findComment(ctx.repo, Number(ctx.params.comment_id))
  return { status: 200, body: commentJson(ctx, editComment(ctx.repo, comment, body)) }
}

export async function deleteComment(ctx: HandlerContext): Promise<HandlerResult> {
  removeComment(ctx.repo, findComment(ctx.repo, Number(ctx.params.comment_id)))
  return { status: 204 }
}

/** Adds labels to an issue or pull request; the body is {labels: [...]} or a bare list, of names or {name}. */
export async function addLabels(ctx: HandlerContext): Promise<HandlerResult> {
  const raw = ctx.body as { labels?: unknown[] } | unknown[] | undefined
  const list = Array.isArray(raw) ? raw : (raw?.labels ?? [])
  const names = list.map(label =>
    typeof label === 'string' ? label : String((label as { name: string }).name)
  )
  if (names.length === 0) throw new HttpError(422, 'Validation Failed', { errors: [{ field: 'labels' }] })
  const conversation = findConversation(ctx.repo, numberOf(ctx))
  return { status: 200, body: labelsJson(ctx, labelConversation(ctx.repo, conversation, names)) }
}

/** GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls */
export async function listPullsForCommit(ctx: HandlerContext): Promise<HandlerResult> {
  const sha = await ctx.repo.git.resolveCommit(ctx.params.commit_sha!)
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ctx.params.commit_sha}`)
  const pulls = await pullsForCommit(ctx.repo, sha)
  const page = paginate(ctx, `/repos/${ctx.repo.fullName}/commits/${ctx.params.commit_sha}/pulls`, pulls)
  return { status: 200, headers: page.headers, body: page.items.map(pull => pullJson(ctx, pull)) }
}
