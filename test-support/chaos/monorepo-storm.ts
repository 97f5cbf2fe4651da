import { Scenario } from '../scenario.js'
import { outcomeOf, reasonOf, type Violation } from './invariants.js'
import {
  checkMonorepoRun,
  checkMonorepoWorld,
  releasesOf,
  type MonorepoRunRecord
} from './monorepo-invariants.js'
import type { MonorepoShape } from './monorepo-plan.js'
import {
  buildMonorepo,
  monorepoInputs,
  monorepoSnapshot,
  type MonorepoExpectation
} from './monorepo-world.js'
import type { RecordingProxy } from './proxy.js'
import { runProcesses, type StormReport } from './storm.js'
import { QUICK_DEPLOY, wroteSuccessfully } from './world.js'

export interface MonorepoStormOptions {
  /** How many processes of the action run on the one commit. */
  processes: number
  /** Which packages the change touches (see MonorepoShape). */
  change: MonorepoShape['change']
  /** The last package released deploys with its own workflow, its release a draft until deployed. */
  deploy: boolean
  /** Each process starts this long (a random span, ms) after the one before; all at once when absent. */
  staggerMs?: readonly [number, number]
  seed?: number
  node?: string
}

export interface MonorepoStormReport extends StormReport {
  records: MonorepoRunRecord[]
}

/** The monorepo storms the suite keeps: with commit-version always, as the README's recipe has it. */
export const MONOREPO_STORMS: ReadonlyArray<readonly [string, MonorepoStormOptions]> = [
  [
    'commit-version, one commit touching a and c, b untouched',
    { processes: 8, change: 'two', deploy: false }
  ],
  [
    'commit-version, three packages, c deploying (draft until deployed), starts 100–400 ms apart',
    { processes: 6, change: 'three', deploy: true, staggerMs: [100, 400], seed: 11 }
  ]
]

/**
 * N processes of the action on one monorepo commit, as N workflow runs triggered together would be, each through
 * its own recording proxy: one version commit, one tag and one published release per changed package, each
 * announced by exactly one process, and nobody blocked.
 */
export async function runMonorepoStorm(options: MonorepoStormOptions): Promise<MonorepoStormReport> {
  const started = Date.now()
  const s = await new Scenario().start(options.node)
  const proxies: RecordingProxy[] = []
  try {
    s.state.runScript = { ...QUICK_DEPLOY }
    const shape: MonorepoShape = {
      change: options.change,
      unrelatedCommit: false,
      customPrefix: false,
      commitVersion: true,
      deploy: options.deploy,
      draftUntilDeployed: options.deploy,
      deployWait: options.deploy,
      releaseNotes: 'conventional',
      leftover: 'none',
      rerun: 'at once',
      pushed: false
    }
    const expected = buildMonorepo(s, shape)
    const { records, startOffsets } = await runProcesses(s, options, proxies, {
      sha: expected.target,
      inputs: { quality: 'none', ...monorepoInputs(shape) },
      after: () => monorepoSnapshot(s, expected)
    })
    const world = monorepoSnapshot(s, expected)
    const violations = [
      ...records.flatMap(record => checkMonorepoRun(record, expected, true)),
      ...checkMonorepoStorm(records, expected),
      ...checkMonorepoWorld(world, expected, {
        final: true,
        label: 'end state',
        apiViolations: s.emulator.violations
      })
    ]
    const dispatchesByProcess = proxies.map(
      proxy =>
        proxy.requests.filter(request => request.operationId === 'actions/create-workflow-dispatch').length
    )
    const deploying = expected.changed.find(release => release.deploy)
    return {
      records,
      startOffsets,
      violations,
      dispatches: dispatchesByProcess.reduce((sum, count) => sum + count, 0),
      dispatchesByProcess,
      successfulDeploys: deploying
        ? world.deployRuns.filter(run => run.version === deploying.version && run.eventual === 'success')
            .length
        : 0,
      durationMs: Date.now() - started
    }
  } finally {
    for (const proxy of proxies) await proxy.stop()
    await s.stop()
  }
}

// The writes that make or publish a package's release: the work a process may claim as its own.
const RELEASE_WORK = new Set(['repos/create-release', 'repos/update-release'])

/**
 * Without faults nothing is left half made: each changed package is announced (in `releases`) by exactly one
 * process, which made or published its release itself; nobody is blocked.
 */
export function checkMonorepoStorm(
  records: readonly MonorepoRunRecord[],
  expected: MonorepoExpectation
): Violation[] {
  const violations: Violation[] = []
  for (const release of expected.changed) {
    const announcing = records.filter(record =>
      (releasesOf(record) ?? []).some(entry => entry.package === release.name)
    )
    if (announcing.length !== 1)
      violations.push({
        invariant: 'storm-one-released',
        detail: `${announcing.length} processes say they released ${release.tag}${announcing.length ? `: ${announcing.map(record => record.label).join(', ')}` : ''}`
      })
    for (const record of announcing) {
      const ids = new Set(
        record.after.releases.filter(candidate => candidate.tagName === release.tag).map(item => item.id)
      )
      const work = record.writes.filter(request => {
        if (!RELEASE_WORK.has(request.operationId ?? '') || !wroteSuccessfully(request)) return false
        const body = (request.body ?? {}) as { tag_name?: unknown }
        return body.tag_name === release.tag || [...ids].some(id => request.path.endsWith(`/releases/${id}`))
      })
      if (work.length === 0)
        violations.push({
          invariant: 'released-is-real',
          detail: `${record.label} says it released ${release.tag} but neither created nor published its release`
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
