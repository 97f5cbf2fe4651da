import { Scenario } from '../scenario.js'
import type { RunOptions } from '../run-action.js'
import { dispatchCount, recordRun } from './campaign.js'
import type { Violation } from './invariants.js'
import {
  checkIdleRun,
  checkMonorepoRerun,
  checkMonorepoRun,
  checkMonorepoWorld,
  isMonorepoComplete,
  type MonorepoRunRecord
} from './monorepo-invariants.js'
import type { MonorepoSeedPlan } from './monorepo-plan.js'
import { describeFault } from './plan.js'
import {
  buildMonorepo,
  monorepoInputs,
  monorepoSnapshot,
  pushUnrelated,
  type MonorepoExpectation
} from './monorepo-world.js'
import { age, HOUR, QUICK_DEPLOY, UNWAITED_DEPLOY } from './world.js'

export interface MonorepoSeedReport {
  plan: MonorepoSeedPlan
  /** The faulted run, the clean rerun, and (once all is done) a third run. */
  records: MonorepoRunRecord[]
  violations: Violation[]
  /** Faults no request met: the seed did not exercise them. */
  deadFaults: string[]
  dispatches: number
  durationMs: number
  harnessError: string | null
}

async function recordMonorepoRun(
  s: Scenario,
  expected: MonorepoExpectation,
  label: string,
  options: Partial<RunOptions>
): Promise<MonorepoRunRecord> {
  const record = await recordRun(s, label, options)
  return { ...record, after: monorepoSnapshot(s, expected) }
}

/**
 * One monorepo seed: the faulted run, then (faults cleared) a clean rerun on the same commit, as a human pressing
 * "Re-run" would, then a third run that must find nothing to do; every invariant on each run and on the worlds
 * they left.
 */
export async function runMonorepoSeed(
  plan: MonorepoSeedPlan,
  options: { node?: string } = {}
): Promise<MonorepoSeedReport> {
  const started = Date.now()
  const report: MonorepoSeedReport = {
    plan,
    records: [],
    violations: [],
    deadFaults: [],
    dispatches: 0,
    durationMs: 0,
    harnessError: null
  }
  let s: Scenario | null = null
  try {
    s = await new Scenario().start(options.node)
    s.state.runScript = { ...(plan.shape.deployWait ? QUICK_DEPLOY : UNWAITED_DEPLOY) }
    const expected = buildMonorepo(s, plan.shape)
    const emulator = s.emulator
    const live = plan.faults.map(planned => ({ planned, fault: emulator.inject({ ...planned.fault }) }))
    const run = { sha: expected.target, inputs: monorepoInputs(plan.shape) }
    const faulted = await recordMonorepoRun(s, expected, 'faulted run', run)
    report.deadFaults = live.filter(({ fault }) => !fault.taken).map(({ planned }) => describeFault(planned))
    emulator.clearFaults()
    if (plan.shape.pushed) pushUnrelated(s, expected)
    if (plan.shape.rerun === 'an hour later') age(s.state, HOUR)
    const rerun = await recordMonorepoRun(s, expected, 'rerun', run)
    report.records = [faulted, rerun]
    report.violations = [
      ...checkMonorepoRun(faulted, expected),
      ...checkMonorepoWorld(faulted.after, expected, { final: false, label: faulted.label }),
      ...checkMonorepoRun(rerun, expected),
      ...checkMonorepoRerun(faulted, rerun, expected)
    ]
    // Once everything is released, another run (a push of the version commit, a schedule) writes nothing.
    if (isMonorepoComplete(rerun.after, expected)) {
      const third = await recordMonorepoRun(s, expected, 'third run', run)
      report.records.push(third)
      report.violations.push(...checkMonorepoRun(third, expected), ...checkIdleRun(third))
    }
    const last = report.records[report.records.length - 1]!
    report.violations.push(
      ...checkMonorepoWorld(last.after, expected, {
        final: true,
        label: 'end state',
        apiViolations: emulator.violations
      })
    )
    report.dispatches = dispatchCount(s)
  } catch (error) {
    report.harnessError = error instanceof Error ? (error.stack ?? error.message) : String(error)
  } finally {
    await s?.stop().catch(() => undefined)
    report.durationMs = Date.now() - started
  }
  return report
}
