/** What the emulator keeps about one repository beyond git, in its own shapes (payloads.ts makes GitHub's). */

export interface CheckRunRecord {
  id: number
  name: string
  headSha: string
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: string | null
  checkSuiteId: number
  startedAt: string
  completedAt: string | null
}

export interface StatusRecord {
  id: number
  sha: string
  context: string
  state: 'error' | 'failure' | 'pending' | 'success'
  targetUrl: string | null
  description: string | null
  createdAt: string
}

export interface ReleaseRecord {
  id: number
  /** A draft's tag need not exist, and several drafts may name the same one. */
  tagName: string
  targetCommitish: string
  name: string | null
  body: string | null
  draft: boolean
  prerelease: boolean
  /** The make_latest last asked for: 'true', 'false' or 'legacy'. */
  makeLatest: string
  createdAt: string
  publishedAt: string | null
}

/** How a dispatched run behaves: when it starts, how it ends, or that it never ends or never shows up. */
export interface RunScript {
  conclusion: 'success' | 'failure' | 'cancelled' | 'timed_out'
  /** Time queued, then in progress until completion. */
  queuedMs: number
  durationMs: number
  /** Stays in progress forever. */
  never?: boolean
  /** Never appears in the API at all. */
  hidden?: boolean
}

export interface WorkflowRunRecord {
  id: number
  workflowId: number
  name: string
  path: string
  checkSuiteId: number
  headSha: string
  headBranch: string | null
  event: string
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending'
  conclusion: string | null
  createdAt: string
  updatedAt: string
  inputs: Record<string, unknown>
  /** Scripted progress (dispatched runs); status moves on as time passes. */
  script?: RunScript
  startedMs?: number
  hidden?: boolean
}

/** How the dispatch endpoint answers: with run details (GitHub since 2026-02-19), 204, or as a server that rejects the field. */
export type DispatchMode = 'details' | 'no-content' | 'rejects-run-details'

export interface PullRecord {
  number: number
  title: string
  state: 'open' | 'closed'
  merged: boolean
  mergeCommitSha: string | null
  baseRef: string
  headRef: string
  headSha: string
  /** When it was opened (the emulator's clock). */
  createdAt?: string
  /** The base branch's tip when the pull request was opened or last synchronised (events carry it as base.sha). */
  baseSha?: string
  /** owner/name of the head repository: a fork's, for pull requests from forks. */
  headRepo: string
  labels: string[]
  user: string
  mergedBy: string | null
}

export interface WorkflowFile {
  id: number
  path: string
  name: string
  state: 'active' | 'disabled_manually'
}

/** An issue; it shares its number space with pull requests, as on GitHub. */
export interface IssueRecord {
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  stateReason: 'completed' | 'not_planned' | 'reopened' | null
  labels: string[]
  user: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
}

/** A comment on an issue or a pull request's conversation (GitHub's issue comments serve both). */
export interface CommentRecord {
  id: number
  /** The issue or pull request it is on. */
  number: number
  body: string
  user: string
  createdAt: string
  updatedAt: string
}

/** Why a conversation is locked: GitHub's lock reasons, or null when locked without one. */
export type LockReason = 'off-topic' | 'too heated' | 'resolved' | 'spam' | null

/** What a run's GITHUB_TOKEN may write (a fork's pull_request run gets read only). */
export interface TokenPermissions {
  issues: 'read' | 'write'
  pullRequests: 'read' | 'write'
}
