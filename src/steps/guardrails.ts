import { ActionError } from '../errors.js'
import { formatMoment, formatSpan, type GuardrailCheck, type GuardrailsReport } from '../domain/guardrails.js'
import { checkWindows, describeOpening } from '../domain/release-window.js'
import { getRole } from '../github/pulls.js'
import { blocked, passed, skipped, warned, type ReadingStep, type Verdict } from '../pipeline.js'
import type { Runtime } from '../runtime.js'

type Found = { guardrails: GuardrailsReport }

/** Who may override a freeze: the people who may change the repository's settings. */
const FREEZE_OVERRIDERS = new Set(['admin', 'maintain'])

interface Stop {
  status: 'skipped' | 'blocked'
  reason: string
}

/**
 * When and how often automatic releases may happen: the release windows, a freeze, and the cadence, checked in that
 * order and each reported. A rule that is not configured costs nothing; a freeze by issue costs one request, the
 * cadence one. A person's manual dispatch may override the window and (as an admin or maintainer) a freeze, and
 * is not held to the cadence.
 */
export const guardrailsStep: ReadingStep<unknown, Found> = {
  id: 'guardrails',
  title: 'Guardrails',
  writes: false,
  // The freeze and the last release are read with the first step's reads, not after them.
  prepare: startReads,
  async run(_known, runtime) {
    const { report, stops } = await checkGuardrails(runtime)
    return verdictOf(report, stops)
  }
}

/** Every configured guardrail, checked in order; what stops the run, in that order. Also what a preview shows. */
export async function checkGuardrails(
  runtime: Runtime
): Promise<{ report: GuardrailsReport; stops: Stop[] }> {
  startReads(runtime)
  const report: GuardrailsReport = { checks: [], overrides: [] }
  const stops: Stop[] = []
  const note = (check: GuardrailCheck, stop?: Stop) => {
    report.checks.push(check)
    if (stop) stops.push(stop)
  }
  checkWindow(runtime, report, note)
  await checkFreeze(runtime, report, note)
  await checkCadence(runtime, note)
  return { report, stops }
}

type Note = (check: GuardrailCheck, stop?: Stop) => void

/** Starts the reads the configured guardrails need, together (each is made once per run). */
function startReads(runtime: Runtime): void {
  const { freeze, freezeLabel, minReleaseIntervalSeconds, tagPrefix } = runtime.config
  if (freeze === null && freezeLabel !== null) void runtime.earlyReads.freezeIssue(freezeLabel)
  if (minReleaseIntervalSeconds !== null && !isManual(runtime))
    void runtime.earlyReads.lastPublished(tagPrefix)
}

function isManual(runtime: Runtime): boolean {
  return runtime.context.trigger === 'workflow_dispatch'
}

function actorOf(runtime: Runtime): string {
  return runtime.context.actor ?? 'the dispatcher'
}

function checkWindow(runtime: Runtime, report: GuardrailsReport, note: Note): void {
  const { releaseWindows, overrideWindow } = runtime.config
  if (releaseWindows.length === 0) return
  const verdict = checkWindows(releaseWindows, runtime.serverTime.now())
  if (verdict.open) {
    note({ rule: 'window', state: 'passed', detail: `inside the release window ${verdict.window.text}` })
    return
  }
  const windows = releaseWindows.map(window => window.text).join(', ')
  const next = verdict.next
    ? `; next window opens ${describeOpening(verdict.next.window, verdict.next.at)}`
    : ''
  const outside = `outside the release window ${windows}${next}`
  if (isManual(runtime) && overrideWindow) {
    const by = actorOf(runtime)
    note({ rule: 'window', state: 'overridden', detail: `${outside}; overridden by ${by} (override-window)` })
    report.overrides.push({ rule: 'window', by, detail: outside })
    return
  }
  const how = isManual(runtime)
    ? '; dispatch with override-window: true to release now'
    : '; a manual dispatch with override-window: true can release now'
  note(
    { rule: 'window', state: 'stopped', detail: outside },
    { status: 'skipped', reason: `${outside}${how}` }
  )
}

async function checkFreeze(runtime: Runtime, report: GuardrailsReport, note: Note): Promise<void> {
  const { freeze, freezeLabel } = runtime.config
  let frozen: string | null = null
  if (freeze !== null) frozen = `releases are frozen: ${freeze} (the freeze input)`
  else if (freezeLabel !== null) {
    const lookup = await runtime.earlyReads.freezeIssue(freezeLabel)
    if ('refused' in lookup) {
      note({
        rule: 'freeze',
        state: 'warned',
        detail: `could not look for a freeze: ${lookup.refused} Or set freeze-label: none to stop looking.`
      })
      return
    }
    const issue = lookup.found
    if (issue) frozen = `releases are frozen by #${issue.number} “${issue.title}” (${issue.htmlUrl})`
  }
  if (frozen === null) {
    if (freezeLabel !== null)
      note({ rule: 'freeze', state: 'passed', detail: `no open issue labelled '${freezeLabel}'` })
    return
  }
  if (isManual(runtime) && runtime.config.overrideFreeze) {
    const by = actorOf(runtime)
    const role = runtime.context.actor ? await getRole(runtime.repoClient, runtime.context.actor) : 'none'
    if (FREEZE_OVERRIDERS.has(role)) {
      note({ rule: 'freeze', state: 'overridden', detail: `${frozen}; overridden by ${by} (${role})` })
      report.overrides.push({ rule: 'freeze', by, detail: frozen })
      return
    }
    const refused = `${frozen}; override-freeze refused: ${by} has ${role} access, and overriding a freeze needs admin or maintain`
    note({ rule: 'freeze', state: 'stopped', detail: refused }, { status: 'blocked', reason: refused })
    return
  }
  const how =
    freeze !== null
      ? 'clear the freeze input (its repository variable) to release'
      : `close the issue or remove its '${freezeLabel}' label to release`
  const reason = `${frozen}; ${how}, or have an admin or maintainer dispatch with override-freeze: true`
  note({ rule: 'freeze', state: 'stopped', detail: frozen }, { status: 'skipped', reason })
}

async function checkCadence(runtime: Runtime, note: Note): Promise<void> {
  const { minReleaseIntervalSeconds, tagPrefix } = runtime.config
  if (minReleaseIntervalSeconds === null) return
  const interval = formatSpan(minReleaseIntervalSeconds * 1000)
  if (isManual(runtime)) {
    note({
      rule: 'cadence',
      state: 'ignored',
      detail: `a manual dispatch is not held to min-release-interval ${interval}`
    })
    return
  }
  const last = await runtime.earlyReads.lastPublished(tagPrefix)
  if (last === null) {
    note({ rule: 'cadence', state: 'passed', detail: 'no release published yet' })
    return
  }
  const now = runtime.serverTime.now()
  const since = now - last.publishedAt
  const allowedAt = last.publishedAt + minReleaseIntervalSeconds * 1000
  const published = `${last.tag} was published ${formatSpan(since)} ago`
  if (since >= minReleaseIntervalSeconds * 1000) {
    note({ rule: 'cadence', state: 'passed', detail: `${published} (min-release-interval ${interval})` })
    return
  }
  const detail = `${published}; min-release-interval is ${interval}: the next release may happen after ${formatMoment(allowedAt)} (in ${formatSpan(allowedAt - now)})`
  note({ rule: 'cadence', state: 'stopped', detail }, { status: 'skipped', reason: detail })
}

function verdictOf(report: GuardrailsReport, stops: Stop[]): Verdict<Found> {
  const facts = { guardrails: report }
  if (report.checks.length === 0) return passed('none configured', facts)
  const first = stops.find(stop => stop.status === 'blocked') ?? stops[0]
  if (first) {
    const others = stops.filter(stop => stop !== first).map(stop => stop.reason)
    const reason = [first.reason, ...others.map(other => `also ${other}`)].join('; ')
    return first.status === 'blocked'
      ? blocked(reason, facts, new ActionError('guardrail', reason, { input: 'override-freeze' }))
      : skipped(reason, facts)
  }
  const summary = report.checks.map(check => check.detail).join('; ')
  return report.checks.some(check => check.state === 'warned')
    ? warned(summary, facts)
    : passed(summary, facts)
}
