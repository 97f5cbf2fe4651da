import { HttpError, type HandlerResult } from '../http.js'
import type { CheckRunRecord, RepoState, RunScript, StatusRecord } from '../repo-state.js'
import type { ControlBody } from './input.js'

export const ROLES = ['admin', 'maintain', 'write', 'triage', 'read'] as const
const CHECK_STATUSES = ['queued', 'in_progress', 'completed'] as const
const CONCLUSIONS = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale'
] as const
const STATUS_STATES = ['success', 'failure', 'error', 'pending'] as const
const RUN_CONCLUSIONS = ['success', 'failure', 'cancelled', 'timed_out'] as const
const DISPATCH_MODES = ['details', 'no-content', 'rejects-run-details'] as const

async function commitOf(repo: RepoState, body: ControlBody): Promise<string> {
  const name = body.optionalString('sha') ?? repo.defaultBranch
  const sha = await repo.git.resolveCommit(name)
  if (!sha) throw body.wrong(`'sha': ${name} is not a commit, branch or tag of ${repo.fullName}`)
  return sha
}

async function branchExists(repo: RepoState, branch: string): Promise<boolean> {
  return (await repo.git.refs(`refs/heads/${branch}`)).some(ref => ref.ref === `refs/heads/${branch}`)
}

/** What the emulator holds for a repository: releases, tags, branches, pulls, roles, checks, runs. */
export async function repositoryState(repo: RepoState): Promise<Record<string, unknown>> {
  const refs = async (prefix: string) =>
    (await repo.git.refs(prefix)).map(ref => ({ name: ref.ref.slice(prefix.length + 1), sha: ref.commit }))
  return {
    defaultBranch: repo.defaultBranch,
    branches: await refs('refs/heads'),
    tags: await refs('refs/tags'),
    releases: repo.releases,
    latestRelease: repo.latestRelease(),
    latestReleaseHistory: repo.latestReleaseHistory,
    pulls: repo.pulls.map(pull => ({ ...pull, body: repo.pullBodies.get(pull.number) ?? null })),
    issues: repo.issues,
    comments: repo.comments,
    locked: Object.fromEntries(repo.locked),
    token: { caller: repo.caller, permissions: repo.permissions },
    collaborators: Object.fromEntries(repo.roles),
    protectedBranches: [...repo.protectedBranches],
    checkRuns: repo.checkRuns,
    statuses: repo.statuses,
    runs: repo.runs,
    deploy: { script: repo.runScript, dispatchMode: repo.dispatchMode }
  }
}

export async function checkRunControl(
  repo: RepoState,
  method: string,
  id: string | undefined,
  body: ControlBody
): Promise<HandlerResult> {
  if (method === 'POST' && id === undefined) {
    body.only('sha', 'name', 'status', 'conclusion')
    const status = body.optionalOneOf('status', CHECK_STATUSES) ?? 'completed'
    const conclusion = body.optionalOneOf('conclusion', CONCLUSIONS)
    if (status !== 'completed' && conclusion)
      throw body.wrong(
        `a ${status} check run has no conclusion yet; leave out 'conclusion' or set status completed`
      )
    const run = repo.addCheckRun(await commitOf(repo, body), {
      name: body.string('name'),
      status,
      conclusion
    })
    return { status: 201, body: run }
  }
  if (method === 'PATCH' && id !== undefined) {
    body.only('status', 'conclusion')
    const run = repo.checkRuns.find(candidate => String(candidate.id) === id)
    if (!run) throw new HttpError(404, `No check run ${id} in ${repo.fullName}`)
    const conclusion = body.optionalOneOf('conclusion', CONCLUSIONS)
    const status = body.optionalOneOf('status', CHECK_STATUSES) ?? (conclusion ? 'completed' : undefined)
    if (!status) throw body.wrong("give 'conclusion' to complete the check run, or 'status'")
    if (status === 'completed') repo.completeCheckRun(run.id, conclusion ?? 'success')
    else if (conclusion) throw body.wrong(`a ${status} check run has no conclusion yet`)
    else Object.assign(run, { status, conclusion: null, completedAt: null } satisfies Partial<CheckRunRecord>)
    return { status: 200, body: run }
  }
  throw new HttpError(
    405,
    `${method} is not a check-runs control: POST …/check-runs, PATCH …/check-runs/{id}`
  )
}

export async function statusControl(
  repo: RepoState,
  method: string,
  body: ControlBody
): Promise<HandlerResult> {
  if (method !== 'POST') throw new HttpError(405, `${method} is not a statuses control: POST …/statuses`)
  body.only('sha', 'context', 'state')
  const state: StatusRecord['state'] = body.oneOf('state', STATUS_STATES)
  return { status: 201, body: repo.addStatus(await commitOf(repo, body), body.string('context'), state) }
}

export function collaboratorControl(
  repo: RepoState,
  method: string,
  login: string | undefined,
  body: ControlBody
): HandlerResult {
  if (login === undefined) {
    if (method !== 'GET')
      throw new HttpError(405, `${method} …/collaborators: use GET, or PUT/DELETE …/collaborators/{login}`)
    return { status: 200, body: Object.fromEntries(repo.roles) }
  }
  if (method === 'PUT') {
    body.only('role')
    repo.roles.set(login, body.oneOf('role', ROLES))
    return { status: 200, body: { login, role: repo.roles.get(login) } }
  }
  if (method === 'DELETE') {
    if (!repo.roles.delete(login))
      throw new HttpError(404, `${login} is not a collaborator of ${repo.fullName}`)
    return { status: 204 }
  }
  throw new HttpError(405, `${method} is not a collaborators control: PUT or DELETE …/collaborators/{login}`)
}

/**
 * Branch protection as the action meets it: GitHub refuses to move or delete a protected branch through the API
 * (the version commit's fast-forward), while merging a pull request into it still works.
 */
export async function protectionControl(
  repo: RepoState,
  method: string,
  branch: string
): Promise<HandlerResult> {
  if (method === 'GET')
    return { status: 200, body: { branch, protected: repo.protectedBranches.has(branch) } }
  if (method === 'PUT') {
    if (!(await branchExists(repo, branch))) throw new HttpError(404, `Branch not found: ${branch}`)
    repo.protectedBranches.add(branch)
    return { status: 200, body: { branch, protected: true } }
  }
  if (method === 'DELETE') {
    if (!repo.protectedBranches.delete(branch)) throw new HttpError(404, `Branch not protected: ${branch}`)
    return { status: 204 }
  }
  throw new HttpError(
    405,
    `${method} is not a protection control: GET, PUT or DELETE …/branches/{branch}/protection`
  )
}

export function deployControl(repo: RepoState, method: string, body: ControlBody): HandlerResult {
  if (method === 'POST') {
    body.only('script', 'dispatchMode')
    repo.runScript = { ...repo.runScript, ...runScript(body) }
    repo.dispatchMode = body.optionalOneOf('dispatchMode', DISPATCH_MODES) ?? repo.dispatchMode
  } else if (method !== 'GET') {
    throw new HttpError(405, `${method} is not a deploy control: GET or POST …/deploy`)
  }
  return { status: 200, body: { script: repo.runScript, dispatchMode: repo.dispatchMode } }
}

function runScript(body: ControlBody): Partial<RunScript> {
  const script = body.optionalObject('script')
  if (!script) return {}
  script.only('conclusion', 'queuedMs', 'durationMs', 'never', 'hidden')
  const fields: Partial<RunScript> = {
    conclusion: script.optionalOneOf('conclusion', RUN_CONCLUSIONS),
    queuedMs: script.optionalNumber('queuedMs'),
    durationMs: script.optionalNumber('durationMs'),
    never: script.optionalBoolean('never'),
    hidden: script.optionalBoolean('hidden')
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
}
