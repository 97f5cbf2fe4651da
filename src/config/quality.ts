import { inputError } from '../errors.js'
import { quoted, type CommandLine, type Inputs } from './readers.js'

/**
 * `auto` is decided here when the inputs settle it (an API URL or a CLI call given means BEAST MODE); it is left
 * `auto` only when the run must look for the `beast-mode` CLI on PATH.
 */
export type QualityMode = 'auto' | 'beast-mode' | 'command' | 'none'

/** The quality gate: BEAST MODE (API or CLI) and extra quality commands. */
export interface QualityConfig {
  /**
   * Which quality gate runs: BEAST MODE (API or CLI, plus quality-commands), only quality-commands, or none; `auto`
   * means BEAST MODE if the CLI is on PATH, else only quality-commands (if any), said in the log and summary.
   */
  quality: QualityMode
  /** BEAST MODE's HTTP API base URL; null means the CLI. */
  beastModeApiUrl: string | null
  /** Bearer key for the BEAST MODE API; masked in logs. */
  beastModeApiKey: string
  /** The BEAST MODE CLI invocation. */
  beastModeCommand: CommandLine
  /** Extra quality gates, one command each. */
  qualityCommands: CommandLine[]
  /** Lowest passing BEAST MODE score, 0 to 100. */
  qualityThreshold: number
  /** Seconds one quality gate may take (API retries included). */
  qualityTimeoutSeconds: number
  /** Reuse the quality verdict of an earlier run on the same commit and quality configuration. */
  qualityCache: boolean
}

function readThreshold(input: Inputs): number {
  const value = input.text('quality-threshold')
  const threshold = /^\d{1,3}(\.\d{1,2})?$/.test(value) ? Number(value) : NaN
  if (!(threshold >= 0 && threshold <= 100)) {
    throw inputError(
      'quality-threshold',
      `${quoted(value)} is not a score from 0 to 100 (BEAST MODE's 0–100 scale).`
    )
  }
  return threshold
}

function readApiKey(input: Inputs, url: string | null): string {
  const key = input.secret('beast-mode-api-key')
  if (url && key === '') {
    throw inputError(
      'beast-mode-api-key',
      'beast-mode-api-url is set but the key is empty. Pass it from a secret.'
    )
  }
  return key
}

export function readQualityConfig(input: Inputs): QualityConfig {
  const chosen = input.choice('quality', ['auto', 'beast-mode', 'command', 'none'] as const)
  const qualityThreshold = readThreshold(input)
  const qualityCommands = input.lines('quality-commands').map(line => input.command('quality-commands', line))
  if (chosen === 'command' && qualityCommands.length === 0)
    throw inputError('quality-commands', 'quality: command needs at least one command, one per line.')
  const beastModeApiUrl = input.url('beast-mode-api-url', 'https://beast-mode.example.com')
  const given = input.text('beast-mode-command')
  const quality = chosen === 'auto' && (beastModeApiUrl || given) ? 'beast-mode' : chosen
  const command = given || `beast-mode ci check --min-score ${qualityThreshold} --fail-on-low-score`
  return {
    quality,
    beastModeApiUrl,
    beastModeApiKey: readApiKey(input, beastModeApiUrl),
    beastModeCommand: input.command('beast-mode-command', command),
    qualityCommands,
    qualityThreshold,
    qualityTimeoutSeconds: input.seconds('quality-timeout', 1),
    qualityCache: input.boolean('quality-cache')
  }
}
