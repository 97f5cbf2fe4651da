import * as cache from '@actions/cache'
import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../config/index.js'
import type { QualityVerdict } from './types.js'

/**
 * The cache key: the commit and everything about the gate that could change its verdict, including whether
 * BEAST MODE ran (with `quality: auto` that depends on the CLI being on PATH, not only on the inputs).
 */
export function verdictKey(config: Config, sha: string, beastMode: boolean): string {
  const gate = {
    quality: config.quality,
    beastMode,
    url: config.beastModeApiUrl,
    command: config.beastModeCommand.argv,
    commands: config.qualityCommands.map(command => command.argv),
    threshold: config.qualityThreshold
  }
  const digest = createHash('sha256').update(JSON.stringify(gate)).digest('hex').slice(0, 16)
  return `autonomous-release-quality-v1-${sha}-${digest}`
}

/** Where a verdict file lives: the same path on every run, as the cache's version depends on it. */
function verdictPath(key: string, runnerTemp: string | null): string {
  return join(runnerTemp ?? tmpdir(), 'autonomous-release-quality', key, 'verdict.json')
}

export type CacheLookup = { verdict: QualityVerdict } | { verdict: null; note: string | null }

/** The cached verdict, or null; any problem with the cache is a note, never a failure. */
export async function restoreVerdict(key: string, runnerTemp: string | null): Promise<CacheLookup> {
  if (!cache.isFeatureAvailable())
    return {
      verdict: null,
      note: 'the Actions cache service is not available here, so the quality gate runs'
    }
  const path = verdictPath(key, runnerTemp)
  try {
    const hit = await cache.restoreCache([path], key)
    if (!hit) return { verdict: null, note: null }
    return { verdict: { ...(JSON.parse(await readFile(path, 'utf8')) as QualityVerdict), cached: true } }
  } catch (error) {
    return {
      verdict: null,
      note: `the quality cache could not be read (${(error as Error).message}), so the gate runs`
    }
  }
}

/** Saves a verdict for later runs on the same commit; returns a note when that did not work. */
export async function saveVerdict(
  key: string,
  runnerTemp: string | null,
  verdict: QualityVerdict
): Promise<string | null> {
  if (!cache.isFeatureAvailable()) return null
  const path = verdictPath(key, runnerTemp)
  try {
    await mkdir(join(path, '..'), { recursive: true })
    await writeFile(path, JSON.stringify(verdict))
    const id = await cache.saveCache([path], key)
    return id === -1 ? 'the quality verdict was not cached (see the cache warning above)' : null
  } catch (error) {
    return `the quality verdict was not cached: ${(error as Error).message}`
  }
}
