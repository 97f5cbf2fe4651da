import { readFileSync } from 'node:fs'
import { ActionError } from './errors.js'

export type Trigger = 'schedule' | 'workflow_dispatch' | 'push' | 'pull_request' | 'other'

/**
 * A pull request event, as far as the release-label path reads it. The pull request itself (merged, labels, merge
 * commit) is read from the API: the event's copy can be stale.
 */
export interface PullRequestEvent {
  action: string
  number: number
  /** The label just added, for `labeled` events. */
  label: string | null
  /** Who added the label (labeled) or merged the pull request (closed). */
  actor: string | null
  /** Open (not closed, not merged) when the event was sent: a pull request that can still be previewed. */
  open: boolean
}

/** Where and why this run happens; read once from the runner's environment. */
export interface RunContext {
  eventName: string
  trigger: Trigger
  /** The repository the workflow runs in (`GITHUB_REPOSITORY`). */
  workflowRepository: { owner: string; repo: string } | null
  /** Commit the event is about (`GITHUB_SHA`). */
  sha: string | null
  /** Full ref the event is about (`GITHUB_REF`), e.g. refs/heads/main. */
  ref: string | null
  pullRequest: PullRequestEvent | null
  runId: number | null
  /** Who started the run (GITHUB_TRIGGERING_ACTOR, else GITHUB_ACTOR): for a manual dispatch, the person. */
  actor: string | null
  serverUrl: string
  apiUrl: string
  workspace: string | null
  /** The runner's temporary folder (RUNNER_TEMP), kept at one path across jobs. */
  runnerTemp: string | null
}

const TRIGGERS: Record<string, Trigger> = {
  schedule: 'schedule',
  workflow_dispatch: 'workflow_dispatch',
  push: 'push',
  pull_request: 'pull_request',
  pull_request_target: 'pull_request'
}

type Json = Record<string, unknown>

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {}
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

function readEvent(path: string | undefined): Json {
  if (!path) return {}
  try {
    return asObject(JSON.parse(readFileSync(path, 'utf8')))
  } catch (error) {
    throw new ActionError(
      'unexpected',
      `Cannot read the event payload at GITHUB_EVENT_PATH: ${(error as Error).message}`
    )
  }
}

function readPullRequest(event: Json): PullRequestEvent | null {
  const pr = asObject(event.pull_request)
  if (typeof pr.number !== 'number') return null
  const action = asString(event.action) ?? ''
  const actorOf = action === 'closed' ? asObject(pr.merged_by).login : asObject(event.sender).login
  return {
    action,
    number: pr.number,
    label: asString(asObject(event.label).name),
    actor: asString(actorOf),
    open: pr.state === 'open' && pr.merged !== true
  }
}

function readRepository(value: string | undefined): RunContext['workflowRepository'] {
  const [owner, repo] = (value ?? '').split('/')
  return owner && repo ? { owner, repo } : null
}

export function readContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const event = readEvent(env.GITHUB_EVENT_PATH)
  const runId = Number(env.GITHUB_RUN_ID)
  return {
    eventName,
    trigger: TRIGGERS[eventName] ?? 'other',
    workflowRepository: readRepository(env.GITHUB_REPOSITORY),
    sha: asString(env.GITHUB_SHA),
    ref: asString(env.GITHUB_REF),
    pullRequest: readPullRequest(event),
    runId: Number.isInteger(runId) && runId > 0 ? runId : null,
    actor: asString(env.GITHUB_TRIGGERING_ACTOR) ?? asString(env.GITHUB_ACTOR),
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    workspace: asString(env.GITHUB_WORKSPACE),
    runnerTemp: asString(env.RUNNER_TEMP)
  }
}

/** Whether two owner/repo names are the same repository (GitHub compares them case-insensitively). */
export function sameRepository(
  a: { owner: string; repo: string } | null,
  b: { owner: string; repo: string } | null
): boolean {
  return (
    !!a &&
    !!b &&
    a.owner.toLowerCase() === b.owner.toLowerCase() &&
    a.repo.toLowerCase() === b.repo.toLowerCase()
  )
}
