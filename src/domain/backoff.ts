/**
 * How the action waits: quickly at first, then less and less often. One policy for polling what GitHub is doing
 * (checks, deploy runs, another run's release), one for retrying a request that failed.
 */
export interface BackoffPolicy {
  firstMs: number
  factor: number
  maxMs: number
}

/** Polls: 2 s, 3 s, 4.5 s, … up to every 30 s, so a long wait costs few requests. */
export const POLL: BackoffPolicy = { firstMs: 2_000, factor: 1.5, maxMs: 30_000 }
/** Retries: 0.5 s, 1 s, 2 s, … up to 8 s. */
export const RETRY: BackoffPolicy = { firstMs: 500, factor: 2, maxMs: 8_000 }

export function nextDelay(policy: BackoffPolicy, previousMs: number | null): number {
  return previousMs === null ? policy.firstMs : Math.min(Math.round(previousMs * policy.factor), policy.maxMs)
}

/** The moments (ms after the start) a wait of `totalMs` looks again, the last one at the deadline itself. */
export function delaySchedule(policy: BackoffPolicy, totalMs: number): number[] {
  const moments: number[] = []
  let delay: number | null = null
  for (let at = 0; at < totalMs;) {
    delay = nextDelay(policy, delay)
    at = Math.min(at + delay, totalMs)
    moments.push(at)
  }
  return moments
}
