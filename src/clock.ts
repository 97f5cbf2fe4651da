import { nextDelay, type BackoffPolicy } from './domain/backoff.js'

/** Time, passed in so that waiting is explicit and tests can see it. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
}

export interface WaitOptions {
  policy: BackoffPolicy
  /** Stop looking after this long; the last look is at the deadline itself. */
  timeoutMs: number
  /** Told before each pause how long it is. */
  onWait?(ms: number): void
}

/**
 * The one way the action waits for something: `look` until `done` says its answer settles it, pausing by the
 * policy between looks. Returns the last answer, settled or not when the time ran out.
 */
export async function waitFor<T>(
  clock: Clock,
  options: WaitOptions,
  look: () => Promise<T>,
  done: (answer: T) => boolean
): Promise<T> {
  const deadline = clock.now() + options.timeoutMs
  let delay: number | null = null
  for (;;) {
    const answer = await look()
    const remaining = deadline - clock.now()
    if (done(answer) || remaining <= 0) return answer
    delay = nextDelay(options.policy, delay)
    const pause = Math.min(delay, remaining)
    options.onWait?.(pause)
    await clock.sleep(pause)
  }
}
