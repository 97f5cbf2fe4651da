import * as core from '@actions/core'
import { escapeMarkdown, link } from './domain/markdown.js'
import { commitUrl } from './domain/notes.js'
import type { Outcome, PipelineResult, StepResult } from './pipeline.js'
import { neutralise } from './log.js'
import type { QualityVerdict } from './quality/types.js'
import type { DeployRecord, RunState } from './run-state.js'

/** The result document: every output, plus per-step details. It replaces last-release.json. */
export interface ReleaseResult {
  outcome: Outcome
  released: boolean
  reason: string
  skippedReason: string
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
  steps: StepResult[]
  /** Commits since the previous release. */
  commitCount: number
  releasableCount: number
  /** The releasable ones among them (at most 100: a step output holds at most 1 MB). */
  commits: Array<{ sha: string; type: string | null; subject: string; bump: string | null }>
}

const MAX_COMMITS_IN_RESULT = 100

export function emptyResult(reason = 'the run did not get far enough to decide'): ReleaseResult {
  return {
    outcome: 'blocked',
    released: false,
    reason,
    skippedReason: '',
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
    steps: [],
    commitCount: 0,
    releasableCount: 0,
    commits: []
  }
}

export function buildResult(state: RunState, pipeline: PipelineResult): ReleaseResult {
  const { version, release, target, checks } = state
  const repository = state.config.repository ?? state.context.workflowRepository
  return {
    ...emptyResult(),
    outcome: pipeline.outcome,
    released: pipeline.outcome === 'released',
    reason: pipeline.reason,
    skippedReason: pipeline.outcome === 'skipped' ? pipeline.reason : '',
    dryRun: state.config.dryRun,
    repository: repository ? `${repository.owner}/${repository.repo}` : '',
    branch: target?.branch ?? '',
    trigger: state.context.eventName,
    pullRequest: state.pullRequest
      ? { number: state.pullRequest.number, title: state.pullRequest.title, actor: state.pullRequest.actor }
      : null,
    version: version?.version ?? '',
    versionReason: version?.reason ?? '',
    previousVersion: version?.previousVersion ?? '',
    tag: version?.tag ?? '',
    sha: target?.sha ?? '',
    releaseId: release?.id ?? null,
    releaseUrl: release?.url ?? '',
    releaseNotes: release?.notes ?? '',
    checksState: checks?.state ?? '',
    qualityScore: state.quality?.score ?? null,
    quality: state.quality ?? null,
    deployRunId: state.deploy?.runId ?? null,
    deployRunUrl: state.deploy?.runUrl ?? '',
    deployConclusion: state.deploy?.conclusion ?? '',
    deploy: state.deploy ?? null,
    steps: pipeline.steps,
    commitCount: version?.commits.length ?? 0,
    releasableCount: version?.commits.filter(commit => commit.releaseType !== null).length ?? 0,
    commits: (version?.commits ?? [])
      .filter(commit => commit.releaseType !== null)
      .slice(0, MAX_COMMITS_IN_RESULT)
      .map(commit => ({
        sha: commit.sha,
        type: commit.type,
        subject: commit.subject,
        bump: commit.releaseType
      }))
  }
}

const OUTPUTS: Array<[string, (result: ReleaseResult) => string]> = [
  ['outcome', result => result.outcome],
  ['released', result => String(result.released)],
  ['skipped-reason', result => result.skippedReason],
  ['version', result => result.version],
  ['previous-version', result => result.previousVersion],
  ['tag', result => result.tag],
  ['sha', result => result.sha],
  ['release-id', result => (result.releaseId === null ? '' : String(result.releaseId))],
  ['release-url', result => result.releaseUrl],
  ['release-notes', result => result.releaseNotes],
  ['quality-score', result => (result.qualityScore === null ? '' : String(result.qualityScore))],
  ['checks-state', result => result.checksState],
  ['deploy-run-id', result => (result.deployRunId === null ? '' : String(result.deployRunId))],
  ['deploy-run-url', result => result.deployRunUrl],
  ['deploy-conclusion', result => result.deployConclusion],
  ['result', result => JSON.stringify(result)]
]

export function writeOutputs(result: ReleaseResult): void {
  for (const [name, value] of OUTPUTS) core.setOutput(name, value(result))
}

const HEADLINE: Record<Outcome, (result: ReleaseResult) => string> = {
  released: result => `🚀 Released ${result.tag}`,
  'dry-run': result =>
    `🧪 Dry run: ${result.tag ? `would release ${result.tag}` : 'nothing would be released'}`,
  skipped: () => '⏭️ No release',
  blocked: () => '⛔ Release blocked'
}

const STATUS_ICON: Record<StepResult['status'], string> = {
  passed: '✅ passed',
  skipped: '⏭️ skipped',
  blocked: '⛔ blocked',
  failed: '❌ failed',
  'not-run': '◻️ not run'
}

const MAX_COMMITS_SHOWN = 50

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}

export function renderSummary(result: ReleaseResult, htmlUrl: string | null): string {
  const lines: string[] = [`## ${HEADLINE[result.outcome](result)}`, '']
  const where = [
    result.repository,
    result.branch && `${result.branch} @ ${result.sha.slice(0, 7)}`,
    result.trigger && `trigger: ${result.trigger}`
  ]
  lines.push(
    where
      .filter(Boolean)
      .map(part => escapeMarkdown(part))
      .join(' · '),
    ''
  )
  if (result.pullRequest) {
    const { number, title, actor } = result.pullRequest
    lines.push(
      `Pull request #${number} “${escapeMarkdown(title)}”, released on the word of ${escapeMarkdown(actor)}`,
      ''
    )
  }
  if (result.outcome !== 'released') lines.push(`**Why:** ${escapeMarkdown(result.reason)}`, '')

  if (result.steps.length > 0)
    lines.push('### Steps', '', '| Step | Status | Detail | Time |', '| --- | --- | --- | --- |')
  for (const step of result.steps) {
    lines.push(
      `| ${step.title} | ${STATUS_ICON[step.status]} | ${escapeMarkdown(step.reason)} | ${step.status === 'not-run' ? '' : seconds(step.durationMs)} |`
    )
  }
  lines.push('')

  if (result.version) {
    const from = result.previousVersion ? `${result.previousVersion} → ` : ''
    lines.push(
      '### Version',
      '',
      `**${from}${result.version}** — ${escapeMarkdown(result.versionReason)}`,
      ''
    )
    const links: string[] = []
    if (htmlUrl && result.tag && result.outcome !== 'dry-run')
      links.push(link(`tag ${result.tag}`, `${htmlUrl}/tree/${encodeURIComponent(result.tag)}`))
    if (result.releaseUrl) links.push(link('release', result.releaseUrl))
    if (htmlUrl && result.previousVersion && result.tag) {
      const previousTag =
        result.tag.slice(0, result.tag.length - result.version.length) + result.previousVersion
      links.push(
        link(
          `compare ${previousTag}...${result.tag}`,
          `${htmlUrl}/compare/${encodeURIComponent(previousTag)}...${encodeURIComponent(result.tag)}`
        )
      )
    }
    if (links.length > 0) lines.push(links.join(' · '), '')
  }

  if (result.commitCount > 0) {
    const since = result.previousVersion || 'the start'
    lines.push(
      `${result.commitCount} commit${result.commitCount === 1 ? '' : 's'} since ${since}, ${result.releasableCount} of them releasable.`,
      ''
    )
  }
  if (result.commits.length > 0) {
    lines.push('| Commit | Type | Subject | Bump |', '| --- | --- | --- | --- |')
    for (const commit of result.commits.slice(0, MAX_COMMITS_SHOWN)) {
      const sha = htmlUrl
        ? link(commit.sha.slice(0, 7), commitUrl({ htmlUrl }, commit.sha))
        : commit.sha.slice(0, 7)
      lines.push(
        `| ${sha} | ${escapeMarkdown(commit.type ?? '')} | ${escapeMarkdown(commit.subject)} | ${commit.bump} |`
      )
    }
    const hidden = result.releasableCount - Math.min(result.commits.length, MAX_COMMITS_SHOWN)
    if (hidden > 0) lines.push('', `…and ${hidden} more releasable commits (see the compare link).`)
    lines.push('')
  }

  if (result.quality) lines.push(...renderQuality(result.quality))
  if (result.deploy) lines.push(...renderDeploy(result.deploy))

  if (result.releaseNotes) {
    lines.push('<details><summary>Release notes</summary>', '', result.releaseNotes, '', '</details>', '')
  }
  return lines.join('\n')
}

function renderQuality(quality: QualityVerdict): string[] {
  if (quality.off)
    return [
      '### Quality',
      '',
      'The quality gate is turned off (`quality: none`): this release was not scored.',
      ''
    ]
  const lines = ['### Quality', '']
  if (quality.cached)
    lines.push(
      'Verdict reused from an earlier run on this commit with the same quality configuration (cached).',
      ''
    )
  lines.push(
    `Threshold: ${quality.threshold}/100`,
    '',
    '| Gate | Result | Score | Time |',
    '| --- | --- | --- | --- |'
  )
  for (const gate of quality.gates) {
    const score = gate.score === null ? '' : `${gate.score}/100`
    lines.push(
      `| ${escapeMarkdown(gate.name)} | ${gate.passed ? '✅' : '❌'} ${escapeMarkdown(gate.reason)} | ${score} | ${seconds(gate.durationMs)} |`
    )
  }
  const recommendations = quality.gates.flatMap(gate => gate.recommendations)
  if (recommendations.length > 0) {
    lines.push(
      '',
      'BEAST MODE recommends:',
      '',
      ...recommendations.slice(0, 5).map(text => `- ${escapeMarkdown(text)}`)
    )
  }
  lines.push('')
  return lines
}

function renderDeploy(deploy: DeployRecord): string[] {
  const lines = ['### Deploy', '']
  const conclusion = deploy.conclusion || 'not waited for'
  const icon = deploy.conclusion === 'success' ? '✅' : deploy.conclusion === '' ? '⏳' : '❌'
  if (deploy.kind === 'workflow') {
    const run = deploy.runUrl ? link(`run ${deploy.runId}`, deploy.runUrl) : 'the dispatched run'
    lines.push(`${icon} Deploy workflow ${run}: **${conclusion}** after ${seconds(deploy.durationMs)}`)
  } else {
    lines.push(`${icon} Deploy command: **${conclusion}** after ${seconds(deploy.durationMs)}`)
  }
  if (deploy.timeline.length > 0) {
    lines.push(
      '',
      ...deploy.timeline.map(change => `- ${seconds(change.atMs)}: ${escapeMarkdown(change.status)}`)
    )
  }
  lines.push('')
  return lines
}

export async function writeSummary(result: ReleaseResult, htmlUrl: string | null): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(renderSummary(result, htmlUrl), true).write()
}

/** Exit status and annotations by outcome: blocked fails the job; skipped and released leave it green. */
/** Exit status and annotations by outcome: blocked fails the job; skipped and released leave it green. */
export function finish(result: ReleaseResult, error: Error | null): void {
  if (result.outcome === 'blocked') {
    core.setFailed(neutralise(error?.message ?? result.reason))
  } else if (result.outcome === 'skipped') {
    core.notice(neutralise(`No release: ${result.reason}`))
  }
}
