import type { Emulator } from '../../test-support/emulator/server.js'
import type { BenchHistory, Bump } from '../../test-support/bench/history.js'
import type { RequestTimeline } from '../../test-support/bench/request-timeline.js'

export type ToolId =
  'action' | 'action-latency' | 'release-please' | 'semantic-release' | 'recommended-bump' | 'git-log'

/** What a tool decided about a history, as far as it says. */
export interface Decision {
  version: string | null
  bump: Bump | null
  /** Commits it read since the last release, when it tells. */
  commits: number | null
  /** Its own words, when they can be checked (conventional-recommended-bump's reason). */
  detail?: string
}

/** One measured run of one tool on one history. */
export interface Measurement {
  /** From just before the process was spawned to its exit. */
  wallMs: number
  /** User + system CPU of the process (and of the children it waited for, such as git). */
  cpuMs: number | null
  maxRssKb: number | null
  requests: number | null
  roundTrips: number | null
  /** From spawn to the arrival of the first API request. */
  firstRequestMs: number | null
  /** CPU the emulator (this process) spent answering, git aside. */
  serverCpuMs: number | null
  /** null when the tool has nothing to decide (git log). */
  decision: Decision | null
  /** Why the run does not count: a non-zero exit, an unexpected outcome. */
  failure: string | null
}

export interface Sample extends Measurement {
  tool: ToolId
  size: number
  /** 0 for the warm-up run, which is not in the figures. */
  run: number
}

/** Everything one history is served and read from. */
export interface Stage {
  history: BenchHistory
  emulator: Emulator
  timeline: RequestTimeline
  /** owner/name the emulator serves the history as. */
  repository: string
  /** A clone with a local bare remote as `origin`, for the tools that read git. */
  clone: string
}

export interface Tool {
  id: ToolId
  label: string
  run(stage: Stage): Promise<Measurement>
}

export const NO_FIGURES: Omit<Measurement, 'wallMs' | 'decision' | 'failure'> = {
  cpuMs: null,
  maxRssKb: null,
  requests: null,
  roundTrips: null,
  firstRequestMs: null,
  serverCpuMs: null
}
