/**
 * The emulator's "now": real time unless a test sets it. GitHub's Date header and every timestamp the emulator
 * writes come from here, so a test can put a run at a chosen moment (a weekend, a daylight-saving change).
 */
export class Clock {
  private fixed: Date | null = null

  /** Stops the clock at `now`; null goes back to real time. */
  set(now: Date | null): void {
    if (now !== null && Number.isNaN(now.getTime())) throw new Error('The emulator clock needs a valid date')
    this.fixed = now === null ? null : new Date(now.getTime())
  }

  get frozen(): boolean {
    return this.fixed !== null
  }

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date()
  }

  /** ISO 8601 to the second, as GitHub writes timestamps. */
  iso(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
  }

  /** The HTTP Date header: `Sun, 29 Mar 2026 01:30:00 GMT`. */
  httpDate(): string {
    return this.now().toUTCString()
  }

  seconds(): number {
    return Math.floor(this.now().getTime() / 1000)
  }
}
