import { waitFor } from '../clock.js'
import { POLL } from '../domain/backoff.js'
import { releaseEnv, type ReleaseFacts } from '../domain/release-facts.js'
import {
  dispatchWorkflow,
  listDispatchRuns,
  pollRun,
  type Workflow,
  type WorkflowRun
} from '../github/workflows.js'
import type { DeployRecord } from '../plan.js'
import { runCommand } from '../run-command.js'
import type { Runtime } from '../runtime.js'

// A dispatched run shows up within seconds; a minute without it means it never will.
const APPEAR_TIMEOUT_MS = 60_000

export function elapsed(ms: number): string {
  const seconds = Math.round(ms / 1000)
  return seconds < 60
    ? `${seconds}s`
    : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
}

export function emptyRecord(kind: DeployRecord['kind']): DeployRecord {
  return { kind, runId: null, runUrl: null, conclusion: '', durationMs: 0, timeline: [] }
}

/** A workflow dispatch: where, with what, and the commit its run will be at (how the run is found). */
export interface Dispatch {
  workflow: Workflow
  ref: string
  inputs: Record<string, string>
  sha: string
}

/**
 * Dispatches the workflow and identifies its run: the one GitHub names in its answer, else the one new run at the
 * commit. Returns the run, or why it could not be identified.
 */
export async function dispatchRun(
  runtime: Runtime,
  dispatch: Dispatch,
  earlier: Set<number>,
  what = 'the deploy'
): Promise<{ id: number; htmlUrl: string } | string> {
  const { repoClient, log } = runtime
  const dispatched = await dispatchWorkflow(repoClient, {
    workflowId: dispatch.workflow.id,
    ref: dispatch.ref,
    inputs: dispatch.inputs
  })
  log.info(`Dispatched ${dispatch.workflow.path} at ${dispatch.ref}`)
  if (dispatched.runId !== null) return { id: dispatched.runId, htmlUrl: dispatched.htmlUrl }
  const at = dispatch.sha.slice(0, 7)
  if (dispatched.lost) {
    // Never dispatched again: a second run would deploy twice. The run it may have started is looked for.
    log.warning(
      `GitHub's answer to the dispatch of ${what} was lost (${dispatched.lost}); looking for the run it may have started at ${at}`
    )
    const found = await findNewRun(runtime, dispatch.workflow.id, dispatch.sha, earlier, what)
    return typeof found === 'string'
      ? `GitHub's answer to the dispatch of ${what} was lost (${dispatched.lost}), and no run of it appeared: ${found}`
      : found
  }
  log.info(`GitHub did not return the run; looking for the one new workflow_dispatch run at ${at}`)
  return findNewRun(runtime, dispatch.workflow.id, dispatch.sha, earlier, what)
}

/** The run this dispatch started: new since the dispatch, at this commit, and the only one. */
export async function findNewRun(
  runtime: Runtime,
  workflowId: number,
  sha: string,
  before: Set<number>,
  what = 'the deploy'
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
    return `${what} was dispatched, but ${fresh.length} new runs of it appeared at ${sha.slice(0, 7)} (${fresh.map(run => run.id).join(', ')}) and GitHub did not say which is this one`
  }
  return `${what} was dispatched, but its run never appeared within ${Math.round(timeoutMs / 1000)}s; check the workflow's Actions tab`
}

/**
 * Waits for a run to complete (conditional requests, backoff), recording its status changes. Sets the record's
 * conclusion: the run's, or 'timeout' when deploy-timeout ran out first.
 */
export async function waitForRun(
  runtime: Runtime,
  runId: number,
  record: DeployRecord,
  label: string
): Promise<void> {
  const { clock, log, repoClient, config } = runtime
  const started = clock.now() - record.durationMs
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
          log.info(`[${elapsed(clock.now() - started)}] ${label} run ${runId} ${status}`)
        }
      }
      record.durationMs = clock.now() - started
      return latest
    },
    current => current?.status === 'completed'
  )
  record.conclusion = finished?.status === 'completed' ? (finished.conclusion ?? 'unknown') : 'timeout'
}

/** Runs a deploy (or rollback) command with a release's RELEASE_* variables; its output cannot issue workflow commands. */
export function runDeployCommand(
  runtime: Runtime,
  command: NonNullable<Runtime['config']['deployCommand']>,
  facts: ReleaseFacts
): ReturnType<typeof runCommand> {
  const { config, log, context } = runtime
  return log.withCommandsStopped(() =>
    runCommand(command, {
      cwd: context.workspace ?? process.cwd(),
      timeoutMs: config.deployTimeoutSeconds * 1000,
      stream: true,
      env: releaseEnv(facts),
      passRunnerTokens: config.passRunnerTokens
    })
  )
}
