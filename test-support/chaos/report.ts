import type { SeedReport } from './campaign.js'
import { outcomeOf, reasonOf, type RunRecord, type Violation } from './invariants.js'
import type { MonorepoSeedReport } from './monorepo-campaign.js'
import { describeMonorepoShape } from './monorepo-plan.js'
import type { OlderAfterNewerReport } from './older-after-newer.js'
import { describeFaults, describeShape } from './plan.js'
import type { StormReport } from './storm.js'

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}

/** Lines of a run's log worth reading when an invariant broke: annotations and step verdicts. */
function telling(record: RunRecord): string[] {
  const stdout = record.run?.stdout ?? ''
  return stdout
    .split('\n')
    .filter(line =>
      /^::(error|warning)|: (passed|skipped|blocked|failed)( — |$)|GitHub .*(retrying|giving up)/.test(line)
    )
    .map(line => line.slice(0, 300))
}

/** One run in a few lines: outcome, exit, reason, its writes, and its telling log lines. */
export function formatRun(record: RunRecord): string {
  const run = record.run
  const writes = record.writes
    .map(request => {
      const answer = request.dropped ? 'dropped' : String(request.status)
      const handled = request.handledStatus !== undefined ? `, did ${request.handledStatus}` : ''
      return `${request.operationId} ${answer}${handled}`
    })
    .join('; ')
  // A monorepo run's packages released (the single-package campaign's runs have none).
  const releases = run?.outputs.releases ?? ''
  const said = releases && releases !== '[]' ? ` [releases: ${releasesLine(releases)}]` : ''
  return [
    `  ${record.label}: ${outcomeOf(record)} (exit ${run?.exitCode ?? '?'}, ${seconds(record.endedAt - record.startedAt)}) — ${reasonOf(record)}${said}`,
    `    writes: ${writes || 'none'}`,
    ...telling(record).map(line => `    | ${line}`)
  ].join('\n')
}

/** Everything one seed did and broke, for a replay or a failing test. */
export function formatSeed(report: SeedReport): string {
  const { plan } = report
  const lines = [
    `seed ${plan.seed}: ${describeShape(plan.shape)}`,
    `  faults: ${describeFaults(plan.faults)}${report.deadFaults.length ? ` (not met: ${report.deadFaults.join(', ')})` : ''}`,
    ...report.records.map(formatRun),
    `  deploy dispatches: ${report.dispatches}; ${seconds(report.durationMs)}`
  ]
  if (report.harnessError) lines.push(`  HARNESS ERROR: ${report.harnessError}`)
  lines.push(...formatViolations(report.violations))
  return lines.join('\n')
}

/** A monorepo seed: its runs, each with the packages it said it released, and the tags and releases it left. */
export function formatMonorepoSeed(report: MonorepoSeedReport): string {
  const { plan } = report
  const lines = [
    `monorepo seed ${plan.seed}: ${describeMonorepoShape(plan.shape)}`,
    `  faults: ${describeFaults(plan.faults)}${report.deadFaults.length ? ` (not met: ${report.deadFaults.join(', ')})` : ''}`
  ]
  for (const record of report.records) {
    lines.push(formatRun(record))
    const world = record.after
    const tags = world.tags.map(tag => `${tag.name}@${tag.commit.slice(0, 7)}`).join(', ')
    const releaseList = world.releases
      .map(release => `${release.tagName}${release.draft ? ' (draft)' : ''}`)
      .join(', ')
    const commits = world.branchCommits
      .map(commit => `${commit.sha.slice(0, 7)} '${commit.subject}'`)
      .join(', ')
    lines.push(`    after: tags ${tags}; releases ${releaseList}; branch gained ${commits || 'nothing'}`)
  }
  lines.push(`  deploy dispatches: ${report.dispatches}; ${seconds(report.durationMs)}`)
  if (report.harnessError) lines.push(`  HARNESS ERROR: ${report.harnessError}`)
  lines.push(...formatViolations(report.violations))
  return lines.join('\n')
}

function releasesLine(text: string): string {
  try {
    return (JSON.parse(text) as Array<{ tag: string; 'release-id': number | null }>)
      .map(entry => `${entry.tag} #${entry['release-id']}`)
      .join(', ')
  } catch {
    return text.slice(0, 200)
  }
}

export function formatViolations(violations: readonly Violation[]): string[] {
  return violations.length === 0
    ? ['  invariants: all hold']
    : violations.map(violation => `  ✗ ${violation.invariant}: ${violation.detail}`)
}

/** A plain-text table with columns padded to their widest cell (the last column is not padded). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map(row => (column < header.length - 1 ? (row[column] ?? '').length : 0)))
  )
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column < cells.length - 1 ? cell.padEnd(widths[column]!) : cell)).join(' | ')
  return [line(header), widths.map(width => '-'.repeat(width)).join('-+-'), ...rows.map(line)].join('\n')
}

/** A storm in a few lines per process: who said what, who wrote what, and the dispatches. */
export function formatStorm(title: string, report: StormReport): string {
  const offsets = report.startOffsets.some(offset => offset > 0)
    ? ` (started at +${report.startOffsets.join(', +')} ms)`
    : ' (all at once)'
  return [
    `${title}: ${report.records.length} processes${offsets}, ${seconds(report.durationMs)}`,
    `  deploy dispatches: ${report.dispatches} (by process: ${report.dispatchesByProcess.join(', ')}); successful deploy runs: ${report.successfulDeploys}`,
    ...report.records.map(record =>
      formatRun(record)
        .split('\n')
        .filter(
          line => !line.startsWith('    | ') || /Tag and release|Deploy:|Publish|Version:|::error/.test(line)
        )
        .join('\n')
    ),
    ...formatViolations(report.violations)
  ].join('\n')
}

/** The older-after-newer race, run by run. */
export function formatOlderAfterNewer(report: OlderAfterNewerReport): string {
  return [
    `older run held at its ${report.held} for v1.1.0 until the newer run released`,
    ...[report.older, report.newer, report.olderRerun].map(formatRun),
    `  tags: ${report.world.tags.map(tag => `${tag.name}@${tag.commit.slice(0, 7)}`).join(', ')}`,
    `  releases: ${report.world.releases.map(release => `${release.tagName}${release.draft ? ' (draft)' : ''}`).join(', ')}`,
    `  Latest history: ${report.world.latestHistory.join(' → ')}`,
    ...formatViolations(report.violations)
  ].join('\n')
}
