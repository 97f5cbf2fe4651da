import { parse } from 'yaml'
import { HttpError, links, type HandlerContext, type HandlerResult } from '../http.js'
import { runJson, workflowJson } from '../payloads.js'
import { paginate } from './paging.js'

export async function getWorkflow(ctx: HandlerContext): Promise<HandlerResult> {
  const workflow = await ctx.repo.workflow(ctx.params.workflow_id!)
  if (!workflow) throw new HttpError(404, 'Not Found')
  return { status: 200, body: workflowJson(ctx, workflow) }
}

async function resolveRef(ctx: HandlerContext, ref: string): Promise<{ sha: string; branch: string } | null> {
  for (const candidate of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
    if (!candidate.startsWith('refs/')) continue
    const sha = await ctx.repo.git.resolveCommit(candidate)
    if (sha) return { sha, branch: candidate.replace(/^refs\/(heads|tags)\//, '') }
  }
  return null
}

/** Validates a dispatch as GitHub does: the ref, the workflow_dispatch trigger at that ref, and the inputs. */
export async function createWorkflowDispatch(ctx: HandlerContext): Promise<HandlerResult> {
  const body = ctx.body as { ref: string; inputs?: Record<string, unknown>; return_run_details?: boolean }
  if (ctx.repo.dispatchMode === 'rejects-run-details' && 'return_run_details' in body) {
    throw new HttpError(400, 'Invalid request.\n\n"return_run_details" is not a permitted key.')
  }
  const workflow = await ctx.repo.workflow(ctx.params.workflow_id!)
  if (!workflow) throw new HttpError(404, 'Not Found')
  const target = await resolveRef(ctx, body.ref)
  if (!target) throw new HttpError(422, `No ref found for: ${body.ref}`)
  const file = await ctx.repo.git.readFile(target.sha, workflow.path)
  const document = file ? (parse(file.content.toString('utf8')) as { on?: unknown }) : {}
  const on = document.on
  const dispatch =
    typeof on === 'object' && on !== null && !Array.isArray(on)
      ? (on as Record<string, unknown>).workflow_dispatch
      : undefined
  const dispatchable =
    on === 'workflow_dispatch' ||
    (Array.isArray(on) && on.includes('workflow_dispatch')) ||
    dispatch !== undefined
  if (!dispatchable) throw new HttpError(422, "Workflow does not have 'workflow_dispatch' trigger")
  const declared = ((
    dispatch as { inputs?: Record<string, { required?: boolean; default?: unknown }> } | null
  )?.inputs ?? {}) as Record<string, { required?: boolean; default?: unknown }>
  const given = Object.keys(body.inputs ?? {})
  const unexpected = given.filter(name => !(name in declared))
  if (unexpected.length > 0)
    throw new HttpError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`)
  const missing = Object.entries(declared).find(
    ([name, input]) => input?.required && input.default === undefined && !given.includes(name)
  )
  if (missing) throw new HttpError(422, `Required input '${missing[0]}' not provided`)

  const script = { ...(ctx.repo.nextRunScripts.shift() ?? ctx.repo.runScript) }
  const run = ctx.repo.addRun({
    workflowId: workflow.id,
    name: workflow.name,
    path: workflow.path,
    headSha: target.sha,
    headBranch: target.branch,
    event: 'workflow_dispatch',
    status: 'queued',
    inputs: body.inputs ?? {},
    script,
    startedMs: Date.now(),
    hidden: script.hidden === true
  })
  if (ctx.repo.dispatchMode !== 'details' || body.return_run_details !== true) return { status: 204 }
  const { html, api } = links(ctx)
  return {
    status: 200,
    body: {
      workflow_run_id: run.id,
      run_url: `${api}/actions/runs/${run.id}`,
      html_url: `${html}/actions/runs/${run.id}`
    }
  }
}

export async function listWorkflowRuns(ctx: HandlerContext): Promise<HandlerResult> {
  const workflow = await ctx.repo.workflow(ctx.params.workflow_id!)
  if (!workflow) throw new HttpError(404, 'Not Found')
  const { query } = ctx
  const runs = ctx.repo
    .visibleRuns()
    .filter(run => run.workflowId === workflow.id)
    .filter(run => !query.get('event') || run.event === query.get('event'))
    .filter(run => !query.get('head_sha') || run.headSha === query.get('head_sha'))
    .filter(run => !query.get('branch') || run.headBranch === query.get('branch'))
    .filter(
      run =>
        !query.get('status') || run.status === query.get('status') || run.conclusion === query.get('status')
    )
    .reverse()
  const page = paginate(
    ctx,
    `/repos/${ctx.repo.fullName}/actions/workflows/${ctx.params.workflow_id}/runs`,
    runs
  )
  return {
    status: 200,
    headers: page.headers,
    body: { total_count: runs.length, workflow_runs: page.items.map(run => runJson(ctx, run)) }
  }
}
