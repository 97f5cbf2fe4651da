import { waitFor } from '../clock.js'
import { POLL } from '../domain/backoff.js'
import { fillInputs, fillPlaceholders } from '../domain/placeholders.js'
import { releaseEnv, releaseFacts, type ReleaseFacts } from '../domain/release-facts.js'
import { asActionError } from '../errors.js'
import {
  dispatchWorkflow,
  listDispatchRuns,
  pollRun,
  type Workflow,
  type WorkflowRun
} from '../github/workflows.js'
import { blocked, passed, skipped, type Verdict, type WritingStep } from '../pipeline.js'
import type { DeployRecord, ReleasePlan, ReleaseRecord } from '../plan.js'
import { runCommand } from '../run-command.js'
import type { Runtime } from '../runtime.js'

// A dispatched run shows up within seconds; a minute without it means it never will.
const APPEAR_TIMEOUT_MS = 60_000

type Known = ReleasePlan & { releaseSha: string; release: ReleaseRecord }
type Made = { deployed: DeployRecord | null }

/** Dispatches the deploy workflow at the new tag and waits for its run, or runs the deploy command. */
export const deployStep: WritingStep<Known, Made> = {
  id: 'deploy',
  title: 'Deploy',
  writes: true,
  simulate(known, runtime) {
    const { deployPlan } = known
    const { config } = runtime
    if (deployPlan.kind === 'none') return passed('no deploy configured', { deployed: null })
    if (deployPlan.kind === 'command')
      return passed(`would run ${config.deployCommand?.text}`, { deployed: null })
    const facts = factsOf(known)
    const ref = fillPlaceholders(config.deployRef, facts)
    const inputs = fillInputs(config.deployInputs, facts)
    return passed(`would dispatch ${deployPlan.workflow.path} at ${ref} with ${JSON.stringify(inputs)}`, {
      deployed: null
    })
  },
  async run(known, runtime) {
    const { deployPlan } = known
    if (deployPlan.kind === 'none') return passed('no deploy configured', { deployed: null })
    const record: DeployRecord = {
      kind: deployPlan.kind,
      runId: null,
      runUrl: null,
      conclusion: '',
      durationMs: 0,
      timeline: []
    }
    try {
      return deployPlan.kind === 'workflow'
        ? await deployWorkflow(known, runtime, deployPlan.workflow, record)
        : await deployCommand(known, runtime, record)
    } catch (error) {
      // The record says how far the deploy got, and the reason what state the release is left in.
      const failure = asActionError(error)
      return { ...failed(known, record, failure.message), error: failure }
    }
  }
}

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

function elapsed(ms: number): string {
  const seconds = Math.round(ms / 1000)
  return seconds < 60
    ? `${seconds}s`
    : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
}

function failed(known: Known, record: DeployRecord, why: string): Verdict<Made> {
  const { tag } = known.version
  const draft = known.release.draft
    ? `; the release ${tag} stays a draft — rerun the workflow to deploy again`
    : `; ${tag} is published but not deployed — rerun the workflow to deploy it`
  return blocked(`${why}${record.runUrl ? ` (${record.runUrl})` : ''}${draft}`, { deployed: record })
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
): Promise<Verdict<Made>> {
  const { clock, log, repoClient, config } = runtime
  const { release, version } = known
  const facts = factsOf(known)
  const started = clock.now()
  const runs = await listDispatchRuns(repoClient, workflow.id, facts.sha)
  const succeeded = runs.find(run => run.status === 'completed' && run.conclusion === 'success')
  if (succeeded) {
    adopt(record, succeeded, 'success')
    const published = !release.draft && release.origin !== 'this-run'
    return published
      ? skipped(`already released as ${version.tag} (deploy run ${succeeded.id} succeeded)`, {
          deployed: record
        })
      : passed(`deploy run ${succeeded.id} of this commit already succeeded`, { deployed: record })
  }
  const earlier = new Set(runs.map(candidate => candidate.id))
  let run: { id: number; htmlUrl: string } | null =
    runs.find(candidate => candidate.status !== 'completed') ?? null
  const failedBefore = runs.some(candidate => candidate.status === 'completed')
  if (!run && release.origin === 'concurrent-run' && !failedBefore) {
    log.info('Another run is releasing this version; looking for its deploy run before dispatching one')
    const found = await findNewRun(runtime, workflow.id, facts.sha, earlier)
    run = typeof found === 'string' ? null : found
  }
  const adopted = run !== null
  if (run) {
    if (!config.deployWait && !release.draft && release.origin !== 'this-run')
      return skipped(`already released as ${version.tag} (deploy run ${run.id} is under way)`, {
        deployed: { ...record, runId: run.id, runUrl: run.htmlUrl }
      })
    log.info(
      `Deploy run ${run.id} of this commit is under way; waiting for it instead of dispatching another`
    )
  } else {
    const ref = fillPlaceholders(config.deployRef, facts)
    const dispatched = await dispatchWorkflow(repoClient, {
      workflowId: workflow.id,
      ref,
      inputs: fillInputs(config.deployInputs, facts)
    })
    log.info(`Dispatched ${workflow.path} at ${ref}`)
    if (dispatched.runId !== null) {
      run = { id: dispatched.runId, htmlUrl: dispatched.htmlUrl }
    } else {
      log.info('GitHub did not return the run; looking for the one new workflow_dispatch run at this commit')
      const found = await findNewRun(runtime, workflow.id, facts.sha, earlier)
      if (typeof found === 'string') return failed(known, record, found)
      run = found
    }
  }
  const runId = run.id
  record.runUrl = run.htmlUrl
  record.runId = runId
  log.info(`Deploy run: ${record.runUrl}`)
  if (!config.deployWait) {
    record.durationMs = clock.now() - started
    const what = adopted ? `deploy run ${runId} of this commit is under way` : `dispatched run ${runId}`
    return passed(`${what}; not waiting for it (deploy-wait: false)`, { deployed: record })
  }

  let etag: string | null = null
  let latest: WorkflowRun | null = null
  const finished = await waitFor(
    clock,
    { policy: POLL, timeoutMs: config.deployTimeoutSeconds * 1000 },
    async () => {
      const poll = await pollRun(repoClient, runId, etag)
      if (poll.changed) {
        etag = poll.etag
        latest = poll.run
        const status = latest.status === 'completed' ? `completed: ${latest.conclusion}` : latest.status
        if (record.timeline[record.timeline.length - 1]?.status !== status) {
          record.timeline.push({ status, atMs: clock.now() - started })
          log.info(`[${elapsed(clock.now() - started)}] deploy run ${runId} ${status}`)
        }
      }
      record.durationMs = clock.now() - started
      return latest
    },
    current => current?.status === 'completed'
  )
  if (finished?.status !== 'completed') {
    record.conclusion = 'timeout'
    return failed(
      known,
      record,
      `the deploy run ${runId} did not finish within ${elapsed(config.deployTimeoutSeconds * 1000)} (deploy-timeout)`
    )
  }
  record.conclusion = finished.conclusion ?? 'unknown'
  return record.conclusion === 'success'
    ? passed(`deploy run ${runId} succeeded in ${elapsed(record.durationMs)}`, { deployed: record })
    : failed(known, record, `the deploy run ${runId} concluded ${record.conclusion}`)
}

/** The run this dispatch started: new since the dispatch, at this commit, and the only one. */
async function findNewRun(
  runtime: Runtime,
  workflowId: number,
  sha: string,
  before: Set<number>
): Promise<WorkflowRun | string> {
  const timeoutMs = Math.min(APPEAR_TIMEOUT_MS, runtime.config.deployTimeoutSeconds * 1000)
  let looks = 0
  const fresh = await waitFor(
    runtime.clock,
    { policy: POLL, timeoutMs },
    async () => {
      looks++
      return (await listDispatchRuns(runtime.repoClient, workflowId, sha)).filter(run => !before.has(run.id))
    },
    // Someone else dispatched the same workflow at the same commit: give it one more look, then say so.
    runs => runs.length === 1 || (runs.length > 1 && looks > 1)
  )
  if (fresh.length === 1 && fresh[0]) return fresh[0]
  if (fresh.length > 1) {
    return `the deploy was dispatched, but ${fresh.length} new runs of it appeared at ${sha.slice(0, 7)} (${fresh.map(run => run.id).join(', ')}) and GitHub did not say which is this one`
  }
  return `the deploy was dispatched, but its run never appeared within ${Math.round(timeoutMs / 1000)}s; check the workflow's Actions tab`
}

async function deployCommand(known: Known, runtime: Runtime, record: DeployRecord): Promise<Verdict<Made>> {
  const { config, log, context } = runtime
  const command = config.deployCommand
  if (!command) return failed(known, record, 'deploy-command is not set')
  log.info(`Running ${command.text}`)
  // Deploy tools print commit messages and the like: their streamed output cannot issue workflow commands.
  const run = await log.withCommandsStopped(() =>
    runCommand(command, {
      cwd: context.workspace ?? process.cwd(),
      timeoutMs: config.deployTimeoutSeconds * 1000,
      stream: true,
      env: releaseEnv(factsOf(known)),
      passRunnerTokens: config.passRunnerTokens
    })
  )
  record.durationMs = run.durationMs
  if (run.missing) {
    record.conclusion = 'failure'
    return failed(known, record, `deploy-command could not start: ${command.argv[0]} is not installed`)
  }
  if (run.timedOut) {
    record.conclusion = 'timeout'
    return failed(
      known,
      record,
      `deploy-command did not finish within ${elapsed(config.deployTimeoutSeconds * 1000)} (deploy-timeout)`
    )
  }
  record.conclusion = run.exitCode === 0 ? 'success' : 'failure'
  return run.exitCode === 0
    ? passed(`${command.text} succeeded in ${elapsed(run.durationMs)}`, { deployed: record })
    : failed(known, record, `deploy-command exited with code ${run.exitCode}`)
}
