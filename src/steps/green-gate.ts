import { minimatch } from 'minimatch'
import { getWorkflowRunCheckSuite, listCheckRuns, listStatuses, type CheckResult } from '../github/checks.js'
import { passed, skipped, type Step } from '../pipeline.js'
import type { ChecksVerdict, RunState } from '../run-state.js'

const FIRST_POLL_MS = 2_000
const MAX_POLL_MS = 30_000

interface Evaluation {
  verdict: ChecksVerdict
  failing: string[]
  pending: string[]
  missing: string[]
}

/** The commit is green when every check run and commit status on it passed, and every required check is there. */
export const greenGate: Step = {
  id: 'green',
  title: 'Green checks',
  async run(state) {
    const { config, clock } = state
    if (!config.requireGreen) {
      state.checks = { state: 'not-required', checks: [] }
      return passed('not required (require-green: false)')
    }
    const ownSuite = await ownCheckSuite(state)
    const deadline = clock.now() + config.waitForChecksSeconds * 1000
    let delay = FIRST_POLL_MS
    for (;;) {
      const evaluation = await evaluate(state, ownSuite)
      state.checks = evaluation.verdict
      if (evaluation.failing.length > 0) return skipped(`checks failed: ${evaluation.failing.join(', ')}`)
      const waitingFor = [
        ...evaluation.pending,
        ...evaluation.missing.map(name => `${name} (not reported yet)`)
      ]
      if (waitingFor.length === 0) {
        const count = evaluation.verdict.checks.length
        return passed(count === 0 ? 'no checks or statuses on the commit' : `${count} checks passed`)
      }
      const remaining = deadline - clock.now()
      if (remaining <= 0) {
        const waited = config.waitForChecksSeconds > 0 ? ` after waiting ${config.waitForChecksSeconds}s` : ''
        return skipped(`checks not finished${waited}: ${waitingFor.join(', ')}`)
      }
      const pause = Math.min(delay, remaining)
      state.log.info(`Waiting ${Math.round(pause / 1000)}s for ${waitingFor.join(', ')}`)
      await clock.sleep(pause)
      delay = Math.min(delay * 2, MAX_POLL_MS)
    }
  }
}

async function ownCheckSuite(state: RunState): Promise<number | null> {
  const { runId } = state.context
  return !state.otherRepository && runId ? getWorkflowRunCheckSuite(state.gh, runId) : null
}

async function evaluate(state: RunState, ownSuite: number | null): Promise<Evaluation> {
  const sha = state.target!.sha
  const { ignoreChecks, requiredChecks } = state.config
  const [runs, statuses] = await Promise.all([listCheckRuns(state.gh, sha), listStatuses(state.gh, sha)])
  const ignored = (check: CheckResult) =>
    (ownSuite !== null && check.checkSuiteId === ownSuite) ||
    ignoreChecks.some(pattern => minimatch(check.name, pattern))
  const checks = [...runs, ...statuses].filter(check => !ignored(check))
  const failing = checks
    .filter(check => check.state === 'failure')
    .map(check => `${check.name} (${check.detail})`)
  const pending = checks
    .filter(check => check.state === 'pending')
    .map(check => `${check.name} (${check.detail})`)
  const missing = requiredChecks.filter(name => !checks.some(check => check.name === name))
  const overall = failing.length > 0 ? 'failure' : pending.length + missing.length > 0 ? 'pending' : 'success'
  return { verdict: { state: overall, checks }, failing, pending, missing }
}
