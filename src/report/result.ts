import type { Config } from '../config/index.js'
import type { RunContext } from '../context.js'
import { sanitiseMarkdownDocument } from '../domain/untrusted.js'
import type { ErrorCode } from '../errors.js'
import type { StepResult } from '../pipeline.js'
import type { GuardrailsReport } from '../domain/guardrails.js'
import type { DeployRecord, RollbackRecord } from '../plan.js'
import type { QualityVerdict } from '../quality/types.js'
import type { PreviewReport } from '../preview-run.js'
import type { PackageOutcome } from '../packages-pipeline.js'
import type { Outcome, ReleaseRun } from '../release-pipeline.js'

/** The result document: every output, plus per-step details. It replaces last-release.json. */
export interface ReleaseResult {
  outcome: Outcome
  released: boolean
  reason: string
  skippedReason: string
  /** Why the run was blocked, for programs to branch on: a code, and the input or permission to change. */
  error: { code: ErrorCode; message: string; input: string | null; permission: string | null } | null
  dryRun: boolean
  repository: string
  branch: string
  trigger: string
  /** The merged pull request a release label asked to release. */
  pullRequest: { number: number; title: string; actor: string } | null
  version: string
  /** Why this version: 'minor bump from the commits', 'version 2.0.0 was asked for', ... */
  versionReason: string
  previousVersion: string
  tag: string
  sha: string
  releaseId: number | null
  releaseUrl: string
  releaseNotes: string
  qualityScore: number | null
  /** The quality gate's verdict and each gate's name, score, pass and duration; null when the gate did not run. */
  quality: QualityVerdict | null
  checksState: string
  deployRunId: number | null
  deployRunUrl: string
  deployConclusion: string
  /** The deploy: workflow run or command, its conclusion, duration and status changes; null when none ran. */
  deploy: DeployRecord | null
  /** The previous release deployed again after a failed deploy: its run, conclusion and what it means. */
  rollback: RollbackRecord | null
  /** What each configured guardrail said (window, freeze, cadence, major), and the overrides a dispatch made. */
  guardrails: GuardrailsReport | null
  /** The major and minor tags (v1, v1.2) this run moved or created at the release. */
  majorTags: string[]
  steps: StepResult[]
  /** Commits since the previous release. */
  commitCount: number
  releasableCount: number
  /** The releasable ones among them (at most 100: a step output holds at most 1 MB). */
  commits: Array<{ sha: string; type: string | null; subject: string; bump: string | null }>
  /**
   * What was left out or cut to keep the step outputs under GitHub's 1 MB (see outputs.ts): `commits`,
   * `long-texts`, `release-notes`, `details`. Absent when nothing was.
   */
  truncated?: string[]
  /** A preview run's pull request, what merging it would release, its comment and the preview's Markdown. */
  preview: PreviewReport | null
  /** A monorepo's packages released (or, in a dry run, to be released): the `releases` output. */
  releases: PackageReleaseOutput[]
  /** A monorepo's packages, each with what the run came to for it (released, skipped and why, …). */
  packages: PackageOutcome[]
}

/** One entry of the `releases` output. */
export interface PackageReleaseOutput {
  package: string
  version: string
  tag: string
  'previous-version': string
  'release-url': string
  'release-id': number | null
}

const MAX_COMMITS_IN_RESULT = 100

export function emptyResult(reason = 'the run did not get far enough to decide'): ReleaseResult {
  return {
    outcome: 'blocked',
    released: false,
    reason,
    skippedReason: '',
    error: null,
    dryRun: false,
    repository: '',
    branch: '',
    trigger: '',
    pullRequest: null,
    version: '',
    versionReason: '',
    previousVersion: '',
    tag: '',
    sha: '',
    releaseId: null,
    releaseUrl: '',
    releaseNotes: '',
    qualityScore: null,
    quality: null,
    checksState: '',
    deployRunId: null,
    deployRunUrl: '',
    deployConclusion: '',
    deploy: null,
    rollback: null,
    guardrails: null,
    majorTags: [],
    steps: [],
    commitCount: 0,
    releasableCount: 0,
    commits: [],
    preview: null,
    releases: [],
    packages: []
  }
}

/** The error part of the result, for an ActionError or any error with a code. */
export function errorOf(
  error: {
    code: ErrorCode
    message: string
    concerns: { input?: string; permission?: string }
  } | null
): ReleaseResult['error'] {
  return error
    ? {
        code: error.code,
        message: error.message,
        input: error.concerns.input ?? null,
        permission: error.concerns.permission ?? null
      }
    : null
}

export function buildResult(config: Config, context: RunContext, run: ReleaseRun): ReleaseResult {
  const {
    version,
    release,
    target,
    checks,
    pullRequest,
    quality,
    deployed,
    rollback,
    notes,
    majorTags,
    guardrails
  } = run.facts
  const repository = config.repository ?? context.workflowRepository
  const releasable = (version?.commits ?? []).filter(commit => commit.releaseType !== null)
  return {
    ...emptyResult(),
    outcome: run.outcome,
    released: run.outcome === 'released' || (run.packages ?? []).some(item => item.outcome === 'released'),
    reason: run.reason,
    skippedReason: run.outcome === 'skipped' ? run.reason : '',
    error: errorOf(run.error),
    dryRun: config.dryRun,
    repository: repository ? `${repository.owner}/${repository.repo}` : '',
    branch: target?.branch ?? '',
    trigger: context.eventName,
    pullRequest: pullRequest
      ? { number: pullRequest.number, title: pullRequest.title, actor: pullRequest.actor }
      : null,
    version: version?.version ?? '',
    versionReason: version?.reason ?? '',
    previousVersion: version?.previousVersion ?? '',
    tag: version?.tag ?? '',
    sha: target?.sha ?? '',
    releaseId: release?.id ?? version?.existing.release?.id ?? null,
    releaseUrl: release?.url ?? version?.existing.release?.htmlUrl ?? '',
    // Made safe where they were made (escaped or sanitised); an earlier release's body is sanitised here.
    releaseNotes: sanitiseMarkdownDocument(release?.notes ?? notes ?? ''),
    checksState: checks?.state ?? '',
    qualityScore: quality?.score ?? null,
    quality: quality ?? null,
    deployRunId: deployed?.runId ?? null,
    deployRunUrl: deployed?.runUrl ?? '',
    deployConclusion: deployed?.conclusion ?? '',
    deploy: deployed ?? null,
    rollback: rollback ?? null,
    guardrails: guardrails ?? null,
    majorTags: [...(majorTags ?? [])],
    steps: run.steps,
    commitCount: version?.commits.length ?? 0,
    releasableCount: releasable.length,
    commits: releasable.slice(0, MAX_COMMITS_IN_RESULT).map(commit => ({
      sha: commit.sha,
      type: commit.type,
      subject: commit.subject,
      bump: commit.releaseType
    })),
    preview: run.preview ?? null,
    releases: (run.packages ?? [])
      .filter(item => item.outcome === 'released' || item.outcome === 'dry-run')
      .map(item => ({
        package: item.package,
        version: item.version,
        tag: item.tag,
        'previous-version': item.previousVersion,
        'release-url': item.releaseUrl,
        'release-id': item.releaseId
      })),
    packages: run.packages ?? []
  }
}
