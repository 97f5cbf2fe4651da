import { parseReleaseWindow, WindowSyntaxError, type ReleaseWindow } from '../domain/release-window.js'
import { inputError } from '../errors.js'
import { quoted, type Inputs } from './readers.js'

/** The guardrails for releasing with no human: when, whether frozen, which kinds, how often. */
export interface GuardrailsConfig {
  /** When automatic releases may happen; empty means any time. */
  releaseWindows: ReleaseWindow[]
  /** A manual dispatch may release outside the windows. */
  overrideWindow: boolean
  /** An open issue with this label freezes releases; null when freezes by issue are turned off (`none`). */
  freezeLabel: string | null
  /** Why releases are frozen, from the `freeze` input (e.g. a repository variable); null when they are not. */
  freeze: string | null
  /** A manual dispatch by an admin or maintainer may release during a freeze. */
  overrideFreeze: boolean
  /** `manual`: a major release needs a person to ask for it (a dispatch with bump: major or that version). */
  majorReleases: 'auto' | 'manual'
  /** Automatic releases at most this often (seconds since the last one was published); null for no limit. */
  minReleaseIntervalSeconds: number | null
}

const NOT_FROZEN = ['', 'false', 'False', 'FALSE', '0', 'no', 'No', 'NO']
const DAY_SECONDS = 86_400
const MAX_INTERVAL_DAYS = 365

function readWindows(input: Inputs): ReleaseWindow[] {
  return input.lines('release-window').map(line => {
    try {
      return parseReleaseWindow(line, quoted)
    } catch (error) {
      if (error instanceof WindowSyntaxError) throw inputError('release-window', error.message)
      throw error
    }
  })
}

function readFreezeLabel(input: Inputs): string | null {
  const label = input.text('freeze-label', { max: 50 })
  return label === '' || label.toLowerCase() === 'none' ? null : label
}

function readFreeze(input: Inputs): string | null {
  const value = input.text('freeze', { max: 200 })
  if (NOT_FROZEN.includes(value)) return null
  return /^(true|yes|1)$/i.test(value) ? 'the freeze input is set' : value
}

/** `30m`, `24h`, `7d`; empty or 0 for no limit. */
function readInterval(input: Inputs): number | null {
  const value = input.text('min-release-interval')
  if (value === '' || value === '0') return null
  const match = /^(\d{1,6})\s*(m|h|d)$/.exec(value)
  const seconds = match
    ? Number(match[1]) * { m: 60, h: 3600, d: DAY_SECONDS }[match[2] as 'm' | 'h' | 'd']
    : NaN
  if (!(seconds > 0 && seconds <= MAX_INTERVAL_DAYS * DAY_SECONDS))
    throw inputError(
      'min-release-interval',
      `${quoted(value)} is not an interval: give minutes (30m), hours (24h) or days (7d), up to ${MAX_INTERVAL_DAYS}d, or leave it empty for none.`
    )
  return seconds
}

export function readGuardrailsConfig(input: Inputs): GuardrailsConfig {
  return {
    releaseWindows: readWindows(input),
    overrideWindow: input.boolean('override-window'),
    freezeLabel: readFreezeLabel(input),
    freeze: readFreeze(input),
    overrideFreeze: input.boolean('override-freeze'),
    majorReleases: input.choice('major-releases', ['auto', 'manual'] as const),
    minReleaseIntervalSeconds: readInterval(input)
  }
}
