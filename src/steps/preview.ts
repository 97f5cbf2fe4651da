import { analyseCommit, linkCommits, rangeFacts, type AnalysedCommit } from '../domain/commits.js'
import type { PreviewCause, PreviewGate, PreviewPlan } from '../domain/comment-preview.js'
import { bumpLabelsOf, bumpWithLabel } from '../domain/bump-labels.js'
import { lintTitle } from '../domain/conventional-title.js'
import { nextVersion, VersionRuleError } from '../domain/next-version.js'
import { renderConventionalNotes } from '../domain/notes.js'
import { afterExistingPrereleases, isPrerelease, releaseTags } from '../domain/release-tags.js'
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

    const { labels: bumpLabels, bumps: chosen } = bumpLabelsOf(pull.labels, config.bumpLabelPrefix)
    if (chosen.length > 1)
      gates.gates.push({
        name: 'Bump labels',
        state: 'stop',
        detail: `conflicting: ${bumpLabels.join(', ')}; keep one of them`
      })
    const bump = bumpWithLabel(config.bump, chosen.length === 1 ? chosen[0]! : null)
    const label = bump === config.bump ? null : (chosen[0] ?? null)
    const last = pending.last
    const initial = last ? FALLBACK_INITIAL_VERSION : await initialVersion(runtime, pull.baseSha)
    let decision: ReturnType<typeof nextVersion>
    try {
      decision = nextVersion({
        bump,
        lastVersion: last?.version ?? null,
        ...rangeFacts(commits),
        prereleaseId: config.prereleaseId,
        initialVersion: initial
      })
    } catch (error) {
      if (!(error instanceof VersionRuleError)) throw error
      decision = { release: false, reason: error.message }
    }
    const causes: PreviewCause[] = commits
      .filter(commit => commit.releaseType !== null)
      .map(commit => ({
        sha: commit.sha,
        header: commit.header,
        releaseType: commit.releaseType!,
        fromPullRequest: ownShas.has(commit.sha)
      }))
    const squash = config.previewMergeStyle === 'squash'
    const lint = squash ? lintTitle(pull.title) : null
    const plan: Omit<PreviewPlan, 'release' | 'nothingReason' | 'notes'> = {
      pullRequest: { number: pull.number, headSha: pull.headSha, baseRef: pull.baseRef },
      causes,
      labels: {
        releaseLabel: config.releaseLabel,
        present: pull.labels.includes(config.releaseLabel),
        bumpLabel: chosen.length === 1 ? `${config.bumpLabelPrefix}${chosen[0]}` : null
      },
      gates: gates.gates,
      title: lint && { ...lint, required: config.requireConventionalTitle },
      mergeStyle: config.previewMergeStyle
    }
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
      existing: { tagSha: null, release: null },
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
