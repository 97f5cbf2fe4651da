import type { Fault } from './faults.js'
import { HttpError, type HandlerResult, type Host, type LoggedRequest } from './http.js'
import { ControlBody } from './controls/input.js'
import { issueControl, tokenControl } from './controls/issues.js'
import { pullControl } from './controls/pulls.js'
import {
  checkRunControl,
  collaboratorControl,
  deployControl,
  protectionControl,
  repositoryState,
  statusControl
} from './controls/repository.js'
import type { RepoState } from './repo-state.js'

/** What the controls reach of the emulator (the Emulator class has all of it). */
export interface Controls extends Host {
  readonly requests: LoggedRequest[]
  readonly violations: string[]
  readonly faults: Fault[]
  readonly takenFaults: Fault[]
  inject(fault: Fault): Fault
  clearFaults(): void
  setNow(now: Date | string | null): void
  repo(fullName: string): RepoState
}

/**
 * Test and demo controls under /_emulator/: everything a scenario sets up that is not a GitHub API call of the
 * action's own. They are not part of GitHub's API, so they are not checked against its description; a wrong body is
 * a 4xx with a JSON `message` that says what is wrong. README.md ("Try it on your own repository") shows each one
 * with curl. {repo} below is /_emulator/repos/{owner}/{name}.
 *
 * The emulator
 *   GET    /_emulator/requests       the request log (DELETE clears it)
 *   GET    /_emulator/violations     requests/responses that departed from GitHub's description
 *   GET    /_emulator/faults         {pending, taken}: faults waiting for a request, and faults requests met
 *   POST   /_emulator/faults         {operationId?, method?, pathIncludes?, queryIncludes?, bodyIncludes?,
 *                                     status?, body?, headers?, times?, delayMs?, after?, drop?}
 *                                     after: the real handler runs (its write happens), then status/body answer
 *                                     drop: the connection closes unanswered (after the handler when after)
 *   DELETE /_emulator/faults         drops every pending fault
 *   GET    /_emulator/clock          {now, frozen}
 *   POST   /_emulator/clock          {now: "2026-03-29T01:30:00Z"}: the clock stands at that moment for the Date
 *                                     header and every timestamp the emulator writes; {now: null}: real time
 *
 * Pull requests (the merge commit is a real git commit; the base branch moves to it)
 *   POST   {repo}/pulls                     {head, title, base?, body?, labels?, user?, headRepo?} opens one from a
 *                                           branch (or commit) with commits the base lacks → 201, number 1, 2, …
 *   GET    {repo}/pulls[/{n}]               the pull requests, or one
 *   POST   {repo}/pulls/{n}/labels          {labels: [..], by?}: adds labels; `by` is the labeled event's sender
 *   DELETE {repo}/pulls/{n}/labels/{label}  removes one
 *   POST   {repo}/pulls/{n}/merge           {by, method?: merge|squash, message?}: merges as `by` (merged_by);
 *                                           409 on conflicts or when the base moved, 405 when not open
 *   PATCH  {repo}/pulls/{n}                 {title?, body?}: edits it (then ?action=edited for the event)
 *   GET    {repo}/pulls/{n}/event           ?action=closed|labeled|opened|synchronize|edited|…&label=&sender=: the
 *                                           pull_request event payload GitHub would deliver, for GITHUB_EVENT_PATH
 *                                           (default action: closed once merged; sender: the merger, or who added
 *                                           the label); an open one's head and base are their branches' tips now
 * Issues (they share one number sequence with pull requests; lock and comments take either's number)
 *   POST   {repo}/issues                    {title, body?, labels?, user?} opens one → 201
 *   GET    {repo}/issues[/{n}]              the issues (with their comments), or one
 *   PATCH  {repo}/issues/{n}                {state?: open|closed, stateReason?: completed|not_planned, title?, body?}
 *   POST   {repo}/issues/{n}/labels         {labels: [..]}
 *   PUT    {repo}/issues/{n}/lock           {reason?: off-topic|too heated|resolved|spam} locks the conversation:
 *                                           a comment from a caller without write access is then a 403
 *   DELETE {repo}/issues/{n}/lock           unlocks it
 *   GET    {repo}/issues/{n}/comments       the comments on an issue or pull request
 *   POST   {repo}/issues/{n}/comments       {body, user?}: a comment by someone else (default octocat)
 * The caller: comments are made as it; a token without write access gets "Resource not accessible by integration"
 *   GET    {repo}/token                     {caller, permissions}
 *   PUT    {repo}/token                     {caller?, issues?: read|write, pullRequests?: read|write}; the caller
 *                                           (default github-actions[bot]) has no role unless the collaborators
 *                                           control gives it one
 * Collaborators: the permission the release-label trigger checks
 *   GET    {repo}/collaborators             {login: role}
 *   PUT    {repo}/collaborators/{login}     {role: admin|maintain|write|triage|read}; DELETE removes (no access)
 * Branch protection: GitHub refuses to move or delete a protected branch through the API (the version commit's
 * fast-forward); pull request merges still land. The action never reads protection settings, it meets the refusal.
 *   PUT    {repo}/branches/{branch}/protection   protects an existing branch; DELETE lifts it; GET {protected}
 * Checks and statuses (sha: a commit, branch or tag; default: the default branch)
 *   POST   {repo}/check-runs            {name, sha?, status?: queued|in_progress|completed, conclusion?}
 *   PATCH  {repo}/check-runs/{id}       {conclusion} completes a check run, {status} moves it
 *   POST   {repo}/statuses              {context, state: success|failure|error|pending, sha?}
 * Deploy runs (what the next dispatched workflow runs do)
 *   GET    {repo}/deploy                {script, dispatchMode}
 *   POST   {repo}/deploy                {script?: {conclusion?: success|failure|cancelled|timed_out, queuedMs?,
 *                                        durationMs?, never?, hidden?}, dispatchMode?: details|no-content|
 *                                        rejects-run-details}
 * State
 *   GET    {repo}/state                 branches, tags (with the commit each names), releases, latestRelease (what
 *                                       GitHub shows as Latest), latestReleaseHistory, pulls, issues, comments,
 *                                       locked, token, collaborators,
 *                                       protectedBranches, check runs, statuses, workflow runs, deploy
 */
export async function adminRoutes(
  emulator: Controls,
  method: string,
  url: URL,
  raw: Buffer
): Promise<HandlerResult> {
  const path = url.pathname.slice('/_emulator'.length)
  const body = ControlBody.parse(raw, `${method} ${url.pathname}`)
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
    const fault = emulator.inject(body.raw as unknown as Fault)
    return { status: 201, body: { queued: emulator.faults.length, fault } }
  }
  if (route === 'DELETE /faults') {
    emulator.clearFaults()
    return { status: 204 }
  }
  if (route === 'POST /clock') {
    const now = body.raw.now
    if (now !== null && (typeof now !== 'string' || Number.isNaN(Date.parse(now))))
      throw new HttpError(422, 'now must be an ISO 8601 date and time, or null for real time')
    emulator.setNow(now as string | null)
  }
  if (path === '/clock' && (method === 'GET' || method === 'POST')) {
    return { status: 200, body: { now: emulator.clock.now().toISOString(), frozen: emulator.clock.frozen } }
  }
  const segments = path.split('/').slice(1).map(decodeURIComponent)
  if (segments[0] === 'repos' && segments.length >= 4) {
    const [, owner, name, what, ...rest] = segments
    return repoRoute(emulator, servedRepo(emulator, `${owner}/${name}`), method, what!, rest, body, url)
  }
  throw new HttpError(404, `No emulator control at ${method} ${url.pathname}`)
}

function servedRepo(emulator: Controls, fullName: string): RepoState {
  try {
    return emulator.repo(fullName)
  } catch {
    throw new HttpError(404, `The emulator does not serve ${fullName}`)
  }
}

async function repoRoute(
  host: Controls,
  repo: RepoState,
  method: string,
  what: string,
  rest: string[],
  body: ControlBody,
  url: URL
): Promise<HandlerResult> {
  const single = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : null
  if (what === 'pulls') return pullControl({ host, repo }, method, rest, body, url.searchParams)
  if (what === 'issues') return issueControl(repo, method, rest, body)
  if (what === 'token' && rest.length === 0) return tokenControl(repo, method, body)
  if (what === 'check-runs' && single !== null) return checkRunControl(repo, method, single, body)
  if (what === 'collaborators' && single !== null) return collaboratorControl(repo, method, single, body)
  if (what === 'branches' && rest.at(-1) === 'protection' && rest.length >= 2)
    return protectionControl(repo, method, rest.slice(0, -1).join('/'))
  if (rest.length === 0) {
    if (what === 'statuses') return statusControl(repo, method, body)
    if (what === 'deploy') return deployControl(repo, method, body)
    if (what === 'state' && method === 'GET') return { status: 200, body: await repositoryState(repo) }
  }
  throw new HttpError(
    404,
    `No emulator control at ${method} ${url.pathname}: under /_emulator/repos/${repo.fullName}/ there are pulls, ` +
      'issues, token, collaborators, branches/{branch}/protection, check-runs, statuses, deploy and state'
  )
}
