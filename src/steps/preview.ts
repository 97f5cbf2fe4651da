import {
  analyseCommit,
  linkCommits,
  rangeFacts,
  type AnalysedCommit,
  type ReleaseType
} from '../domain/commits.js'
import type { PreviewCause, PreviewGate, PreviewPlan } from '../domain/comment-preview.js'
import { bumpLabelsOf, bumpWithLabel } from '../domain/bump-labels.js'
import { lintTitle } from '../domain/conventional-title.js'
import {
  nextVersion,
  VersionRuleError,
  type BumpRequest,
  type VersionDecision
} from '../domain/next-version.js'
import { renderConventionalNotes } from '../domain/notes.js'
import {
  afterExistingPrereleases,
  isPrerelease,
  releaseTags,
  type ReleaseTag
} from '../domain/release-tags.js'
import { GUARDRAIL_NAMES, type GuardrailCheck } from '../domain/guardrails.js'
import { compareAll, listTags } from '../github/history.js'
import type { Repository } from '../github/repository.js'
import { passed, type ReadingStep } from '../pipeline.js'
import type { ChecksVerdict, VersionPlan } from '../plan.js'
import type { Runtime } from '../runtime.js'
import { hasPackages } from '../config/packages.js'
import { checkGuardrails } from './guardrails.js'
import { evaluateChecks } from './green.js'
import { asksForPrerelease, FALLBACK_INITIAL_VERSION, historySince, initialVersion } from './version.js'
import type { PreviewPull } from './preview-pull.js'

type Known = { repository: Repository; previewPull: PreviewPull }
export type PreviewFound = {
  preview: PreviewPlan
  version?: VersionPlan
  notes: string
  checks: ChecksVerdict
}

/**
 * What merging the pull request now would release: the commits waiting on its base since the last release, and
 * the pull request's own as they would land (its title as one commit with squash, else its commits), decided by
 * the same rules as a release, with its bump label; the notes; and the gates that would stop it. It reads only,
 * and runs nothing of the pull request's code.
 */
export const previewStep: ReadingStep<Known, PreviewFound> = {
  id: 'preview',
  title: 'Preview',
  writes: false,
  async run({ repository, previewPull: pull }, runtime) {
    // Loaded only for a monorepo's preview.
    if (hasPackages(runtime.config))
      return (await import('./preview-packages.js')).previewPackages(repository, pull, runtime)
    const { config, repoClient } = runtime
    const prereleases = asksForPrerelease(runtime)
    const [tags, own, gates] = await Promise.all([
      listTags(repoClient).then(all => releaseTags(all, config.tagPrefix)),
      ownCommits(runtime, pull),
      checkGates(runtime, pull.headSha)
    ])
    const candidates = tags.filter(tag => prereleases || !isPrerelease(tag.version))
    const pending = await historySince(runtime, pull.baseSha, candidates)
    const commits = linkCommits([...pending.commits, ...own])
    const ownShas = new Set(own.map(commit => commit.sha))

    const chosen = bumpLabelOf(runtime, pull, gates.gates)
    const bump = bumpWithLabel(config.bump, chosen)
    const label = bump === config.bump ? null : chosen
    const last = pending.last
    const decision = await previewDecision(runtime, bump, last, commits, pull.baseSha)
    const causes: PreviewCause[] = commits
      .filter(commit => commit.releaseType !== null)
      .map(commit => ({
        sha: commit.sha,
        header: commit.header,
        releaseType: commit.releaseType!,
        fromPullRequest: ownShas.has(commit.sha)
      }))
    const plan = previewFrame(runtime, pull, chosen, gates.gates, causes)
    if (!decision.release) {
      const preview: PreviewPlan = { ...plan, release: null, nothingReason: decision.reason, notes: '' }
      return passed(`merging #${pull.number} would release nothing: ${decision.reason}`, {
        preview,
        notes: '',
        checks: gates.checks
      })
    }
    const next = afterExistingPrereleases(
      decision.version,
      tags.map(tag => tag.version)
    )
    const tag = `${config.tagPrefix}${next}`
    const reason = label ? `the ${config.bumpLabelPrefix}${label} label on #${pull.number}` : decision.reason
    const notes =
      config.releaseNotes === 'conventional'
        ? renderConventionalNotes({
            version: next,
            tag,
            previousTag: last?.name ?? null,
            commits,
            links: { htmlUrl: repository.htmlUrl },
            ...(config.releaseNotesTypes ? { sections: config.releaseNotesTypes } : {})
          })
        : ''
    const version: VersionPlan = {
      version: next,
      tag,
      previousVersion: last?.version ?? null,
      previousTag: last?.name ?? null,
      previousSha: last?.sha ?? null,
      reason,
      commits,
      changedFiles: [],
      existing: { tagSha: null, release: null, versionCommit: null },
      compareUrl: null
    }
    const preview: PreviewPlan = {
      ...plan,
      release: { version: next, tag, previousVersion: last?.version ?? null, reason },
      nothingReason: '',
      notes
    }
    return passed(`merging #${pull.number} would release ${tag} (${reason})`, {
      preview,
      version,
      notes,
      checks: gates.checks
    })
  }
}

/** What every preview says besides the release: the pull request, the causes, its labels, the gates, its title. */
export function previewFrame(
  runtime: Runtime,
  pull: PreviewPull,
  bumpLabel: ReleaseType | null,
  gates: PreviewGate[],
  causes: PreviewCause[]
): Omit<PreviewPlan, 'release' | 'nothingReason' | 'notes'> {
  const { config } = runtime
  const lint = config.previewMergeStyle === 'squash' ? lintTitle(pull.title) : null
  return {
    pullRequest: { number: pull.number, headSha: pull.headSha, baseRef: pull.baseRef },
    causes,
    labels: {
      releaseLabel: config.releaseLabel,
      present: pull.labels.includes(config.releaseLabel),
      bumpLabel: bumpLabel ? `${config.bumpLabelPrefix}${bumpLabel}` : null
    },
    gates,
    title: lint && { ...lint, required: config.requireConventionalTitle },
    mergeStyle: config.previewMergeStyle
  }
}

/** The pull request's one bump label, or null; conflicting ones are a gate that stops the release. */
export function bumpLabelOf(runtime: Runtime, pull: PreviewPull, gates: PreviewGate[]): ReleaseType | null {
  const { labels, bumps } = bumpLabelsOf(pull.labels, runtime.config.bumpLabelPrefix)
  if (bumps.length > 1)
    gates.push({
      name: 'Bump labels',
      state: 'stop',
      detail: `conflicting: ${labels.join(', ')}; keep one of them`
    })
  return bumps.length === 1 ? (bumps[0] ?? null) : null
}

/** The release's version rules on what merging would bring; a rule the commits break means nothing, and why. */
export async function previewDecision(
  runtime: Runtime,
  bump: BumpRequest,
  last: ReleaseTag | null,
  commits: readonly AnalysedCommit[],
  baseSha: string
): Promise<VersionDecision> {
  const initial = last ? FALLBACK_INITIAL_VERSION : await initialVersion(runtime, baseSha)
  try {
    return nextVersion({
      bump,
      lastVersion: last?.version ?? null,
      ...rangeFacts(commits),
      prereleaseId: runtime.config.prereleaseId,
      initialVersion: initial
    })
  } catch (error) {
    if (!(error instanceof VersionRuleError)) throw error
    return { release: false, reason: error.message }
  }
}

/** What the pull request lands: with squash, one commit with its title (and GitHub's ` (#N)`); else its commits. */
export async function ownCommits(runtime: Runtime, pull: PreviewPull): Promise<AnalysedCommit[]> {
  if (runtime.config.previewMergeStyle === 'squash')
    return [analyseCommit({ sha: pull.headSha, message: `${pull.title} (#${pull.number})`, parents: 1 })]
  const comparison = await compareAll(runtime.repoClient, pull.baseSha, pull.headSha, analyseCommit)
  // Merge commits of the base into the branch bring nothing the base does not have.
  return comparison.commits.filter(commit => !commit.merge)
}

/** How a guardrail's verdict reads in the preview: a rule that would stop the release now stops the preview's too. */
const PREVIEW_STATE: Record<GuardrailCheck['state'], PreviewGate['state']> = {
  passed: 'pass',
  stopped: 'stop',
  overridden: 'pass',
  warned: 'info',
  ignored: 'info'
}

/**
 * The gates as they stand for the pull request: its head's checks (the run asking is left out, as are
 * ignore-checks), and what the release decides later (the quality gate runs then, not on the pull request's code).
 */
export async function checkGates(
  runtime: Runtime,
  sha: string
): Promise<{ gates: PreviewGate[]; checks: ChecksVerdict }> {
  const { config } = runtime
  const gates: PreviewGate[] = []
  let checks: ChecksVerdict = { state: 'not-required', checks: [] }
  if (!config.requireGreen) {
    gates.push({ name: 'Checks', state: 'info', detail: 'not required (require-green: false)' })
  } else {
    const { verdict, failing, waitingFor: waiting } = await evaluateChecks(runtime, sha)
    checks = verdict
    const found = verdict.checks
    if (failing.length > 0)
      gates.push({ name: 'Checks', state: 'stop', detail: `failing: ${failing.join(', ')}` })
    else if (waiting.length > 0)
      gates.push({ name: 'Checks', state: 'wait', detail: `not finished: ${waiting.join(', ')}` })
    else
      gates.push({
        name: 'Checks',
        state: 'pass',
        detail:
          found.length === 0 ? 'none on the head commit yet' : `${found.length} passed on the head commit`
      })
  }
  const { report } = await checkGuardrails(runtime)
  for (const check of report.checks)
    gates.push({ name: GUARDRAIL_NAMES[check.rule], state: PREVIEW_STATE[check.state], detail: check.detail })
  gates.push(
    config.quality === 'none'
      ? { name: 'Quality gate', state: 'info', detail: 'turned off (quality: none)' }
      : {
          name: 'Quality gate',
          state: 'info',
          detail: `runs when the release is made (quality: ${config.quality}, threshold ${config.qualityThreshold}); the preview runs none of the pull request's code`
        }
  )
  return { gates, checks }
}
