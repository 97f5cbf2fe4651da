/** How often a deploy run is polled: quickly at first, then every 30 s, so a long deploy costs few requests. */
export const FIRST_POLL_MS = 2_000
export const MAX_POLL_MS = 30_000

export function nextPollDelay(previousMs: number | null): number {
  return previousMs === null ? FIRST_POLL_MS : Math.min(Math.round(previousMs * 1.5), MAX_POLL_MS)
}

/** The poll moments (ms after the start) within a wait of `totalMs`. */
export function pollSchedule(totalMs: number): number[] {
  const moments: number[] = []
  let delay: number | null = null
  for (let at = 0; ;) {
    delay = nextPollDelay(delay)
    at += delay
    if (at > totalMs) return moments
    moments.push(at)
  }
}
