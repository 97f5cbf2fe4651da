import { REPOSITORY, Scenario } from '../scenario.js'
import { runAction, type ActionRun } from '../run-action.js'
import { buildRepository, inputsFor } from './campaign.js'
import { checkClaims } from './claims.js'
import {
  checkRun,
  checkWorld,
  outcomeOf,
  reasonOf,
  type Expectation,
  type RunRecord,
  type Violation
} from './invariants.js'
import type { Shape } from './plan.js'
import { RecordingProxy } from './proxy.js'
import { Rng } from './rng.js'
import { QUICK_DEPLOY, snapshot, wroteSuccessfully } from './world.js'

export interface StormOptions {
  /** How many processes of the action run on the one commit. */
  processes: number
  /** A deploy workflow, with draft-until-deployed true and deploy-wait true. */
  deploy: boolean
  /** Each process starts this long (a random span, ms) after the one before; all at once when absent. */
  staggerMs?: readonly [number, number]
  seed?: number
  node?: string
}

export interface StormReport {
  records: RunRecord[]
  /** When each process started, ms after the first. */
  startOffsets: number[]
  violations: Violation[]
  /** Deploy workflow dispatches, all processes together, and by process. */
  dispatches: number
  dispatchesByProcess: number[]
  /** Dispatched runs of the version that succeeded (or will). */
  successfulDeploys: number
  durationMs: number
}

/** The storms the suite keeps: all at once without and with a deploy, and with a deploy and staggered starts. */
export const STORMS: ReadonlyArray<readonly [string, StormOptions]> = [
  ['plain release', { processes: 10, deploy: false }],
  ['deploy workflow, draft until deployed', { processes: 10, deploy: true }],
  [
    'deploy workflow, draft until deployed, starts 100–400 ms apart',
    { processes: 10, deploy: true, staggerMs: [100, 400], seed: 7 }
  ]
]

// What the release or its publication looks like on the wire: the work a process may claim as its own.
const RELEASE_WORK = new Set(['repos/create-release', 'repos/update-release'])

/**
 * Ten (or N) processes of the action on one commit, as ten workflow runs triggered together would be. Each talks
 * through its own recording proxy, so what each one wrote is known, and what it says can be held against it.
 */
export async function runStorm(options: StormOptions): Promise<StormReport> {
  const started = Date.now()
  const s = await new Scenario().start(options.node)
  const proxies: RecordingProxy[] = []
  try {
    s.state.runScript = { ...QUICK_DEPLOY }
    const shape: Shape = {
      deploy: options.deploy,
      draftUntilDeployed: options.deploy,
      deployWait: options.deploy,
      commitVersion: false,
      releaseNotes: 'conventional',
      leftover: 'none',
      rerun: 'at once'
    }
    const target = buildRepository(s, shape)
    const expected: Expectation = {
      tag: 'v1.1.0',
      version: '1.1.0',
      target,
      tagsBefore: ['v1.0.0'],
      branch: 'main',
      deploy: shape.deploy,
      deployWait: shape.deployWait,
      commitVersion: false
    }
    const { records, startOffsets } = await runProcesses(s, options, proxies, {
      sha: target,
      inputs: { quality: 'none', ...inputsFor(shape) },
      after: () => snapshot(s)
    })
    const world = snapshot(s)
    const violations = [
      ...records.flatMap(record => [...checkRun(record, expected, true), ...checkClaims(record)]),
      ...checkStorm(records),
      ...checkWorld(world, expected, s.emulator.violations)
    ]
    const dispatchesByProcess = proxies.map(
      proxy =>
        proxy.requests.filter(request => request.operationId === 'actions/create-workflow-dispatch').length
    )
    return {
      records,
      startOffsets,
      violations,
      dispatches: dispatchesByProcess.reduce((sum, count) => sum + count, 0),
      dispatchesByProcess,
      successfulDeploys: world.deployRuns.filter(
        run => run.version === expected.version && run.eventual === 'success'
      ).length,
      durationMs: Date.now() - started
    }
  } finally {
    for (const proxy of proxies) await proxy.stop()
    await s.stop()
  }
}

/**
 * Starts the processes of a storm on one commit, each through its own recording proxy (kept in `proxies`, for the
 * caller to stop), at the offsets the options give: what each said, wrote and saw when it ended.
 */
export async function runProcesses<Seen>(
  s: Scenario,
  options: Pick<StormOptions, 'processes' | 'staggerMs' | 'seed' | 'node'>,
  proxies: RecordingProxy[],
  run: { sha: string; inputs: Record<string, string>; after: () => Seen }
): Promise<{ records: Array<Omit<RunRecord, 'after'> & { after: Seen }>; startOffsets: number[] }> {
  const rng = new Rng(options.seed ?? 1)
  const startOffsets: number[] = []
  for (let index = 0, at = 0; index < options.processes; index++) {
    startOffsets.push(at)
    if (options.staggerMs) at += rng.int(options.staggerMs[0], options.staggerMs[1])
  }
  for (let index = 0; index < options.processes; index++) {
    const proxy = new RecordingProxy(s.emulator.url, s.emulator.api)
    await proxy.start()
    proxies.push(proxy)
  }
  const records = await Promise.all(
    proxies.map(async (proxy, index) => {
      await new Promise(resolve => setTimeout(resolve, startOffsets[index]))
      const startedAt = Date.now()
      let action: ActionRun | null = null
      let harnessError: string | null = null
      try {
        action = await runAction({
          apiUrl: proxy.url,
          repository: REPOSITORY,
          sha: run.sha,
          inputs: run.inputs,
          node: options.node
        })
      } catch (error) {
        harnessError = error instanceof Error ? error.message : String(error)
      }
      return {
        label: `process ${index + 1}`,
        run: action,
        harnessError,
        writes: proxy.requests.filter(request => request.write),
        after: run.after(),
        startedAt,
        endedAt: Date.now()
      }
    })
  )
  return { records, startOffsets }
}

/**
 * In a storm without faults nothing is left half made, so exactly one process made the release and says
 * `released`; it must have done release work itself. Nobody is blocked: no state here needs a human.
 */
export function checkStorm(records: readonly RunRecord[]): Violation[] {
  const violations: Violation[] = []
  const released = records.filter(record => outcomeOf(record) === 'released')
  if (released.length !== 1) {
    const who = released.map(record => `${record.label} (${reasonOf(record)})`).join('; ')
    violations.push({
      invariant: 'storm-one-released',
      detail: `${released.length} processes say released${who ? `: ${who}` : ''}`
    })
  }
  for (const record of released) {
    const work = record.writes.filter(
      request => RELEASE_WORK.has(request.operationId ?? '') && wroteSuccessfully(request)
    )
    if (work.length === 0) {
      const writes = record.writes.map(request => `${request.operationId} ${request.status}`).join(', ')
      violations.push({
        invariant: 'released-is-real',
        detail: `${record.label} says released but neither created nor published the release (its writes: ${writes || 'none'})`
      })
    }
  }
  for (const record of records.filter(candidate => outcomeOf(candidate) === 'blocked'))
    violations.push({
      invariant: 'storm-not-blocked',
      detail: `${record.label} is blocked: ${reasonOf(record)}`
    })
  return violations
}
