import semver from 'semver'
import type { Bump } from '../../../test-support/bench/history.js'
import { ResourceProbe, timeChild } from '../../../test-support/bench/measured-process.js'
import { roundTripsInSequence } from '../../../test-support/bench/request-timeline.js'
import { BUNDLE, runAction, type ActionRun } from '../../../test-support/run-action.js'
import type { Decision, Measurement, Stage, Tool } from '../types.js'

const INPUTS = { 'dry-run': 'true', quality: 'none' }

function decisionOf(run: ActionRun): Decision {
  const version = run.outputs.version || null
  const previous = run.outputs['previous-version'] || null
  const difference = version && previous ? semver.diff(previous, version) : null
  const bump = difference === 'major' || difference === 'minor' || difference === 'patch' ? difference : null
  return { version, bump: bump as Bump | null, commits: run.result?.commitCount ?? null }
}

function failureOf(run: ActionRun, expected: string): string | null {
  if (run.exitCode !== 0 || run.outputs.outcome !== expected) {
    const why = run.outputs['skipped-reason'] || run.result?.reason || run.stderr.slice(-500)
    return `exit ${run.exitCode}, outcome ${run.outputs.outcome ?? 'none'}: ${why}`
  }
  return null
}

export interface ActionRunOptions {
  node: string
  /** Added to every request by the emulator, as a fault that meets them all. */
  latencyMs: number
  /** Extra environment (NODE_OPTIONS for a profile). */
  env?: Record<string, string>
  /** A real release instead of a dry run: it tags and releases, so a history can take only one. */
  release?: boolean
  /** More inputs (the monorepo's `packages`), on top of dry-run and quality: none. */
  inputs?: Record<string, string>
  /** Called with the finished run, for checks that need more than the measurement (the `releases` output). */
  onRun?: (run: ActionRun) => void
}

/** What the action is run against: the emulator, its timeline, and the repository's head. */
export type ActionStage = Pick<Stage, 'emulator' | 'timeline' | 'repository'> & { history: { head: string } }

/**
 * The bundle, run as the runner runs it (runAction), in a dry run with quality: none, against the emulator. Wall
 * time is the node process's, from spawn to exit; requests and their timing are what the emulator served meanwhile.
 */
export async function measureAction(stage: ActionStage, options: ActionRunOptions): Promise<Measurement> {
  const { emulator, timeline, history } = stage
  if (options.latencyMs > 0) emulator.inject({ delayMs: options.latencyMs, times: Number.POSITIVE_INFINITY })
  const probe = new ResourceProbe()
  const mark = timeline.mark()
  const logged = emulator.requests.length
  const cpuBefore = process.cpuUsage()
  try {
    const { result: run, times } = await timeChild(BUNDLE, () =>
      runAction({
        apiUrl: emulator.url,
        repository: stage.repository,
        sha: history.head,
        node: options.node,
        inputs: { ...INPUTS, ...options.inputs, ...(options.release ? { 'dry-run': 'false' } : {}) },
        wrapper: probe.wrapper(),
        ...(options.env ? { env: options.env } : {})
      })
    )
    const server = process.cpuUsage(cpuBefore)
    options.onRun?.(run)
    const timed = timeline.since(mark)
    const resources = probe.read()
    return {
      wallMs: times.exitedAt - times.spawnedAt,
      cpuMs: resources?.cpuMs ?? null,
      maxRssKb: resources?.maxRssKb ?? null,
      requests: emulator.requests.length - logged,
      roundTrips: roundTripsInSequence(timed),
      firstRequestMs: timed.length > 0 ? timed[0]!.startedAt - times.spawnedAt : null,
      serverCpuMs: (server.user + server.system) / 1000,
      decision: decisionOf(run),
      failure: failureOf(run, options.release ? 'released' : 'dry-run')
    }
  } finally {
    emulator.clearFaults()
    probe.dispose()
  }
}

export function actionTool(node: string, latencyMs: number): Tool {
  return {
    id: latencyMs > 0 ? 'action-latency' : 'action',
    label: latencyMs > 0 ? `this action (+${latencyMs} ms per request)` : 'this action',
    run: stage => measureAction(stage, { node, latencyMs })
  }
}
