import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PROJECT_ROOT } from '../../test-support/run-action.js'
import { measureAction } from './tools/action.js'
import type { Measurement, Stage } from './types.js'

/** The parts of a V8 .cpuprofile read here. */
interface CpuProfile {
  nodes: Array<{
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
  }>
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface HotSpot {
  /** A function and where it is, or a file, or V8's own bucket such as (garbage collector). */
  name: string
  selfMs: number
}

export interface ProfileSummary {
  /** The profiled runs: profiling slows a run down a little, so they are not among the samples. */
  runs: Measurement[]
  /** Per run, on average. */
  sampledMs: number
  functions: HotSpot[]
  files: HotSpot[]
}

function place(url: string): string {
  if (!url) return ''
  if (!url.startsWith('file:')) return url
  return relative(PROJECT_ROOT, fileURLToPath(url))
}

/**
 * Self time per function and per file over several profiles, averaged per profile: each sample's interval is
 * charged to the frame on top of the stack. On a shared machine one profile is noisy; several agree better.
 */
export function summariseProfiles(
  profiles: readonly CpuProfile[],
  top: number
): Omit<ProfileSummary, 'runs'> {
  const byFunction = new Map<string, number>()
  const byFile = new Map<string, number>()
  const add = (map: Map<string, number>, key: string, ms: number) =>
    map.set(key, (map.get(key) ?? 0) + ms / profiles.length)
  let sampledMs = 0
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map(node => [node.id, node.callFrame]))
    let at = profile.startTime
    const stamps = profile.timeDeltas.map(delta => (at += delta))
    for (const [index, id] of profile.samples.entries()) {
      const ms = ((stamps[index + 1] ?? profile.endTime) - stamps[index]!) / 1000
      const frame = frames.get(id)!
      const where = place(frame.url)
      const name = frame.functionName || (where ? '(anonymous)' : '(unknown)')
      add(byFunction, where ? `${name} ${where}:${frame.lineNumber + 1}` : name, ms)
      add(byFile, where || name, ms)
    }
    sampledMs += (profile.endTime - profile.startTime) / 1000 / profiles.length
  }
  const ranked = (map: Map<string, number>) =>
    [...map]
      .map(([name, selfMs]) => ({ name, selfMs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
  return { sampledMs, functions: ranked(byFunction), files: ranked(byFile) }
}

/** `count` more runs of the action (no added latency) under `node --cpu-prof`, summarised together. */
export async function profileAction(
  stage: Stage,
  node: string,
  count: number,
  top = 15
): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cpu-prof-'))
  try {
    const runs: Measurement[] = []
    for (let run = 0; run < count; run++) {
      runs.push(
        await measureAction(stage, {
          node,
          latencyMs: 0,
          env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` }
        })
      )
    }
    const files = readdirSync(dir).filter(name => name.endsWith('.cpuprofile'))
    if (files.length !== count) throw new Error(`node --cpu-prof wrote ${files.length} of ${count} profiles`)
    const profiles = files.map(file => JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile)
    return { runs, ...summariseProfiles(profiles, top) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
