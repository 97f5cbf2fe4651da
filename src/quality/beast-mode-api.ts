import { waitFor, type Clock } from '../clock.js'
import { shown } from '../config/readers.js'
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
  /** How long one attempt may take (default: a third of timeoutMs, at least 5 s); never beyond timeoutMs. */
  attemptTimeoutMs?: number
  onRetry(message: string): void
}

/** A failure worth another attempt (5xx, network, an attempt that timed out); anything else is final. */
class Retryable extends Error {}

const MAX_ATTEMPTS = 5
const MIN_ATTEMPT_TIMEOUT_MS = 5_000

/** A third of the budget per attempt, so that a hung request leaves time for others, but at least 5 s. */
export function attemptTimeout(timeoutMs: number): number {
  return Math.max(MIN_ATTEMPT_TIMEOUT_MS, Math.round(timeoutMs / 3))
}

type Attempt = { body: unknown } | { error: Error }

/**
 * Asks BEAST MODE's API for the commit's score: `POST {url}/api/repos/quality`. 5xx, network errors and attempts
 * that time out are retried with backoff inside the time budget; a refused key, a wrong URL, a redirect (a score is
 * taken only from the configured host, and the key is sent nowhere else), or an answer without a score is a
 * verdict-less failure, never a pass.
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
  const budgetSpent = `BEAST MODE did not answer within ${Math.round(request.timeoutMs / 1000)}s (quality-timeout)`
  if (remaining <= 0) throw new Error(budgetSpent)
  const perAttempt = request.attemptTimeoutMs ?? attemptTimeout(request.timeoutMs)
  const lastAttempt = remaining <= perAttempt
  const endpoint = `${request.url}/api/repos/quality`
  let response: Response
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      // Never followed: the bearer key and the score belong to the configured host only.
      redirect: 'manual',
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
      signal: AbortSignal.timeout(Math.min(remaining, perAttempt))
    })
    return await answerOf(request, endpoint, response)
  } catch (error) {
    const name = (error as Error).name
    if (name === 'TimeoutError' || name === 'AbortError') {
      if (lastAttempt) throw new Error(budgetSpent, { cause: error })
      throw new Retryable(`no answer within ${Math.round(perAttempt / 1000)}s`, { cause: error })
    }
    if (error instanceof Retryable || !(error instanceof TypeError)) throw error
    throw new Retryable(`cannot reach BEAST MODE at ${request.url}: ${shown(error.message, 200)}`, {
      cause: error
    })
  }
}

/** The answer's JSON body, or why there is no score in it. */
async function answerOf(request: ScoreRequest, endpoint: string, response: Response): Promise<unknown> {
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? ''
    const target = URL.canParse(location, endpoint) ? new URL(location, endpoint) : null
    const configured = new URL(endpoint)
    if (target && target.host !== configured.host)
      throw new Error(
        `BEAST MODE at ${configured.host} redirected (${response.status}) to another host, ${shown(target.host)}: a score is taken only from beast-mode-api-url's host, and the key is sent nowhere else`
      )
    throw new Error(
      `BEAST MODE redirected (${response.status}) to ${shown(target?.href ?? location, 200)}: set beast-mode-api-url to the address it answers at`
    )
  }
  // Also without a redirect status, an answer from elsewhere is no score.
  if (response.url && new URL(response.url).host !== new URL(endpoint).host)
    throw new Error(
      `BEAST MODE answered from another host, ${shown(new URL(response.url).host)}: no score taken`
    )
  if (response.status === 401 || response.status === 403) {
    throw new Error(`BEAST MODE refused the key (${response.status}): check the beast-mode-api-key secret`)
  }
  if (response.status === 404) {
    throw new Error(`no BEAST MODE API at ${request.url}/api/repos/quality (404): check beast-mode-api-url`)
  }
  if (response.status >= 500) throw new Retryable(`BEAST MODE answered ${response.status}`)
  if (!response.ok)
    throw new Error(`BEAST MODE answered ${response.status}: ${shown(await response.text(), 200)}`)
  const text = await response.text()
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new Error(`BEAST MODE answered with something that is not JSON: '${shown(text)}'`)
  }
}
