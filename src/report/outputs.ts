import * as core from '@actions/core'
import type { ReleaseResult } from './result.js'

const OUTPUTS: Array<[string, (result: ReleaseResult) => string]> = [
  ['outcome', result => result.outcome],
  ['released', result => String(result.released)],
  ['skipped-reason', result => result.skippedReason],
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
  ['result', result => JSON.stringify(result)]
]

/** Every output, always: written with defaults first, then again with the run's result. */
export function writeOutputs(result: ReleaseResult): void {
  for (const [name, value] of OUTPUTS) core.setOutput(name, value(result))
}
