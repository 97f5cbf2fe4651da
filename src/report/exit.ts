import * as core from '@actions/core'
import { neutralise } from '../log.js'
import type { ReleaseResult } from './result.js'

/** Exit status and annotations by outcome: blocked fails the job; skipped, released and dry runs leave it green. */
export function finish(result: ReleaseResult, error: Error | null): void {
  if (result.outcome === 'blocked') {
    core.setFailed(neutralise(error?.message ?? result.reason))
  } else if (result.outcome === 'skipped') {
    core.notice(neutralise(`No release: ${result.reason}`))
  }
}
