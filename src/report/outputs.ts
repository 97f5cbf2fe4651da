import * as core from '@actions/core'
import { cutText, MAX_LINE_LENGTH, sliceWhole, untrusted, utf8Length } from '../domain/untrusted.js'
import type { ReleaseResult } from './result.js'

/**
 * GitHub refuses step outputs over 1 MB; this is what the action's outputs may take together, leaving room for
 * the defaults written first (the runner keeps the last value of each).
 */
export const OUTPUTS_LIMIT = 990_000

/** What the runner's file command adds to each output: `name<<ghadelimiter_<uuid>`, the value, the delimiter. */
const PER_OUTPUT = 2 * (13 + 36) + 6

const NOTES_CUT =
  '\n\n…(cut: the release notes are longer than a step output can hold; the release has them all)'

const OUTPUTS: Array<[string, (result: ReleaseResult) => string]> = [
  ['outcome', result => result.outcome],
  ['released', result => String(result.released)],
  // Workflows print it: it is text for the log.
  ['skipped-reason', result => untrusted(result.skippedReason, { maxLength: 4 * MAX_LINE_LENGTH })],
  ['version', result => result.version],
  ['previous-version', result => result.previousVersion],
  ['tag', result => result.tag],
  ['sha', result => result.sha],
  ['release-id', result => (result.releaseId === null ? '' : String(result.releaseId))],
  ['release-url', result => result.releaseUrl],
  ['release-notes', result => result.releaseNotes],
  ['quality-score', result => (result.qualityScore === null ? '' : String(result.qualityScore))],
  ['checks-state', result => result.checksState],
  ['deploy-run-id', result => (result.deployRunId === null ? '' : String(result.deployRunId))],
  ['deploy-run-url', result => result.deployRunUrl],
  ['deploy-conclusion', result => result.deployConclusion],
  ['rollback-run-id', result => (result.rollback?.runId == null ? '' : String(result.rollback.runId))],
  ['rollback-run-url', result => result.rollback?.runUrl ?? ''],
  ['rollback-conclusion', result => result.rollback?.conclusion ?? ''],
  ['major-tags', result => result.majorTags.join(',')],
  ['releases', result => commandSafeJson(result.releases)],
  ['result', result => resultJson(result)]
]

/** Every output, always: written with defaults first, then again with the run's result. */
export function writeOutputs(result: ReleaseResult): void {
  for (const [name, value] of fitOutputs(result)) core.setOutput(name, value)
}

/**
 * The outputs, under OUTPUTS_LIMIT bytes together. When the result is too big (a huge BEAST MODE answer, very
 * long notes), it gives up, in this order and only as far as needed: the per-commit list (the summary and the
 * compare link have the commits), every text beyond one line of untrusted text, the end of the release notes
 * (both in `release-notes` and in `result`), and last every detail but the outcome and the release's facts.
 * `result` stays valid JSON and says in `truncated` what it lost.
 */
export function fitOutputs(result: ReleaseResult, limit = OUTPUTS_LIMIT): Array<[string, string]> {
  const truncated: string[] = []
  let current = result
  const attempt = (next: ReleaseResult, what: string): Array<[string, string]> | null => {
    current = next
    truncated.push(what)
    const values = render({ ...current, truncated: [...truncated] })
    return size(values) <= limit ? values : null
  }
  const whole = render(result)
  if (size(whole) <= limit) return whole
  const fitted =
    attempt({ ...current, commits: [] }, 'commits') ??
    attempt(capTexts(current, MAX_LINE_LENGTH), 'long-texts') ??
    fitNotes(current, truncated, limit) ??
    attempt(essentials(current), 'details')
  // The essentials are a few KB; only a limit below that gets here.
  return fitted ?? render({ ...essentials(current), reason: '', truncated })
}

/** The longest head of the release notes with which the outputs fit, found by halving. */
function fitNotes(result: ReleaseResult, truncated: string[], limit: number): Array<[string, string]> | null {
  const notes = result.releaseNotes
  const withNotes = (length: number) =>
    render({ ...result, releaseNotes: cutNotes(notes, length), truncated: [...truncated, 'release-notes'] })
  if (size(withNotes(0)) > limit) return null
  let fits = 0
  let tooLong = notes.length
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2)
    if (size(withNotes(middle)) <= limit) fits = middle
    else tooLong = middle
  }
  const values = withNotes(fits)
  truncated.push('release-notes')
  return values
}

function cutNotes(notes: string, length: number): string {
  if (length >= notes.length) return notes
  const lineEnd = notes.lastIndexOf('\n', length)
  return sliceWhole(notes, lineEnd > length / 2 ? lineEnd : length) + NOTES_CUT
}

/** The outcome, the reason and the release's facts; no steps, quality or deploy details, no notes. */
function essentials(result: ReleaseResult): ReleaseResult {
  return capTexts(
    {
      ...result,
      steps: [],
      quality: null,
      deploy: null,
      commits: [],
      releaseNotes: '',
      pullRequest: null,
      guardrails: null
    },
    1024
  )
}

function render(result: ReleaseResult): Array<[string, string]> {
  return OUTPUTS.map(([name, value]) => [name, value(result)])
}

function size(values: Array<[string, string]>): number {
  return values.reduce((total, [name, value]) => total + name.length + utf8Length(value) + PER_OUTPUT, 0)
}

/**
 * The result as JSON that a workflow may print: `##[` is written `##\u005b`, which reads back the same, so the
 * runner never takes part of it for a command. (Everything else that could be is inside a JSON string on one
 * line that starts with `{`.)
 */
function resultJson(result: ReleaseResult): string {
  return commandSafeJson(result)
}

function commandSafeJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('##[', '##\\u005b')
}

/** Every string in the result but the release notes, cut to `length`. */
function capTexts(result: ReleaseResult, length: number): ReleaseResult {
  const cap = (value: unknown): unknown => {
    if (typeof value === 'string') return cutText(value, length)
    if (Array.isArray(value)) return value.map(cap)
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cap(item)]))
    return value
  }
  return { ...(cap(result) as ReleaseResult), releaseNotes: result.releaseNotes }
}
