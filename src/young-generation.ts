/**
 * Where the young generation stops growing: both semi-spaces together, as V8 reports `new_space`. It may still
 * double once before the check below sees it, so it ends at most at 32 MB, Node 20's largest.
 */
const STOP_GROWING_AT_BYTES = 16 * 1024 * 1024

let capped = false

/**
 * Keeps V8's young generation at Node 20's size while a long history is read. V8 doubles the young generation
 * whenever more survives its scavenges than it holds; reading 50,000 commits keeps 20 MB of them, so on Node 24,
 * whose V8 allows semi-spaces of 64 MB, it grows to 128 MB, and most of that is garbage counted in the peak memory
 * (Node 20's V8 stops at 32 MB). `--max-semi-space-size` is read only when the heap is made, before the action
 * runs; the growth factor is read each time the young generation grows, so setting it to 1 once the young
 * generation has reached 16 MB stops it there. Scavenges then run more often on the same survivors: no
 * measurable time at 50,000 commits.
 */
export function capYoungGeneration(): void {
  if (capped) return
  capped = true
  // Loaded here, not at start-up: a short history never needs them.
  const { PerformanceObserver } = process.getBuiltinModule('node:perf_hooks')
  const { getHeapSpaceStatistics, setFlagsFromString } = process.getBuiltinModule('node:v8')
  // Checked after each collection (the observer runs soon after, between pages).
  const observer = new PerformanceObserver(() => {
    const young = getHeapSpaceStatistics().find(space => space.space_name === 'new_space')
    if (young === undefined || young.space_size < STOP_GROWING_AT_BYTES) return
    setFlagsFromString('--semi-space-growth-factor=1')
    observer.disconnect()
  })
  observer.observe({ entryTypes: ['gc'] })
}
