import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Scenario } from '../scenario.js'
import { recordRun } from './campaign.js'
import { checkClaims } from './claims.js'
import {
  checkEnding,
  checkLatest,
  outcomeOf,
  reasonOf,
  type RunRecord,
  type Violation
} from './invariants.js'
import { addRelease, snapshot, type WorldSnapshot } from './world.js'

/** Which write of the older run is held back until the newer run has released. */
export type HeldWrite = 'create-ref' | 'create-release'

export interface OlderAfterNewerReport {
  held: HeldWrite
  older: RunRecord
  newer: RunRecord
  /** The older commit run once more, cleanly, afterwards: what a rerun of that workflow would do. */
  olderRerun: RunRecord
  world: WorldSnapshot
  /** Whether the older run made the held request at all (else the newer run never ran: nothing was tested). */
  exercised: boolean
  violations: Violation[]
}

/**
 * v1.0.0, then A (feat, 1.1.0 on its own) and B (feat!, 2.0.0) on top. A run for A decides 1.1.0; its first write
 * (the tag, or the release) is held until a run for B has released 2.0.0; then A's run goes on. The emulator
 * holds the request with the fault's `before` hook, so the order is certain, not timed.
 */
export async function runOlderAfterNewer(held: HeldWrite, node?: string): Promise<OlderAfterNewerReport> {
  const s = await new Scenario().start(node)
  const newerRunner = mkdtempSync(join(tmpdir(), 'autonomous-release-runner-'))
  try {
    const init = s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
    addRelease(s.state, 'v1.0.0', init, { draft: false })
    const older = s.repo.commit('feat: search by tag')
    const newer = s.repo.commit('feat!: new configuration format')

    let newerRun: Promise<RunRecord> | null = null
    const hold = async () => {
      // Its own runner folder: the harness empties the workspace at each start, under the older run's feet.
      newerRun = recordRun(s, `newer run (${newer.slice(0, 7)})`, { sha: newer, runnerDir: newerRunner })
      await newerRun
    }
    s.emulator.inject(
      held === 'create-ref'
        ? { operationId: 'git/create-ref', bodyIncludes: 'refs/tags/v1.1.0', before: hold }
        : { operationId: 'repos/create-release', bodyIncludes: '"tag_name":"v1.1.0"', before: hold }
    )
    const olderRecord = await recordRun(s, `older run (${older.slice(0, 7)})`, { sha: older })
    const newerRecord: RunRecord = newerRun
      ? await (newerRun as Promise<RunRecord>)
      : {
          label: 'newer run',
          run: null,
          harnessError: `the older run never made its ${held} request for v1.1.0, so the newer run never started`,
          writes: [],
          after: snapshot(s),
          startedAt: Date.now(),
          endedAt: Date.now()
        }
    // The newer run's requests fell inside the older run's window: they are the newer run's alone.
    olderRecord.writes = olderRecord.writes.filter(request => !newerRecord.writes.includes(request))
    s.emulator.clearFaults()
    const olderRerun = await recordRun(s, `older run again (${older.slice(0, 7)})`, { sha: older })
    const world = snapshot(s)
    const exercised = newerRun !== null
    return {
      held,
      older: olderRecord,
      newer: newerRecord,
      olderRerun,
      world,
      exercised,
      violations: [
        ...[olderRecord, newerRecord, olderRerun].flatMap(record => [
          ...checkEnding(record),
          ...checkClaims(record)
        ]),
        ...(exercised
          ? checkOlderAfterNewer(
              held,
              olderRecord,
              newerRecord,
              olderRerun,
              world,
              older,
              newer,
              s.emulator.violations
            )
          : [])
      ]
    }
  } finally {
    await s.stop()
    rmSync(newerRunner, { recursive: true, force: true })
  }
}

function checkOlderAfterNewer(
  held: HeldWrite,
  olderRun: RunRecord,
  newerRun: RunRecord,
  olderRerun: RunRecord,
  world: WorldSnapshot,
  older: string,
  newer: string,
  apiViolations: readonly string[]
): Violation[] {
  const violations: Violation[] = []
  const add = (invariant: Violation['invariant'], detail: string) => violations.push({ invariant, detail })
  if (outcomeOf(newerRun) !== 'released' || newerRun.run?.outputs.version !== '2.0.0')
    add(
      'released-is-real',
      `${newerRun.label} should release 2.0.0; it ended ${outcomeOf(newerRun)} ${newerRun.run?.outputs.version ?? ''}: ${reasonOf(newerRun)}`
    )
  const v2 = world.tags.find(tag => tag.name === 'v2.0.0')
  if (v2?.commit !== newer)
    add(
      'tag-at-release-commit',
      `v2.0.0 is at ${v2?.commit.slice(0, 7) ?? 'nowhere'}, not ${newer.slice(0, 7)}`
    )
  // Held at its tag: A had no release when 2.0.0 was made from it, so 1.1.0 would be a release below a higher
  // release that already contains its commit. Held at the release: 1.1.0 was tagged first and may be released,
  // but never as the Latest.
  if (held === 'create-ref') {
    const v11 = world.releases.filter(release => release.tagName === 'v1.1.0' && !release.draft)
    if (v11.length > 0)
      add(
        'no-lower-release-inside-higher',
        `v1.1.0 was released (release ${v11.map(r => r.id).join(', ')}) for ${older.slice(0, 7)}, which v2.0.0 already contains`
      )
    for (const record of [olderRun, olderRerun]) {
      if (outcomeOf(record) === 'released')
        add(
          'no-lower-release-inside-higher',
          `${record.label} says released ${record.run?.outputs.version}: ${reasonOf(record)}`
        )
      if (outcomeOf(record) === 'blocked')
        add(
          'superseded-run-skips',
          `${record.label} is blocked, though 2.0.0 containing it is simply newer: ${reasonOf(record)}`
        )
    }
    const stray = world.tags.find(tag => tag.name === 'v1.1.0')
    if (stray && v11.length === 0)
      add(
        'one-tag',
        `a tag v1.1.0 at ${stray.commit.slice(0, 7)} was left without a release inside v2.0.0; a later run on that commit would resume it`
      )
  }
  violations.push(...checkLatest(world))
  for (const problem of apiViolations) add('api-contract', problem)
  return violations
}
