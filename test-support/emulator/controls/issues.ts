import { HttpError, type HandlerResult } from '../http.js'
import {
  findConversation,
  labelConversation,
  lockConversation,
  openIssue,
  setIssueState,
  unlockConversation
} from '../issues.js'
import type { IssueRecord, LockReason, RepoState } from '../repo-state.js'
import type { ControlBody } from './input.js'

const LOCK_REASONS = ['off-topic', 'too heated', 'resolved', 'spam'] as const
const PERMISSIONS = ['read', 'write'] as const

const view = (repo: RepoState, issue: IssueRecord) => ({
  ...issue,
  locked: repo.locked.has(issue.number),
  comments: repo.comments.filter(comment => comment.number === issue.number)
})

function findIssue(repo: RepoState, number: string): IssueRecord {
  if (!/^[1-9]\d*$/.test(number)) throw new HttpError(404, `'${number}' is not an issue number`)
  const conversation = findConversation(repo, Number(number))
  if (conversation.kind !== 'issue')
    throw new HttpError(422, `#${number} is a pull request: use …/pulls/${number} for it`)
  return conversation.issue
}

/**
 * Issue controls, under /_emulator/repos/{owner}/{repo}/issues: `rest` is what follows, e.g. ['3', 'lock']. Lock
 * and comments take any number, an issue's or a pull request's, as their conversations are the same on GitHub.
 */
export function issueControl(
  repo: RepoState,
  method: string,
  rest: string[],
  body: ControlBody
): HandlerResult {
  const [number, what] = rest
  if (number === undefined) {
    if (method === 'GET') return { status: 200, body: repo.issues.map(issue => view(repo, issue)) }
    if (method !== 'POST') throw new HttpError(405, `${method} …/issues: use GET to list or POST to open one`)
    body.only('title', 'body', 'labels', 'user')
    const issue = openIssue(repo, {
      title: body.string('title'),
      body: body.optionalString('body'),
      labels: body.strings('labels'),
      user: body.optionalString('user')
    })
    return { status: 201, body: view(repo, issue) }
  }
  const route = `${method} ${what ?? ''}`
  switch (route) {
    case 'GET ':
      return { status: 200, body: view(repo, findIssue(repo, number)) }
    case 'PATCH ': {
      body.only('state', 'stateReason', 'title', 'body')
      const issue = findIssue(repo, number)
      const state = body.optionalOneOf('state', ['open', 'closed'] as const)
      if (state)
        setIssueState(
          repo,
          issue,
          state,
          body.optionalOneOf('stateReason', ['completed', 'not_planned'] as const)
        )
      issue.title = body.optionalString('title') ?? issue.title
      if (body.raw.body !== undefined) issue.body = body.optionalString('body') ?? null
      return { status: 200, body: view(repo, issue) }
    }
    case 'POST labels': {
      body.only('labels')
      const labels = body.strings('labels')
      if (!labels || labels.length === 0) throw body.wrong("'labels' is required: a list of label names")
      const issue = findIssue(repo, number)
      labelConversation(repo, { kind: 'issue', issue }, labels)
      return { status: 200, body: view(repo, issue) }
    }
    case 'PUT lock': {
      body.only('reason')
      const reason: LockReason = body.optionalOneOf('reason', LOCK_REASONS) ?? null
      lockConversation(repo, Number(number), reason)
      return { status: 200, body: { number: Number(number), locked: true, reason } }
    }
    case 'DELETE lock':
      unlockConversation(repo, Number(number))
      return { status: 204 }
    case 'POST comments': {
      body.only('body', 'user')
      findConversation(repo, Number(number))
      const now = repo.clock.iso()
      const comment = {
        id: repo.id(),
        number: Number(number),
        body: body.string('body'),
        user: body.optionalString('user') ?? 'octocat',
        createdAt: now,
        updatedAt: now
      }
      repo.comments.push(comment)
      return { status: 201, body: comment }
    }
    case 'GET comments':
      findConversation(repo, Number(number))
      return { status: 200, body: repo.comments.filter(comment => comment.number === Number(number)) }
    default:
      throw new HttpError(
        404,
        `No issue control at ${method} …/issues/${rest.join('/')}: GET or PATCH …/issues/{n}, POST …/issues/{n}/labels, ` +
          'PUT or DELETE …/issues/{n}/lock, GET or POST …/issues/{n}/comments'
      )
  }
}

/** Who the API caller is and what its token may write: a fork's pull_request run has a read-only token. */
export function tokenControl(repo: RepoState, method: string, body: ControlBody): HandlerResult {
  if (method === 'PUT') {
    body.only('caller', 'issues', 'pullRequests')
    repo.caller = body.optionalString('caller') ?? repo.caller
    repo.permissions = {
      issues: body.optionalOneOf('issues', PERMISSIONS) ?? repo.permissions.issues,
      pullRequests: body.optionalOneOf('pullRequests', PERMISSIONS) ?? repo.permissions.pullRequests
    }
  } else if (method !== 'GET') {
    throw new HttpError(405, `${method} is not a token control: GET or PUT …/token`)
  }
  return { status: 200, body: { caller: repo.caller, permissions: repo.permissions } }
}
