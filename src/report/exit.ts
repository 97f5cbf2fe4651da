import * as core from '@actions/core'
import { untrusted } from '../domain/untrusted.js'
import type { ReleaseResult } from './result.js'

/** An annotation shows a few KB at most; the log and the summary have the rest. */
const ANNOTATION = { maxLength: 16_384 }

/** Exit status and annotations by outcome: blocked fails the job; skipped, released and dry runs leave it green. */
export function finish(result: ReleaseResult, error: Error | null): void {
  if (result.outcome === 'blocked') {
    core.setFailed(untrusted(error?.message ?? result.reason, ANNOTATION))
  } else if (result.outcome === 'skipped') {
    core.notice(untrusted(`No release: ${result.reason}`, ANNOTATION))
  }
}
