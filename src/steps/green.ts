import { waitFor } from '../clock.js'
import { POLL } from '../domain/backoff.js'
import type { CheckResult } from '../github/checks.js'
import { passed, skipped, type ReadingStep } from '../pipeline.js'
import type { ChecksVerdict, Target } from '../plan.js'
import type { Runtime } from '../runtime.js'

export interface Evaluation {
  verdict: ChecksVerdict
  failing: string[]
  /** Pending checks, and required ones not reported yet. */
  waitingFor: string[]
}

/** The commit is green when every check run and commit status on it passed, and every required check is there. */
export const greenGate: ReadingStep<{ target: Target }, { checks: ChecksVerdict }> = {
  id: 'green',
  title: 'Green checks',
  writes: false,
  prepare(runtime) {
    if (!runtime.config.requireGreen) return
    const runId = ownRunId(runtime)
    if (runId !== null) void runtime.earlyReads.checkSuite(runId)
    // The commit the event names is the one released (see the branch step), unless a pull request's merge commit
    // is: checks read early for another commit than the target are simply not used.
    const { context } = runtime
    if (!runtime.otherRepository && context.trigger !== 'pull_request' && context.sha)
      runtime.earlyReads.startChecks(context.sha)
  },
  async run({ target }, runtime) {
    const { config, log } = runtime
    if (!config.requireGreen)
      return passed('not required (require-green: false)', { checks: { state: 'not-required', checks: [] } })
    const ownSuite = await ownCheckSuite(runtime)
    let waitingFor: string[] = []
    const evaluation = await waitFor(
      runtime.clock,
      {
        policy: POLL,
        timeoutMs: config.waitForChecksSeconds * 1000,
        onWait: ms => log.info(`Waiting ${Math.round(ms / 1000)}s for ${waitingFor.join(', ')}`)
      },
      async () => {
        const evaluation = await evaluate(runtime, target.sha, ownSuite)
        waitingFor = evaluation.waitingFor
        return evaluation
      },
      ({ failing, waitingFor }) => failing.length > 0 || waitingFor.length === 0
    )
    const checks = evaluation.verdict
    if (evaluation.failing.length > 0)
      return skipped(`checks failed: ${evaluation.failing.join(', ')}`, { checks })
    if (evaluation.waitingFor.length > 0) {
      const waited = config.waitForChecksSeconds > 0 ? ` after waiting ${config.waitForChecksSeconds}s` : ''
      return skipped(`checks not finished${waited}: ${evaluation.waitingFor.join(', ')}`, { checks })
    }
    const count = checks.checks.length
    return passed(count === 0 ? 'no checks or statuses on the commit' : `${count} checks passed`, { checks })
  }
}

/** The workflow run asking, when it runs in the repository it releases: its own job is no check to wait for. */
function ownRunId(runtime: Runtime): number | null {
  const { runId } = runtime.context
  return !runtime.otherRepository && runId ? runId : null
}

async function ownCheckSuite(runtime: Runtime): Promise<number | null> {
  const runId = ownRunId(runtime)
  return runId === null ? null : runtime.earlyReads.checkSuite(runId)
}

/** The checks on a commit as the gate judges them (once, no waiting): also what a pull request's preview shows. */
export async function evaluateChecks(runtime: Runtime, sha: string): Promise<Evaluation> {
  return evaluate(runtime, sha, await ownCheckSuite(runtime))
}

async function evaluate(runtime: Runtime, sha: string, ownSuite: number | null): Promise<Evaluation> {
  const { ignoreChecks, requiredChecks } = runtime.config
  const [all, { minimatch }] = await Promise.all([runtime.earlyReads.takeChecks(sha), import('minimatch')])
  const ignored = (check: CheckResult) =>
    (ownSuite !== null && check.checkSuiteId === ownSuite) ||
    ignoreChecks.some(pattern => minimatch(check.name, pattern))
  const checks = all.filter(check => !ignored(check))
  const named = (state: CheckResult['state']) =>
    checks.filter(check => check.state === state).map(check => `${check.name} (${check.detail})`)
  const failing = named('failure')
  const missing = requiredChecks.filter(name => !checks.some(check => check.name === name))
  const waitingFor = [...named('pending'), ...missing.map(name => `${name} (not reported yet)`)]
  const state = failing.length > 0 ? 'failure' : waitingFor.length > 0 ? 'pending' : 'success'
  return { verdict: { state, checks }, failing, waitingFor }
}
