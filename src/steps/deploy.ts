import { fillInputs, fillPlaceholders } from '../domain/placeholders.js'
import { releaseFacts, type ReleaseFacts } from '../domain/release-facts.js'
import { ActionError, asActionError } from '../errors.js'
import { listDispatchRuns, type Workflow, type WorkflowRun } from '../github/workflows.js'
import { blocked, passed, skipped, type Verdict, type WritingStep } from '../pipeline.js'
import type { DeployRecord, ReleasePlan, ReleaseRecord, RollbackRecord } from '../plan.js'
import type { Runtime } from '../runtime.js'
import { dispatchRun, elapsed, emptyRecord, findNewRun, runDeployCommand, waitForRun } from './deploy-run.js'
import { rollBack, rollbackPlan } from './rollback.js'

type Known = ReleasePlan & { releaseSha: string; release: ReleaseRecord }
type Made = { deployed: DeployRecord | null; rollback: RollbackRecord | null }

/**
 * Dispatches the deploy workflow at the new tag and waits for its run, or runs the deploy command. With rollback,
 * a deploy this run started that fails is followed by a deploy of the previous release.
 */
export const deployStep: WritingStep<Known, Made> = {
  id: 'deploy',
  title: 'Deploy',
  writes: true,
  simulate(known, runtime) {
    const { deployPlan } = known
    const { config } = runtime
    const none = { deployed: null, rollback: null }
    if (deployPlan.kind === 'none') return passed('no deploy configured', none)
    const rollback = config.rollback ? `; if it fails, ${rollbackPlan(known)}` : ''
    if (deployPlan.kind === 'command')
      return passed(`would run ${config.deployCommand?.text}${rollback}`, none)
    const facts = factsOf(known)
    const ref = fillPlaceholders(config.deployRef, facts)
    const inputs = fillInputs(config.deployInputs, facts)
    return passed(
      `would dispatch ${deployPlan.workflow.path} at ${ref} with ${JSON.stringify(inputs)}${rollback}`,
      none
    )
  },
  async run(known, runtime) {
    const { deployPlan } = known
    if (deployPlan.kind === 'none') return passed('no deploy configured', { deployed: null, rollback: null })
    const record = emptyRecord(deployPlan.kind)
    let outcome: Outcome
    try {
      outcome =
        deployPlan.kind === 'workflow'
          ? await deployWorkflow(known, runtime, deployPlan.workflow, record)
          : await deployCommand(known, runtime, record)
    } catch (error) {
      // The record says how far the deploy got, and the reason what state the release is left in.
      const failure = asActionError(error)
      return { ...failed(known, record, failure.message, null), error: failure }
    }
    if (!('failure' in outcome)) return outcome
    const rollback = outcome.rollBack && runtime.config.rollback ? await rollBack(known, runtime) : null
    return failed(known, record, outcome.failure, rollback)
  }
}

/**
 * What a deploy came to: a verdict to report as it is, or a failure. `rollBack` says whether the failure is this
 * run's own deploy failing (then a rollback may follow), not a deploy it could not start or another run's.
 */
type Outcome = Verdict<Made> | { failure: string; rollBack: boolean }

function factsOf(known: Known): ReleaseFacts {
  return releaseFacts(
    known.version,
    { sha: known.releaseSha, branch: known.target.branch },
    known.release.url ?? ''
  )
}

function adopt(record: DeployRecord, run: WorkflowRun, conclusion: string): void {
  record.runId = run.id
  record.runUrl = run.htmlUrl
  record.conclusion = conclusion
}

function failed(
  known: Known,
  record: DeployRecord,
  why: string,
  rollback: RollbackRecord | null
): Verdict<Made> {
  const { tag } = known.version
  const draft = known.release.draft
    ? `; the release ${tag} stays a draft — rerun the workflow to deploy again`
    : `; ${tag} is published but not deployed — rerun the workflow to deploy it`
  const rolledBack = rollback ? `; ${rollback.summary}` : ''
  const reason = `${why}${record.runUrl ? ` (${record.runUrl})` : ''}${rolledBack}${draft}`
  return blocked(reason, { deployed: record, rollback }, new ActionError('deploy-failed', reason))
}

/**
 * A failed deploy run of this commit that was dispatched after this run began (GitHub's clock on both sides, to the
 * second): a concurrent run's, not one a rerun should retry. A rerun begins after the failure it retries, which
 * itself came after its dispatch.
 */
function failedDuringThisRun(runtime: Runtime, runs: WorkflowRun[]): WorkflowRun | null {
  const began = runtime.serverTime.firstSeen
  if (began === null) return null
  return (
    runs.find(
      candidate =>
        candidate.status === 'completed' &&
        candidate.conclusion !== 'success' &&
        Date.parse(candidate.createdAt) >= began
    ) ?? null
  )
}

/**
 * The deploy protocol: a successful deploy run of this commit means deployed (an earlier run did it); a run under
 * way is waited for, never dispatched twice; a draft a concurrent run made is that run's to deploy unless no run
 * shows up; otherwise dispatch.
 */
async function deployWorkflow(
  known: Known,
  runtime: Runtime,
  workflow: Workflow,
  record: DeployRecord
): Promise<Outcome> {
  const { clock, log, repoClient, config } = runtime
  const { release, version } = known
  const facts = factsOf(known)
  const started = clock.now()
  const none = { rollback: null }
  const runs = await listDispatchRuns(repoClient, workflow.id, facts.sha)
  const succeeded = runs.find(run => run.status === 'completed' && run.conclusion === 'success')
  if (succeeded) {
    adopt(record, succeeded, 'success')
    const published = !release.draft && release.origin !== 'this-run'
    return published
      ? skipped(`already released as ${version.tag} (deploy run ${succeeded.id} succeeded)`, {
          deployed: record,
          ...none
        })
      : passed(`deploy run ${succeeded.id} of this commit already succeeded`, { deployed: record, ...none })
  }
  const earlier = new Set(runs.map(candidate => candidate.id))
  let run: { id: number; htmlUrl: string } | null =
    runs.find(candidate => candidate.status !== 'completed') ?? null
  const failedBefore = runs.some(candidate => candidate.status === 'completed')
  const failedMeanwhile = failedDuringThisRun(runtime, runs)
  if (!run && failedMeanwhile) {
    // Another run's deploy of this version failed during this run: it is that run's to roll back, and
    // deploying the failed version again at once would undo its rollback. A rerun deploys it again.
    adopt(record, failedMeanwhile, failedMeanwhile.conclusion ?? 'failure')
    return {
      failure: `another run's deploy of ${version.tag} (run ${failedMeanwhile.id}, dispatched after this run began) concluded ${record.conclusion}; that run handles it${config.rollback ? ' (and rolls back)' : ''}`,
      rollBack: false
    }
  }
  if (!run && release.origin === 'concurrent-run' && !failedBefore) {
    log.info('Another run is releasing this version; looking for its deploy run before dispatching one')
    const found = await findNewRun(runtime, workflow.id, facts.sha, earlier)
    run = typeof found === 'string' ? null : found
  }
  const adopted = run !== null
  if (run) {
    if (!config.deployWait && !release.draft && release.origin !== 'this-run')
      return skipped(`already released as ${version.tag} (deploy run ${run.id} is under way)`, {
        deployed: { ...record, runId: run.id, runUrl: run.htmlUrl },
        ...none
      })
    log.info(
      `Deploy run ${run.id} of this commit is under way; waiting for it instead of dispatching another`
    )
  } else {
    const dispatch = {
      workflow,
      ref: fillPlaceholders(config.deployRef, facts),
      inputs: fillInputs(config.deployInputs, facts),
      sha: facts.sha
    }
    const found = await dispatchRun(runtime, dispatch, earlier)
    if (typeof found === 'string') return { failure: found, rollBack: false }
    run = found
  }
  const runId = run.id
  record.runUrl = run.htmlUrl
  record.runId = runId
  log.info(`Deploy run: ${record.runUrl}`)
  record.durationMs = clock.now() - started
  if (!config.deployWait) {
    const what = adopted ? `deploy run ${runId} of this commit is under way` : `dispatched run ${runId}`
    return passed(`${what}; not waiting for it (deploy-wait: false)`, { deployed: record, ...none })
  }
  await waitForRun(runtime, runId, record, 'deploy')
  if (record.conclusion === 'timeout') {
    // Still running: deploying the previous release at the same time would race it.
    const still = config.rollback ? '; it is still running, so it is not rolled back' : ''
    return {
      failure: `the deploy run ${runId} did not finish within ${elapsed(config.deployTimeoutSeconds * 1000)} (deploy-timeout)${still}`,
      rollBack: false
    }
  }
  if (record.conclusion === 'success')
    return passed(`deploy run ${runId} succeeded in ${elapsed(record.durationMs)}`, {
      deployed: record,
      ...none
    })
  // A run another run dispatched is that run's to roll back.
  const whose = adopted && config.rollback ? '; the run that dispatched it rolls back' : ''
  return { failure: `the deploy run ${runId} concluded ${record.conclusion}${whose}`, rollBack: !adopted }
}

async function deployCommand(known: Known, runtime: Runtime, record: DeployRecord): Promise<Outcome> {
  const { config, log } = runtime
  const command = config.deployCommand
  if (!command) return { failure: 'deploy-command is not set', rollBack: false }
  log.info(`Running ${command.text}`)
  const run = await runDeployCommand(runtime, command, factsOf(known))
  record.durationMs = run.durationMs
  if (run.missing) {
    record.conclusion = 'failure'
    return { failure: `deploy-command could not start: ${command.argv[0]} is not installed`, rollBack: false }
  }
  if (run.timedOut) {
    record.conclusion = 'timeout'
    return {
      failure: `deploy-command did not finish within ${elapsed(config.deployTimeoutSeconds * 1000)} (deploy-timeout)`,
      rollBack: true
    }
  }
  record.conclusion = run.exitCode === 0 ? 'success' : 'failure'
  return run.exitCode === 0
    ? passed(`${command.text} succeeded in ${elapsed(run.durationMs)}`, { deployed: record, rollback: null })
    : { failure: `deploy-command exited with code ${run.exitCode}`, rollBack: true }
}
