/** What the guardrails found, for the report: one line per rule that is configured, in the order checked. */
export type GuardrailRule = 'window' | 'freeze' | 'cadence' | 'major'

/** How the report names each rule. */
export const GUARDRAIL_NAMES: Record<GuardrailRule, string> = {
  window: 'Release window',
  freeze: 'Freeze',
  cadence: 'Cadence',
  major: 'Major release'
}

export interface GuardrailCheck {
  rule: GuardrailRule
  /**
   * passed: the rule lets the release through; stopped: it stops it; overridden: it would have stopped it, and a
   * person's dispatch overrode it; warned: it could not be checked (say why); ignored: not applied to this trigger.
   */
  state: 'passed' | 'stopped' | 'overridden' | 'warned' | 'ignored'
  detail: string
}

/** An override a person's dispatch made, recorded in the summary and the result. */
export interface GuardrailOverride {
  rule: GuardrailRule
  /** Who dispatched the run. */
  by: string
  /** What was overridden. */
  detail: string
}

export interface GuardrailsReport {
  checks: GuardrailCheck[]
  overrides: GuardrailOverride[]
}

/** `45m`, `3h 20m`, `2d 4h`: a span to the nearest minute (at least one), for messages. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000))
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  const parts = [days > 0 ? `${days}d` : '', hours > 0 ? `${hours}h` : '', rest > 0 ? `${rest}m` : '']
  return parts.filter(Boolean).slice(0, 2).join(' ')
}

/** `2026-03-29 09:30 UTC`: a moment to the minute. */
export function formatMoment(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
