import { RequestTimeline } from '../../test-support/bench/request-timeline.js'
import { Emulator } from '../../test-support/emulator/server.js'
import type { HistoryFacts } from './agreement.js'
import { bareRequestMs, bundleSize, nodeStartMs, type ColdStart } from './cold-start.js'
import { profileAction, type ProfileSummary } from './cpu-profile.js'
import type { BenchOptions } from './options.js'
import { openStage } from './stage.js'
import { measureAction } from './tools/action.js'
import { NO_FIGURES, type Sample, type Stage, type Tool, type ToolId } from './types.js'

export interface BenchResults {
  samples: Sample[]
  histories: HistoryFacts[]
  cold: ColdStart
  profile: ProfileSummary | null
  /** One real release (not a dry run) per history, with the added latency, after the measured runs. */
  releases: Array<{ size: number; sample: Sample }>
}

const count = (value: number) => value.toLocaleString('en-US')
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/**
 * Warmed up on every history: the emulator reads git once per range (and once per stretch of history, for
 * release-please's commit files), and git's files enter the page cache.
 */
const WARMED_EVERY_TIME: readonly ToolId[] = ['action', 'action-latency', 'release-please', 'git-log']

/** The same tools starting at another place each run, so that no tool always runs first. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length
  return [...items.slice(shift), ...items.slice(0, shift)]
}

async function measure(tool: Tool, stage: Stage, run: number, log: (line: string) => void): Promise<Sample> {
  const base = { tool: tool.id, size: stage.history.size, run }
  let sample: Sample
  try {
    sample = { ...base, ...(await tool.run(stage)) }
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error)
    sample = { ...base, ...NO_FIGURES, wallMs: Number.NaN, decision: null, failure }
  }
  const what = run === 0 ? 'warm-up' : `run ${run}`
  log(`  ${what} ${tool.label}: ${sample.failure ? `FAILED: ${sample.failure}` : seconds(sample.wallMs)}`)
  return sample
}

/**
 * Every history in turn, one emulator for all: a warm-up, then `runs` rounds in which every tool runs once (in
 * an order that moves round by round) and the cold-start baselines are taken once.
 */
export async function runBench(
  options: BenchOptions,
  tools: readonly Tool[],
  node: string,
  log: (line: string) => void
): Promise<BenchResults> {
  const emulator = new Emulator({ repos: {}, validateResponses: 'off' })
  await emulator.start()
  const timeline = new RequestTimeline(Number(new URL(emulator.url).port))
  const results: BenchResults = {
    samples: [],
    histories: [],
    cold: { nodeStartMs: [], bareRequestMs: [], actionFirstRequestMs: [], bundle: bundleSize() },
    profile: null,
    releases: []
  }
  const { samples, cold } = results
  try {
    for (const [index, size] of options.sizes.entries()) {
      const building = performance.now()
      const stage = openStage(size, emulator, timeline)
      const { counts, expected, lastTag, lastVersion } = stage.history
      results.histories.push({ size, lastVersion, expected, counts })
      log(
        `${count(size)} commits since ${lastTag} (${counts.breaking} breaking, ${counts.feature} features, ` +
          `${counts.fix} fixes): built and cloned in ${seconds(performance.now() - building)}`
      )
      try {
        // The other peers only on the first history: semantic-release alone takes a minute on 50,000 commits.
        const warmUps = index === 0 ? tools : tools.filter(tool => WARMED_EVERY_TIME.includes(tool.id))
        for (const tool of warmUps) samples.push(await measure(tool, stage, 0, log))
        for (let run = 1; run <= options.runs; run++) {
          for (const tool of rotate(tools, run - 1 + index))
            samples.push(await measure(tool, stage, run, log))
          cold.nodeStartMs.push(await nodeStartMs(node))
          cold.bareRequestMs.push(await bareRequestMs(node, stage))
        }
        if (options.profile === size) results.profile = await profileAction(stage, node, options.runs)
        if (tools.some(tool => tool.id === 'action')) {
          const release = await measureAction(stage, { node, latencyMs: options.latencyMs, release: true })
          results.releases.push({ size, sample: { ...release, tool: 'action', size, run: 1 } })
          log(
            `  a real release of ${count(size)} commits: ${release.requests} requests, ${release.roundTrips} in sequence`
          )
        }
      } finally {
        stage.close()
      }
    }
  } finally {
    timeline.close()
    await emulator.stop()
  }
  // The first request leaves before any latency is added, so both modes time the same start.
  cold.actionFirstRequestMs = samples.flatMap(sample =>
    sample.run > 0 && sample.firstRequestMs !== null ? [sample.firstRequestMs] : []
  )
  return results
}
