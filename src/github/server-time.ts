import type { Clock } from '../clock.js'
import type { Octokit } from './client.js'

/**
 * GitHub's clock, as the `Date` header of its answers tells it. Release windows and cadence are judged by it, not by
 * the runner's clock: the times they compare with (a release's publication) are GitHub's too.
 */
export class ServerTime {
  /** GitHub's time minus the local clock's, from the last answer; null before any. */
  private offsetMs: number | null = null
  /** GitHub's time at its first answer to this run: when the run began, as GitHub tells time. */
  private first: number | null = null

  constructor(private readonly clock: Clock) {}

  /** Takes the time from an answer's `Date` header (to the second, as HTTP dates are). */
  observe(dateHeader: unknown): void {
    const ms = typeof dateHeader === 'string' ? Date.parse(dateHeader) : NaN
    if (Number.isNaN(ms)) return
    this.offsetMs = ms - this.clock.now()
    this.first ??= ms
  }

  /** GitHub's time at its first answer (to the second), or null before any. */
  get firstSeen(): number | null {
    return this.first
  }

  get known(): boolean {
    return this.offsetMs !== null
  }

  /** GitHub's time now (ms since the epoch): the local clock, corrected by the last answer's Date. */
  now(): number {
    return this.clock.now() + (this.offsetMs ?? 0)
  }

  /** Listens to every answer of the client, failed ones included. */
  watch(octokit: Octokit): void {
    octokit.hook.after('request', response => this.observe(response.headers.date))
    octokit.hook.error('request', error => {
      this.observe((error as { response?: { headers?: Record<string, unknown> } }).response?.headers?.date)
      throw error
    })
  }
}
