import { statSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runMeasured } from '../../test-support/bench/measured-process.js'
import { PROJECT_ROOT } from '../../test-support/run-action.js'
import type { Stage } from './types.js'

/** `node -e 0`, from spawn to exit, under the same wrapper and clock as every tool. */
export async function nodeStartMs(node: string): Promise<number> {
  const run = await runMeasured(node, ['-e', '0'], { cwd: tmpdir() })
  return run.times.exitedAt - run.times.spawnedAt
}

/**
 * A bare Node that sends one request to the emulator, from spawn to the request's arrival: what the action's
 * first request would cost if loading and starting the action cost nothing.
 */
export async function bareRequestMs(node: string, stage: Stage): Promise<number> {
  const mark = stage.timeline.mark()
  const url = `${stage.emulator.url}/repos/${stage.repository}`
  const run = await runMeasured(
    node,
    ['-e', "require('node:http').get(process.argv[1], r => r.resume())", url],
    {
      cwd: tmpdir()
    }
  )
  const first = stage.timeline.since(mark)[0]
  if (run.exitCode !== 0 || !first) throw new Error(`The bare request failed: ${run.tail}`)
  return first.startedAt - run.times.spawnedAt
}

export interface BundleSize {
  entryBytes: number
  distBytes: number
  distFiles: number
}

/** dist/index.js, and all of dist/ (the lazily loaded chunks with it). */
export function bundleSize(): BundleSize {
  const dist = join(PROJECT_ROOT, 'dist')
  const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter(entry => entry.isFile())
  return {
    entryBytes: statSync(join(dist, 'index.js')).size,
    distBytes: files.reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0),
    distFiles: files.length
  }
}

/** The action's start next to bare Node's, and the size of what it loads. */
export interface ColdStart {
  nodeStartMs: number[]
  bareRequestMs: number[]
  actionFirstRequestMs: number[]
  bundle: BundleSize
}
