import { waitFor, type Clock } from '../clock.js'
import { RETRY } from '../domain/backoff.js'
import { normaliseScore, recommendationsOf } from '../domain/quality-score.js'
import type { GateResult } from './types.js'

export interface ScoreRequest {
  url: string
  key: string
  repository: string
  sha: string
  ref: string
  changedFiles: string[]
  threshold: number
  timeoutMs: number
  onRetry(message: string): void
}

/** A failure worth another attempt (5xx, network); anything else is final. */
class Retryable extends Error {}

const MAX_ATTEMPTS = 5

type Attempt = { body: unknown } | { error: Error }

/**
 * Asks BEAST MODE's API for the commit's score: `POST {url}/api/repos/quality`. 5xx and network errors are retried
 * with backoff inside the time budget; a refused key, a wrong URL, or an answer without a score is a verdict-less
 * failure, never a pass.
 */
export async function beastModeApiGate(request: ScoreRequest, clock: Clock): Promise<GateResult> {
  const started = clock.now()
  const deadline = started + request.timeoutMs
  const result = (
    passed: boolean,
    score: number | null,
    reason: string,
    extra: Partial<GateResult> = {}
  ): GateResult => ({
    name: 'BEAST MODE (API)',
    kind: 'beast-mode-api',
    passed,
    score,
    reason,
    durationMs: clock.now() - started,
    recommendations: [],
    inconclusive: false,
    ...extra
  })
  let attempts = 0
  const last = await waitFor<Attempt>(
    clock,
    { policy: RETRY, timeoutMs: request.timeoutMs },
    async () => {
      attempts++
      try {
        return { body: await attempt(request, deadline - clock.now()) }
      } catch (error) {
        if (error instanceof Retryable)
          request.onRetry(`BEAST MODE API attempt ${attempts} failed: ${error.message}`)
        return { error: error as Error }
      }
    },
    answer => attempts >= MAX_ATTEMPTS || !('error' in answer && answer.error instanceof Retryable)
  )
  if ('error' in last) return result(false, null, last.error.message, { inconclusive: true })
  const { body } = last
  const score = normaliseScore(body)
  if (score === null) {
    return result(
      false,
      null,
      'BEAST MODE answered without a score (expected `quality` 0–1 or `score` 0–100)',
      { inconclusive: true }
    )
  }
  const recommendations = recommendationsOf(body)
  return score >= request.threshold
    ? result(true, score, `scored ${score}/100 (threshold ${request.threshold})`, { recommendations })
    : result(false, score, `scored ${score}/100, below the quality threshold ${request.threshold}`, {
        recommendations
      })
}

async function attempt(request: ScoreRequest, remaining: number): Promise<unknown> {
  if (remaining <= 0)
    throw new Error(
      `BEAST MODE did not answer within ${Math.round(request.timeoutMs / 1000)}s (quality-timeout)`
    )
  let response: Response
  try {
    response = await fetch(`${request.url}/api/repos/quality`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${request.key}`,
        'content-type': 'application/json',
        accept: 'application/json'
      },
      body: JSON.stringify({
        repo: request.repository,
        platform: 'beast-mode',
        sha: request.sha,
        ref: request.ref,
        changedFiles: request.changedFiles
      }),
      signal: AbortSignal.timeout(remaining)
    })
  } catch (error) {
    const name = (error as Error).name
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new Error(
        `BEAST MODE did not answer within ${Math.round(request.timeoutMs / 1000)}s (quality-timeout)`,
        { cause: error }
      )
    }
    throw new Retryable(`cannot reach BEAST MODE at ${request.url}: ${(error as Error).message}`, {
      cause: error
    })
  }
  if (response.status === 401 || response.status === 403) {
    throw new Error(`BEAST MODE refused the key (${response.status}): check the beast-mode-api-key secret`)
  }
  if (response.status === 404) {
    throw new Error(`no BEAST MODE API at ${request.url}/api/repos/quality (404): check beast-mode-api-url`)
  }
  if (response.status >= 500) throw new Retryable(`BEAST MODE answered ${response.status}`)
  if (!response.ok)
    throw new Error(`BEAST MODE answered ${response.status}: ${(await response.text()).slice(0, 200)}`)
  const text = await response.text()
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new Error(
      `BEAST MODE answered with something that is not JSON: ${JSON.stringify(text.slice(0, 80))}`
    )
  }
}
