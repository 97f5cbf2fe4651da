import type { RepoState } from './repo-state.js'
import { HttpError, type Emulator, type Fault, type HandlerResult } from './server.js'

/**
 * Test and demo controls under /_emulator/: set check runs and statuses, inject faults, read the request log.
 *
 *   GET    /_emulator/requests                      the request log (DELETE clears it)
 *   GET    /_emulator/violations                    requests/responses that departed from GitHub's description
 *   POST   /_emulator/faults                        {operationId?, method?, pathIncludes?, status, body?, headers?, times?, delayMs?}
 *   POST   /_emulator/repos/{owner}/{repo}/check-runs  {sha, name, status?, conclusion?}
 *   POST   /_emulator/repos/{owner}/{repo}/statuses    {sha, context, state}
 *   GET    /_emulator/repos/{owner}/{repo}/state       releases, check runs, statuses, workflow runs
 *   POST   /_emulator/repos/{owner}/{repo}/deploy      {script?: {conclusion, queuedMs, durationMs, never?, hidden?}, dispatchMode?}
 */
export async function adminRoutes(
  emulator: Emulator,
  method: string,
  url: URL,
  raw: Buffer
): Promise<HandlerResult> {
  const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {}
  const path = url.pathname.slice('/_emulator'.length)
  if (path === '/requests' && method === 'GET') return { status: 200, body: emulator.requests }
  if (path === '/requests' && method === 'DELETE') {
    emulator.requests.length = 0
    return { status: 204 }
  }
  if (path === '/violations' && method === 'GET') return { status: 200, body: emulator.violations }
  if (path === '/faults' && method === 'POST') {
    emulator.inject(body as unknown as Fault)
    return { status: 201, body: { queued: emulator.faults.length } }
  }
  const repoPath = /^\/repos\/([^/]+)\/([^/]+)\/(check-runs|statuses|state|deploy)$/.exec(path)
  if (repoPath) {
    const repo = emulator.repo(`${repoPath[1]}/${repoPath[2]}`)
    return repoRoute(repo, repoPath[3]!, method, body)
  }
  throw new HttpError(404, `No emulator control at ${method} ${url.pathname}`)
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
      body: { releases: repo.releases, checkRuns: repo.checkRuns, statuses: repo.statuses, runs: repo.runs }
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
