import { HttpError } from './http.js'
import type { CommentRecord, IssueRecord, LockReason, PullRecord, RepoState } from './repo-state.js'

/** An issue or a pull request: GitHub's issues API answers for both under one number. */
export type Conversation = { kind: 'issue'; issue: IssueRecord } | { kind: 'pull'; pull: PullRecord }

export interface OpenIssueInput {
  title: string
  body?: string | null
  labels?: string[]
  user?: string
}

const WRITE_ROLES = ['admin', 'maintain', 'write']

/** The issue or pull request with that number, or a 404 (as GitHub answers for a number that is neither). */
export function findConversation(repo: RepoState, number: number): Conversation {
  const pull = repo.pulls.find(candidate => candidate.number === number)
  if (pull) return { kind: 'pull', pull }
  const issue = repo.issues.find(candidate => candidate.number === number)
  if (issue) return { kind: 'issue', issue }
  throw new HttpError(404, 'Not Found')
}

export function conversationLabels(conversation: Conversation): string[] {
  return conversation.kind === 'pull' ? conversation.pull.labels : conversation.issue.labels
}

export function openIssue(repo: RepoState, input: OpenIssueInput): IssueRecord {
  const now = repo.clock.iso()
  const issue: IssueRecord = {
    number: repo.nextNumber(),
    title: input.title,
    body: input.body ?? null,
    state: 'open',
    stateReason: null,
    labels: [...new Set(input.labels ?? [])],
    user: input.user ?? 'octocat',
    createdAt: now,
    updatedAt: now,
    closedAt: null
  }
  repo.issues.push(issue)
  return issue
}

export function setIssueState(
  repo: RepoState,
  issue: IssueRecord,
  state: 'open' | 'closed',
  reason?: 'completed' | 'not_planned'
): IssueRecord {
  const now = repo.clock.iso()
  if (state === 'closed' && issue.state === 'open')
    Object.assign(issue, { state, stateReason: reason ?? 'completed', closedAt: now, updatedAt: now })
  if (state === 'open' && issue.state === 'closed')
    Object.assign(issue, { state, stateReason: 'reopened', closedAt: null, updatedAt: now })
  return issue
}

export function lockConversation(repo: RepoState, number: number, reason: LockReason): void {
  findConversation(repo, number)
  repo.locked.set(number, reason)
}

export function unlockConversation(repo: RepoState, number: number): void {
  findConversation(repo, number)
  if (!repo.locked.delete(number)) throw new HttpError(404, `#${number} is not locked`)
}

/**
 * Refuses a write the caller's token may not make, as GitHub does for a GITHUB_TOKEN: a pull request's
 * conversation needs `pull-requests: write`, an issue's `issues: write`.
 */
export function requireWrite(repo: RepoState, conversation: Conversation): void {
  const scope = conversation.kind === 'pull' ? repo.permissions.pullRequests : repo.permissions.issues
  if (scope !== 'write') throw new HttpError(403, 'Resource not accessible by integration')
}

/**
 * Adds a comment. A locked conversation takes comments only from collaborators with write access; the caller
 * (github-actions[bot] unless set) is not one unless a role is granted to it, so GitHub's 403 is the answer.
 */
export function addComment(repo: RepoState, number: number, body: string): CommentRecord {
  const conversation = findConversation(repo, number)
  requireWrite(repo, conversation)
  if (repo.locked.has(number) && !WRITE_ROLES.includes(repo.roles.get(repo.caller) ?? 'none'))
    throw new HttpError(403, 'Unable to create comment because issue is locked.')
  const now = repo.clock.iso()
  const comment: CommentRecord = {
    id: repo.id(),
    number,
    body,
    user: repo.caller,
    createdAt: now,
    updatedAt: now
  }
  repo.comments.push(comment)
  return comment
}

export function findComment(repo: RepoState, id: number): CommentRecord {
  const comment = repo.comments.find(candidate => candidate.id === id)
  if (!comment) throw new HttpError(404, 'Not Found')
  return comment
}

/** Edits a comment: only its author may (an app's token edits its own comments), and a lock is no exception. */
export function editComment(repo: RepoState, comment: CommentRecord, body: string): CommentRecord {
  requireWrite(repo, findConversation(repo, comment.number))
  if (comment.user !== repo.caller && !WRITE_ROLES.includes(repo.roles.get(repo.caller) ?? 'none'))
    throw new HttpError(403, 'Resource not accessible by integration')
  Object.assign(comment, { body, updatedAt: repo.clock.iso() })
  return comment
}

export function removeComment(repo: RepoState, comment: CommentRecord): void {
  requireWrite(repo, findConversation(repo, comment.number))
  if (comment.user !== repo.caller && !WRITE_ROLES.includes(repo.roles.get(repo.caller) ?? 'none'))
    throw new HttpError(403, 'Resource not accessible by integration')
  repo.comments.splice(repo.comments.indexOf(comment), 1)
}

/** Adds labels to an issue or a pull request (once each) and returns all its labels. */
export function labelConversation(repo: RepoState, conversation: Conversation, labels: string[]): string[] {
  requireWrite(repo, conversation)
  const current = conversationLabels(conversation)
  for (const label of labels) if (!current.includes(label)) current.push(label)
  if (conversation.kind === 'issue') conversation.issue.updatedAt = repo.clock.iso()
  return current
}

const mergedCommits = new WeakMap<PullRecord, string[]>()

/** The commits a pull request brings: from its base (the merge commit's first parent, once merged) to its head. */
export async function pullCommits(repo: RepoState, pull: PullRecord): Promise<string[]> {
  const known = mergedCommits.get(pull)
  if (known) return known
  const base = pull.mergeCommitSha ? `${pull.mergeCommitSha}^1` : `refs/heads/${pull.baseRef}`
  const listing = await repo.git.git(['rev-list', `${base}..${pull.headSha}`]).catch(() => '')
  const commits = listing.split('\n').filter(Boolean)
  // A merged pull request's commits never change again.
  if (pull.merged) mergedCommits.set(pull, commits)
  return commits
}

/**
 * The pull requests GitHub associates with a commit: the one it was merged by (merge or squash commit), and those
 * whose own commits include it; merged ones only for a commit that is on the base already, as GitHub documents.
 */
export async function pullsForCommit(repo: RepoState, sha: string): Promise<PullRecord[]> {
  const found: PullRecord[] = []
  for (const pull of repo.pulls) {
    if (pull.mergeCommitSha === sha || (await pullCommits(repo, pull)).includes(sha)) found.push(pull)
  }
  const merged = found.filter(pull => pull.merged)
  return merged.length > 0 ? merged : found
}
