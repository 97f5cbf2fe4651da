import type { Clock } from './clock.js'
import type { Fault } from './faults.js'
import { HttpError, type HandlerResult, type LoggedRequest } from './http.js'
import type { RepoState } from './repo-state.js'

/** What the controls reach of the emulator (the Emulator class has all of it). */
export interface Controls {
  readonly requests: LoggedRequest[]
  readonly violations: string[]
  readonly faults: Fault[]
  readonly takenFaults: Fault[]
  readonly clock: Clock
  inject(fault: Fault): Fault
  clearFaults(): void
  setNow(now: Date | string | null): void
  repo(fullName: string): RepoState
}

/**
 * Test and demo controls under /_emulator/: set check runs and statuses, inject and clear faults, set the clock,
 * read the request log.
 *
 *   GET    /_emulator/requests       the request log (DELETE clears it)
 *   GET    /_emulator/violations     requests/responses that departed from GitHub's description
 *   GET    /_emulator/faults         {pending, taken}: faults waiting for a request, and faults requests met
 *   POST   /_emulator/faults         {operationId?, method?, pathIncludes?, bodyIncludes?, status?, body?,
 *                                     headers?, times?, delayMs?, after?, drop?}
 *                                     after: the real handler runs (its write happens), then status/body answer
 *                                     drop: the connection closes unanswered (after the handler when after)
 *   DELETE /_emulator/faults         drops every pending fault
 *   GET    /_emulator/clock          {now, frozen}
 *   POST   /_emulator/clock          {now: "2026-03-29T01:30:00Z"}: the clock stands at that moment for the Date
 *                                     header and every timestamp the emulator writes; {now: null}: real time
 *   POST   /_emulator/repos/{owner}/{repo}/check-runs  {sha, name, status?, conclusion?}
 *   POST   /_emulator/repos/{owner}/{repo}/statuses    {sha, context, state}
 *   GET    /_emulator/repos/{owner}/{repo}/state       releases, latestRelease (what GitHub shows as Latest),
 *                                                      latestReleaseHistory, check runs, statuses, workflow runs
 *   POST   /_emulator/repos/{owner}/{repo}/deploy      {script?: {conclusion, queuedMs, durationMs, never?, hidden?}, dispatchMode?}
 */
export async function adminRoutes(
  emulator: Controls,
  method: string,
  url: URL,
  raw: Buffer
): Promise<HandlerResult> {
  const body = parse(raw)
  const path = url.pathname.slice('/_emulator'.length)
  const route = `${method} ${path}`
  if (route === 'GET /requests') return { status: 200, body: emulator.requests }
  if (route === 'DELETE /requests') {
    emulator.requests.length = 0
    return { status: 204 }
  }
  if (route === 'GET /violations') return { status: 200, body: emulator.violations }
  if (route === 'GET /faults')
    return { status: 200, body: { pending: emulator.faults, taken: emulator.takenFaults } }
  if (route === 'POST /faults') {
    const fault = emulator.inject(body as Fault)
    return { status: 201, body: { queued: emulator.faults.length, fault } }
  }
  if (route === 'DELETE /faults') {
    emulator.clearFaults()
    return { status: 204 }
  }
  if (route === 'POST /clock') {
    const now = body.now
    if (now !== null && (typeof now !== 'string' || Number.isNaN(Date.parse(now))))
      throw new HttpError(422, 'now must be an ISO 8601 date and time, or null for real time')
    emulator.setNow(now as string | null)
  }
  if (path === '/clock' && (method === 'GET' || method === 'POST')) {
    return { status: 200, body: { now: emulator.clock.now().toISOString(), frozen: emulator.clock.frozen } }
  }
  const repoPath = /^\/repos\/([^/]+)\/([^/]+)\/(check-runs|statuses|state|deploy)$/.exec(path)
  if (repoPath) {
    const repo = emulator.repo(`${repoPath[1]}/${repoPath[2]}`)
    return repoRoute(repo, repoPath[3]!, method, body)
  }
  throw new HttpError(404, `No emulator control at ${method} ${url.pathname}`)
}

function parse(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {}
  try {
    return JSON.parse(raw.toString('utf8')) as Record<string, unknown>
  } catch {
    throw new HttpError(400, 'Problems parsing JSON')
  }
}

async function repoRoute(
  repo: RepoState,
  what: string,
  method: string,
  body: Record<string, unknown>
): Promise<HandlerResult> {
  if (what === 'state' && method === 'GET') {
    return {
      status: 200,
      body: {
        releases: repo.releases,
        latestRelease: repo.latestRelease(),
        latestReleaseHistory: repo.latestReleaseHistory,
        checkRuns: repo.checkRuns,
        statuses: repo.statuses,
        runs: repo.runs
      }
    }
  }
  if (method !== 'POST') throw new HttpError(405, 'Method not allowed')
  if (what === 'deploy') {
    if (body.script) repo.runScript = { ...repo.runScript, ...(body.script as object) }
    if (body.dispatchMode) repo.dispatchMode = body.dispatchMode as typeof repo.dispatchMode
    return { status: 200, body: { script: repo.runScript, dispatchMode: repo.dispatchMode } }
  }
  const sha = await repo.git.resolveCommit(String(body.sha ?? repo.defaultBranch))
  if (!sha) throw new HttpError(422, `Unknown commit ${String(body.sha)}`)
  if (what === 'check-runs') {
    const run = repo.addCheckRun(sha, {
      name: String(body.name),
      status: body.status as 'queued' | 'in_progress' | 'completed' | undefined,
      conclusion: (body.conclusion as string | undefined) ?? undefined
    })
    return { status: 201, body: run }
  }
  return {
    status: 201,
    body: repo.addStatus(sha, String(body.context), body.state as 'success' | 'failure' | 'pending' | 'error')
  }
}
