import type { AnalysedCommit, ReleaseType } from './domain/commits.js'
import type { GuardrailsReport } from './domain/guardrails.js'
import type { CheckResult } from './github/checks.js'
import type { Release } from './github/releases.js'
import type { Repository } from './github/repository.js'
import type { Workflow } from './github/workflows.js'
import type { QualityVerdict } from './quality/types.js'

/**
 * Everything the deciding half of a run settles, complete and immutable, before anything is written: the writing
 * half receives it whole. See DECIDING and WRITING in release-pipeline.ts.
 */
export interface ReleasePlan {
  /** The merged pull request a release label asked to release; null for other triggers. */
  readonly pullRequest: LabelledPullRequest | null
  readonly repository: Repository
  readonly target: Target
  /** What the release windows, freeze, cadence and major rule said, and the overrides a dispatch made. */
  readonly guardrails: GuardrailsReport
  readonly checks: ChecksVerdict
  readonly version: VersionPlan
  /** The release notes (Markdown): made for this release, or those of the release an earlier run made. */
  readonly notes: string
  readonly quality: QualityVerdict
  readonly deployPlan: DeployPlan
}

/** What the writing half adds, step by step. */
export interface Written {
  /** The commit the tag points at: the target, or the version commit made on top of it. */
  readonly releaseSha: string
  readonly release: ReleaseRecord
  /** The deploy that ran, or null when none is configured. */
  readonly deployed: DeployRecord | null
  /** The previous release deployed again after this run's deploy failed (rollback: true); null when none. */
  readonly rollback: RollbackRecord | null
  /** The major and minor tags (v1, v1.2) moved or created at the release (in a dry run: that would be). */
  readonly majorTags: readonly string[]
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

/** What earlier runs left of this version: its tag (the commit it points at) and its release, draft or published. */
export interface ExistingRelease {
  tagSha: string | null
  release: Release | null
  /**
   * The version commit an earlier run made for this version, untagged, now in the history of the commit released
   * (the run stopped before tagging, and the branch moved on): it is tagged, and no other is made.
   */
  versionCommit: string | null
}

/** The version decision and everything it was made from. */
export interface VersionPlan {
  version: string
  tag: string
  previousVersion: string | null
  previousTag: string | null
  /** The commit the previous release's tag points at. */
  previousSha: string | null
  /** Why this version: 'minor bump from the commits', 'version 2.0.0 was asked for', ... */
  reason: string
  /** Commits since the previous release, oldest first, with what each asks for. */
  commits: AnalysedCommit[]
  /** Files changed since the previous release, as GitHub lists them (at most 300). */
  changedFiles: string[]
  /** What exists of this version already. */
  existing: ExistingRelease
  compareUrl: string | null
}

export interface ReleaseRecord {
  /** Null in a dry run, where no release is created. */
  id: number | null
  url: string | null
  draft: boolean
  notes: string
  /** Who made it: this run, an earlier run (it existed when this run decided), or a run going on now. */
  origin: 'this-run' | 'earlier-run' | 'concurrent-run'
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

/** A rollback: the previous release deployed again, and what that says of production. */
export interface RollbackRecord extends DeployRecord {
  /** The tag deployed again; null when there was no previous release. */
  tag: string | null
  /** One line for the reason and the summary: rolled back (production is back on vX), or why not, loudly. */
  summary: string
}
