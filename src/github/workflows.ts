import { ActionError } from '../errors.js'
import { call, callOrNull, explain, messageOf, PERMISSION, statusOf, type RepoClient } from './client.js'

export interface Workflow {
  id: number
  name: string
  path: string
  state: string
  htmlUrl: string
}

export interface WorkflowRun {
  id: number
  status: string
  conclusion: string | null
  htmlUrl: string
  headSha: string
  event: string
  /** When it was dispatched. */
  createdAt: string
}

type ApiRun = {
  id: number
  status: string | null
  conclusion: string | null
  html_url: string
  head_sha: string
  event: string
  created_at: string
}

function toRun(run: ApiRun): WorkflowRun {
  return {
    id: run.id,
    status: run.status ?? 'unknown',
    conclusion: run.conclusion,
    htmlUrl: run.html_url,
    headSha: run.head_sha,
    event: run.event,
    createdAt: run.created_at
  }
}

/** The workflow, or null when there is none by that file name or id. */
export async function getWorkflow(client: RepoClient, workflow: string): Promise<Workflow | null> {
  const response = await callOrNull(
    { action: `read the deploy workflow ${workflow}`, permission: PERMISSION.actionsRead },
    () =>
      client.octokit.rest.actions.getWorkflow({
        owner: client.owner,
        repo: client.repo,
        workflow_id: workflow
      })
  )
  if (!response) return null
  const { data } = response
  return { id: data.id, name: data.name, path: data.path, state: data.state, htmlUrl: data.html_url }
}

export interface DispatchRequest {
  workflowId: number
  ref: string
  inputs: Record<string, string>
}

/**
 * What GitHub said of the dispatched run: its id when it answers with details (since 2026-02-19), else nothing;
 * `lost` when its answer was (a 5xx or no answer in time, which GitHub gives for dispatches it did make too).
 */
export type Dispatched = { runId: number; runUrl: string; htmlUrl: string } | { runId: null; lost?: string }

/** A dispatch whose answer may have been lost after GitHub made it: a server error or a timeout, not a refusal. */
function lostAnswer(error: unknown): string | null {
  const status = statusOf(error)
  return status !== null && status >= 500 ? messageOf(error) : null
}

function dispatchError(error: unknown, request: DispatchRequest): ActionError {
  const status = statusOf(error)
  const message = messageOf(error)
  if (status === 422) {
    if (/workflow_dispatch/i.test(message)) {
      return new ActionError(
        'invalid-input',
        `The deploy workflow cannot be dispatched: ${message}. Add 'on: workflow_dispatch' to it.`,
        { input: 'deploy-workflow' }
      )
    }
    if (/input/i.test(message)) {
      return new ActionError(
        'invalid-input',
        `The deploy workflow refused its inputs: ${message}. Declare them under on.workflow_dispatch.inputs, or change deploy-inputs.`,
        {
          input: 'deploy-inputs'
        }
      )
    }
    return new ActionError(
      'github-error',
      `GitHub refused to dispatch the deploy at ${request.ref} (422): ${message}`
    )
  }
  return explain(error, {
    action: `dispatch the deploy workflow at ${request.ref}`,
    permission: PERMISSION.actionsWrite
  })
}

/**
 * Dispatches the workflow asking for the run's details. The typed client still says 204, so the route is called
 * directly and its body checked. A server that does not know `return_run_details` (400, older GitHub Enterprise
 * Server) gets the dispatch again without it.
 */
export async function dispatchWorkflow(client: RepoClient, request: DispatchRequest): Promise<Dispatched> {
  const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches' as const
  const base = {
    owner: client.owner,
    repo: client.repo,
    workflow_id: request.workflowId,
    ref: request.ref,
    inputs: request.inputs
  }
  try {
    // A retried dispatch would start a second deploy: no automatic retries on this one.
    const response = await client.octokit.request(route, {
      ...base,
      return_run_details: true,
      request: { retries: 0 }
    })
    const data = response.data as unknown as
      { workflow_run_id?: unknown; run_url?: unknown; html_url?: unknown } | undefined
    if (
      response.status === 200 &&
      typeof data?.workflow_run_id === 'number' &&
      typeof data.html_url === 'string'
    ) {
      return { runId: data.workflow_run_id, runUrl: String(data.run_url ?? ''), htmlUrl: data.html_url }
    }
    return { runId: null }
  } catch (error) {
    const lost = lostAnswer(error)
    if (lost !== null) return { runId: null, lost }
    if (statusOf(error) !== 400) throw dispatchError(error, request)
  }
  try {
    await client.octokit.request(route, { ...base, request: { retries: 0 } })
    return { runId: null }
  } catch (error) {
    const lost = lostAnswer(error)
    if (lost !== null) return { runId: null, lost }
    throw dispatchError(error, request)
  }
}

/** Runs of the workflow dispatched at this commit (newest first). */
export async function listDispatchRuns(
  client: RepoClient,
  workflowId: number,
  sha: string
): Promise<WorkflowRun[]> {
  const { data } = await call(
    { action: 'list the deploy workflow runs', permission: PERMISSION.actionsRead },
    () =>
      client.octokit.rest.actions.listWorkflowRuns({
        owner: client.owner,
        repo: client.repo,
        workflow_id: workflowId,
        event: 'workflow_dispatch',
        head_sha: sha,
        per_page: 100
      })
  )
  return data.workflow_runs.map(run => toRun(run as ApiRun))
}

export type RunPoll = { changed: true; run: WorkflowRun; etag: string | null } | { changed: false }

/** Reads a run with If-None-Match: an unchanged run answers 304, which does not count against the rate limit. */
export async function pollRun(client: RepoClient, runId: number, etag: string | null): Promise<RunPoll> {
  try {
    const response = await client.octokit.rest.actions.getWorkflowRun({
      owner: client.owner,
      repo: client.repo,
      run_id: runId,
      headers: etag ? { 'if-none-match': etag } : {}
    })
    return { changed: true, run: toRun(response.data as ApiRun), etag: response.headers.etag ?? null }
  } catch (error) {
    if (statusOf(error) === 304) return { changed: false }
    throw explain(error, { action: `read the deploy run ${runId}`, permission: PERMISSION.actionsRead })
  }
}
