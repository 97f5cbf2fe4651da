import { nextPollDelay } from '../domain/polling.js'
import { dispatchWorkflow, listDispatchRuns, pollRun, type WorkflowRun } from '../github/workflows.js'
import { blocked, passed, type Step, type StepVerdict } from '../pipeline.js'
import { runCommand } from '../run-command.js'
import { dispatchTarget } from './deploy-check.js'
import type { DeployRecord, RunState } from '../run-state.js'

// A dispatched run shows up within seconds; a minute without it means it never will.
const APPEAR_TIMEOUT_MS = 60_000

/** Dispatches the deploy workflow at the new tag and waits for its run, or runs the deploy command. */
export const deployStep: Step = {
  id: 'deploy',
  title: 'Deploy',
  async run(state) {
    const plan = state.deployPlan!
    if (plan.kind === 'none') return passed('no deploy configured')
    if (state.config.dryRun) {
      if (plan.kind === 'command') return passed(`dry run: would run ${state.config.deployCommand!.text}`)
      const { ref, inputs } = dispatchTarget(state)
      return passed(`dry run: would dispatch ${plan.workflow.path} at ${ref} with ${JSON.stringify(inputs)}`)
    }
    return plan.kind === 'workflow' ? deployWorkflow(state) : deployCommand(state)
  }
}

/** The deploy's record in the run state, filled in as it goes so that the report shows how far it got. */
function startRecord(state: RunState, kind: DeployRecord['kind']): DeployRecord {
  state.deploy = { kind, runId: null, runUrl: null, conclusion: '', durationMs: 0, timeline: [] }
  return state.deploy
}

function elapsed(ms: number): string {
  const seconds = Math.round(ms / 1000)
  return seconds < 60
    ? `${seconds}s`
    : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
}

function failed(state: RunState, record: DeployRecord, why: string): StepVerdict {
  const tag = state.version!.tag
  const draft = state.release?.draft
    ? `; the release ${tag} stays a draft — rerun the workflow to deploy again`
    : ''
  return blocked(`${why}${record.runUrl ? ` (${record.runUrl})` : ''}${draft}`)
}

async function deployWorkflow(state: RunState): Promise<StepVerdict> {
  const plan = state.deployPlan as Extract<NonNullable<RunState['deployPlan']>, { kind: 'workflow' }>
  const { clock, log, gh } = state
  const sha = state.version!.releaseSha
  const { ref, inputs } = dispatchTarget(state)
  const record = startRecord(state, 'workflow')
  const known = new Set((await listDispatchRuns(gh, plan.workflow.id, sha)).map(run => run.id))
  const started = clock.now()
  const dispatched = await dispatchWorkflow(gh, {
    workflowId: plan.workflow.id,
    ref,
    inputs
  })
  log.info(`Dispatched ${plan.workflow.path} at ${ref}`)

  let run: WorkflowRun | null = null
  if (dispatched.runId !== null) {
    record.runId = dispatched.runId
    record.runUrl = dispatched.htmlUrl
  } else {
    log.info('GitHub did not return the run; looking for the one new workflow_dispatch run at this commit')
    const found = await findNewRun(state, plan.workflow.id, sha, known)
    if (typeof found === 'string') return failed(state, record, found)
    run = found
    record.runId = run.id
    record.runUrl = run.htmlUrl
  }
  log.info(`Deploy run: ${record.runUrl}`)
  if (!state.config.deployWait) {
    record.durationMs = clock.now() - started
    return passed(`dispatched run ${record.runId}; not waiting for it (deploy-wait: false)`)
  }

  const deadline = started + state.config.deployTimeoutSeconds * 1000
  let etag: string | null = null
  let delay: number | null = null
  for (;;) {
    const poll = await pollRun(gh, record.runId!, etag)
    if (poll.changed) {
      etag = poll.etag
      run = poll.run
      const status = run.status === 'completed' ? `completed: ${run.conclusion}` : run.status
      if (record.timeline[record.timeline.length - 1]?.status !== status) {
        record.timeline.push({ status, atMs: clock.now() - started })
        log.info(`[${elapsed(clock.now() - started)}] deploy run ${run.id} ${status}`)
      }
    }
    record.durationMs = clock.now() - started
    if (run?.status === 'completed') {
      record.conclusion = run.conclusion ?? 'unknown'
      return record.conclusion === 'success'
        ? passed(`deploy run ${run.id} succeeded in ${elapsed(record.durationMs)}`)
        : failed(state, record, `the deploy run ${run.id} concluded ${record.conclusion}`)
    }
    delay = nextPollDelay(delay)
    if (clock.now() + delay > deadline) {
      record.conclusion = 'timeout'
      return failed(
        state,
        record,
        `the deploy run ${record.runId} did not finish within ${elapsed(state.config.deployTimeoutSeconds * 1000)} (deploy-timeout)`
      )
    }
    await clock.sleep(delay)
  }
}

/** The run this dispatch started: new since the dispatch, at this commit, and the only one. */
async function findNewRun(
  state: RunState,
  workflowId: number,
  sha: string,
  known: Set<number>
): Promise<WorkflowRun | string> {
  const { clock } = state
  const giveUp = clock.now() + Math.min(APPEAR_TIMEOUT_MS, state.config.deployTimeoutSeconds * 1000)
  let delay: number | null = null
  let ambiguousSeen = false
  for (;;) {
    const fresh = (await listDispatchRuns(state.gh, workflowId, sha)).filter(run => !known.has(run.id))
    if (fresh.length === 1) return fresh[0]!
    if (fresh.length > 1) {
      // Someone else dispatched the same workflow at the same commit: give it one more look, then say so.
      if (ambiguousSeen) {
        return `the deploy was dispatched, but ${fresh.length} new runs of it appeared at ${sha.slice(0, 7)} (${fresh.map(run => run.id).join(', ')}) and GitHub did not say which is this one`
      }
      ambiguousSeen = true
    }
    delay = nextPollDelay(delay)
    if (clock.now() + delay > giveUp) {
      return `the deploy was dispatched, but its run never appeared within ${Math.round((giveUp - clock.now() + delay) / 1000)}s; check the workflow's Actions tab`
    }
    await clock.sleep(delay)
  }
}

async function deployCommand(state: RunState): Promise<StepVerdict> {
  const command = state.config.deployCommand!
  const plan = state.version!
  const record = startRecord(state, 'command')
  state.log.info(`Running ${command.text}`)
  // Deploy tools print commit messages and the like: their streamed output cannot issue workflow commands.
  const run = await state.log.withCommandsStopped(() =>
    runCommand(command, {
      cwd: state.context.workspace ?? process.cwd(),
      timeoutMs: state.config.deployTimeoutSeconds * 1000,
      stream: true,
      env: {
        RELEASE_VERSION: plan.version,
        RELEASE_TAG: plan.tag,
        RELEASE_SHA: plan.releaseSha,
        RELEASE_PREVIOUS_VERSION: plan.previousVersion ?? '',
        RELEASE_URL: state.release?.url ?? ''
      }
    })
  )
  record.durationMs = run.durationMs
  if (run.missing) {
    record.conclusion = 'failure'
    return failed(state, record, `deploy-command could not start: ${command.argv[0]} is not installed`)
  }
  if (run.timedOut) {
    record.conclusion = 'timeout'
    return failed(
      state,
      record,
      `deploy-command did not finish within ${elapsed(state.config.deployTimeoutSeconds * 1000)} (deploy-timeout)`
    )
  }
  record.conclusion = run.exitCode === 0 ? 'success' : 'failure'
  return run.exitCode === 0
    ? passed(`${command.text} succeeded in ${elapsed(run.durationMs)}`)
    : failed(state, record, `deploy-command exited with code ${run.exitCode}`)
}
