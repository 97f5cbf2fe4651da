import type { Config } from './config.js'
import type { RunContext } from './context.js'
import type { AnalysedCommit, ReleaseType } from './domain/commits.js'
import type { RepoClient } from './github/client.js'
import type { CheckResult } from './github/checks.js'
import type { Repository } from './github/repository.js'
import type { Workflow } from './github/workflows.js'
import type { Log } from './log.js'
import type { QualityVerdict } from './quality/types.js'

/** Time, passed in so that waiting is explicit. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
}

/** The commit this run would release, and the branch it is released from. */
export interface Target {
  sha: string
  branch: string
}

export interface ChecksVerdict {
  state: 'success' | 'pending' | 'failure' | 'not-required'
  checks: CheckResult[]
}

/** The version decision and everything it was made from. */
export interface VersionPlan {
  version: string
  tag: string
  previousVersion: string | null
  previousTag: string | null
  /** Why this version: 'minor bump from the commits', 'version 2.0.0 was asked for', ... */
  reason: string
  /** Commits since the previous release, oldest first, with what each asks for. */
  commits: AnalysedCommit[]
  /** Files changed since the previous release, as GitHub lists them (at most 300). */
  changedFiles: string[]
  /** The commit already carries this release tag: an earlier run tagged it. */
  alreadyTagged: boolean
  /** The commit the tag points at: the released commit, or the version commit made on top of it. */
  releaseSha: string
  compareUrl: string | null
}

export interface ReleaseRecord {
  id: number | null
  url: string | null
  draft: boolean
  notes: string
}

/** The merged pull request a release label asked to release. */
export interface LabelledPullRequest {
  number: number
  title: string
  mergeCommitSha: string
  baseRef: string
  /** Who added the label or merged the pull request. */
  actor: string
  /** A bump label (release:major, …) on the pull request, which overrides the automatic bump. */
  bump: ReleaseType | null
}

/** What the deploy will do, settled before anything is written. */
export type DeployPlan = { kind: 'none' } | { kind: 'workflow'; workflow: Workflow } | { kind: 'command' }

export interface DeployRecord {
  kind: 'workflow' | 'command'
  runId: number | null
  runUrl: string | null
  /** success, failure, cancelled, timed_out…, 'timeout' when this action stopped waiting, '' when not waited for. */
  conclusion: string
  durationMs: number
  /** Status changes of the run, with the time since the dispatch. */
  timeline: Array<{ status: string; atMs: number }>
}

/** The one context every step reads and adds to. */
export interface RunState {
  readonly config: Config
  readonly context: RunContext
  readonly gh: RepoClient
  /** The `repository` input names another repository than the workflow's: nothing in the event is about it. */
  readonly otherRepository: boolean
  readonly log: Log
  readonly clock: Clock
  repository?: Repository
  pullRequest?: LabelledPullRequest
  target?: Target
  checks?: ChecksVerdict
  version?: VersionPlan
  quality?: QualityVerdict
  deployPlan?: DeployPlan
  deploy?: DeployRecord
  release?: ReleaseRecord
}
