/** One quality gate's result, as the summary and `result` show it. */
export interface GateResult {
  name: string
  kind: 'beast-mode-api' | 'beast-mode-cli' | 'command'
  passed: boolean
  /** 0–100, when the gate gave one. */
  score: number | null
  reason: string
  durationMs: number
  recommendations: string[]
  /** The gate could not give a verdict (unreachable, timed out, refused, no score), as opposed to a low score. */
  inconclusive: boolean
}

export interface QualityVerdict {
  passed: boolean
  /** BEAST MODE's score, 0–100. */
  score: number | null
  threshold: number
  gates: GateResult[]
  /** Taken from an earlier run on the same commit and configuration. */
  cached: boolean
  /** The gate was turned off with quality: none. */
  off: boolean
  /** `quality: auto` found no BEAST MODE (no API URL, no CLI on PATH): only quality-commands ran, if any. */
  beastModeMissing: boolean
}

/** What `quality: auto` says when it finds no BEAST MODE: in the gate table, the log notice and the summary. */
export const NOT_CONFIGURED = 'not configured (set beast-mode-api-url or install the beast-mode CLI)'
