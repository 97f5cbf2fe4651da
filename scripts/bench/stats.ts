import type { Sample, ToolId } from './types.js'

export interface Spread {
  median: number
  min: number
  max: number
  count: number
}

/** Median (mean of the middle two for an even count), min and max; null for no values. */
export function spread(values: ReadonlyArray<number | null>): Spread | null {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value))
  if (known.length === 0) return null
  const sorted = [...known].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, count: sorted.length }
}

/** The figures of one tool on one history, over its counted runs (warm-ups and failed runs left out). */
export interface ToolFigures {
  tool: ToolId
  size: number
  runs: number
  failed: number
  wallMs: Spread | null
  cpuMs: Spread | null
  maxRssKb: Spread | null
  requests: Spread | null
  roundTrips: Spread | null
  serverCpuMs: Spread | null
}

export function figuresOf(samples: readonly Sample[], tool: ToolId, size: number): ToolFigures {
  const mine = samples.filter(sample => sample.tool === tool && sample.size === size && sample.run > 0)
  const counted = mine.filter(sample => sample.failure === null)
  const of = (pick: (sample: Sample) => number | null) => spread(counted.map(pick))
  return {
    tool,
    size,
    runs: counted.length,
    failed: mine.length - counted.length,
    wallMs: of(sample => sample.wallMs),
    cpuMs: of(sample => sample.cpuMs),
    maxRssKb: of(sample => sample.maxRssKb),
    requests: of(sample => sample.requests),
    roundTrips: of(sample => sample.roundTrips),
    serverCpuMs: of(sample => sample.serverCpuMs)
  }
}

/** a ÷ b of two medians, or null when either is missing or b is 0. */
export function ratio(a: Spread | null, b: Spread | null): number | null {
  return a && b && b.median > 0 ? a.median / b.median : null
}
