import type { ActionRun, RunOptions } from '../run-action.js'
import { Scenario } from '../scenario.js'
import { checkClaims, checkRerun } from './claims.js'
import { checkRun, checkWorld, type Expectation, type RunRecord, type Violation } from './invariants.js'
import { describeFault, type SeedPlan, type Shape } from './plan.js'
import {
  addRelease,
  age,
  DEPLOY_INPUTS,
  DEPLOY_YML,
  HOUR,
  PACKAGE_JSON,
  QUICK_DEPLOY,
  snapshot,
  UNWAITED_DEPLOY
} from './world.js'

export interface SeedReport {
  plan: SeedPlan
  /** The faulted run, then the clean rerun. */
  records: RunRecord[]
  violations: Violation[]
  /** Faults no request met: the seed did not exercise them (a campaign statistic, not a broken promise). */
  deadFaults: string[]
  /** Deploy workflow dispatches, all runs together. */
  dispatches: number
  durationMs: number
  /** The harness itself failed (building the repository, starting the emulator): the seed proves nothing. */
  harnessError: string | null
}

const PREVIOUS = { tag: 'v1.0.0', version: '1.0.0' }
const NEXT = { tag: 'v1.1.0', version: '1.1.0' }

/** The inputs a workflow of this shape gives the action (quality: none comes from the Scenario). */
export function inputsFor(shape: Shape): Record<string, string> {
  const inputs: Record<string, string> = { 'release-notes': shape.releaseNotes }
  if (shape.commitVersion) inputs['commit-version'] = 'true'
  if (shape.deploy) {
    Object.assign(inputs, DEPLOY_INPUTS, {
      'draft-until-deployed': String(shape.draftUntilDeployed),
      'deploy-wait': String(shape.deployWait)
    })
  }
  return inputs
}

/**
 * A released 1.0.0 (tag and published Latest release), then a fix and a feat: 1.1.0 is due. The leftover an
 * interrupted earlier run would have left is put in place, an hour old. Returns the commit to release.
 */
export function buildRepository(s: Scenario, shape: Shape): string {
  const files: Record<string, string> = { 'README.md': '# app\n' }
  if (shape.commitVersion) files['package.json'] = PACKAGE_JSON
  if (shape.deploy) files['.github/workflows/deploy.yml'] = DEPLOY_YML
  const init = s.repo.commit('chore: init', files)
  s.repo.tag(PREVIOUS.tag)
  addRelease(s.state, PREVIOUS.tag, init, { draft: false })
  s.repo.commit('fix: handle empty input')
  const target = s.repo.commit('feat: search by tag')
  if (shape.leftover !== 'none') s.repo.tag(NEXT.tag, target)
  if (shape.leftover === 'tag+draft') addRelease(s.state, NEXT.tag, target, { draft: true })
  if (shape.leftover === 'tag+published') addRelease(s.state, NEXT.tag, target, { draft: false })
  // What is there before the first run was left by earlier runs, not by one going on now.
  age(s.state, HOUR)
  return target
}

/** Runs the bundle once and records what it wrote and the world it left; sequential runs only. */
export async function recordRun(
  s: Scenario,
  label: string,
  options: Partial<RunOptions>
): Promise<RunRecord> {
  const from = s.emulator.requests.length
  const startedAt = Date.now()
  let run: ActionRun | null = null
  let harnessError: string | null = null
  try {
    run = await s.run(options)
  } catch (error) {
    // run-action parses the result output; a run that wrote a broken one lands here.
    harnessError = error instanceof Error ? error.message : String(error)
  }
  return {
    label,
    run,
    harnessError,
    writes: s.emulator.requests.slice(from).filter(request => request.write),
    after: snapshot(s),
    startedAt,
    endedAt: Date.now()
  }
}

export function dispatchCount(s: Scenario): number {
  return s.emulator.requests.filter(request => request.operationId === 'actions/create-workflow-dispatch')
    .length
}

/**
 * One seed: the faulted run, then (faults cleared) a clean rerun on the same commit, as a human pressing
 * "Re-run" would; then every invariant on each run and on the end state.
 */
export async function runSeed(plan: SeedPlan, options: { node?: string } = {}): Promise<SeedReport> {
  const started = Date.now()
  const report: SeedReport = {
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
    const target = buildRepository(s, plan.shape)
    const expected: Expectation = {
      ...NEXT,
      target,
      tagsBefore: [PREVIOUS.tag],
      branch: 'main',
      deploy: plan.shape.deploy,
      deployWait: plan.shape.deployWait,
      commitVersion: plan.shape.commitVersion
    }
    const emulator = s.emulator
    const live = plan.faults.map(planned => ({ planned, fault: emulator.inject({ ...planned.fault }) }))
    const inputs = inputsFor(plan.shape)
    const faulted = await recordRun(s, 'faulted run', { sha: target, inputs })
    report.deadFaults = live.filter(({ fault }) => !fault.taken).map(({ planned }) => describeFault(planned))
    emulator.clearFaults()
    if (plan.shape.rerun === 'an hour later') age(s.state, HOUR)
    const rerun = await recordRun(s, 'rerun', { sha: target, inputs })
    report.records = [faulted, rerun]
    report.dispatches = dispatchCount(s)
    report.violations = [
      ...checkRun(faulted, expected),
      ...checkRun(rerun, expected),
      ...checkRerun(faulted, rerun, expected),
      ...checkClaims(faulted),
      ...checkClaims(rerun),
      ...checkWorld(rerun.after, expected, emulator.violations)
    ]
  } catch (error) {
    report.harnessError = error instanceof Error ? (error.stack ?? error.message) : String(error)
  } finally {
    await s?.stop().catch(() => undefined)
    report.durationMs = Date.now() - started
  }
  return report
}
