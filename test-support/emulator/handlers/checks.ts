import { HttpError, links, type HandlerContext, type HandlerResult } from '../http.js'
import { checkRunJson, runJson, statusJson } from '../payloads.js'
import { paginate } from './paging.js'

async function shaOf(ctx: HandlerContext): Promise<string> {
  const sha = await ctx.repo.git.resolveCommit(ctx.params.ref!)
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ctx.params.ref}`)
  return sha
}

export async function listCheckRunsForRef(ctx: HandlerContext): Promise<HandlerResult> {
  const sha = await shaOf(ctx)
  let runs = ctx.repo.checkRuns.filter(run => run.headSha === sha)
  if (ctx.query.get('filter') !== 'all') {
    // Latest per name, as GitHub's default filter=latest.
    const latest = new Map<string, (typeof runs)[number]>()
    for (const run of runs) latest.set(run.name, run)
    runs = [...latest.values()]
  }
  const name = ctx.query.get('check_name')
  if (name) runs = runs.filter(run => run.name === name)
  const page = paginate(ctx, `/repos/${ctx.repo.fullName}/commits/${ctx.params.ref}/check-runs`, runs)
  return {
    status: 200,
    headers: page.headers,
    body: { total_count: runs.length, check_runs: page.items.map(run => checkRunJson(ctx, run)) }
  }
}

export async function getCombinedStatus(ctx: HandlerContext): Promise<HandlerResult> {
  const sha = await shaOf(ctx)
  const latest = new Map<string, (typeof ctx.repo.statuses)[number]>()
  for (const status of ctx.repo.statuses.filter(candidate => candidate.sha === sha))
    latest.set(status.context, status)
  const statuses = [...latest.values()]
  const states = statuses.map(status => status.state)
  // As GitHub: pending when there are no statuses at all.
  const state = states.some(s => s === 'error' || s === 'failure')
    ? 'failure'
    : states.length === 0 || states.includes('pending')
      ? 'pending'
      : 'success'
  const page = paginate(ctx, `/repos/${ctx.repo.fullName}/commits/${ctx.params.ref}/status`, statuses, 100)
  const { api } = links(ctx)
  const example = ctx.host.api.example<Record<string, unknown>>('combined-commit-status')
  return {
    status: 200,
    headers: page.headers,
    body: {
      state,
      statuses: page.items.map(status => statusJson(ctx, status)),
      sha,
      total_count: statuses.length,
      repository: { ...(example.repository as object), name: ctx.repo.name, full_name: ctx.repo.fullName },
      commit_url: `${api}/commits/${sha}`,
      url: `${api}/commits/${sha}/status`
    }
  }
}

export async function getWorkflowRun(ctx: HandlerContext): Promise<HandlerResult> {
  const run = ctx.repo.visibleRuns().find(candidate => candidate.id === Number(ctx.params.run_id))
  if (!run) throw new HttpError(404, 'Not Found')
  return { status: 200, body: runJson(ctx, run) }
}
