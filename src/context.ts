import { readFileSync } from 'node:fs'
import { ActionError } from './errors.js'

export type Trigger = 'schedule' | 'workflow_dispatch' | 'push' | 'pull_request' | 'other'

/** A pull request as far as the release-label path needs it. */
export interface PullRequestEvent {
  action: string
  number: number
  merged: boolean
  mergeCommitSha: string | null
  baseRef: string
  labels: string[]
  /** The label just added, for `labeled` events. */
  label: string | null
  /** Who added the label (labeled) or merged the pull request (closed). */
  actor: string | null
  headRepoFullName: string | null
  title: string
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
  /** Inputs given to a workflow_dispatch, for the summary. */
  dispatchInputs: Record<string, unknown>
  runId: number | null
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
  const labels = Array.isArray(pr.labels)
    ? pr.labels.map(label => asString(asObject(label).name)).filter(isString)
    : []
  const action = asString(event.action) ?? ''
  const actorOf = action === 'closed' ? asObject(pr.merged_by).login : asObject(event.sender).login
  return {
    action,
    number: pr.number,
    merged: pr.merged === true,
    mergeCommitSha: asString(pr.merge_commit_sha),
    baseRef: asString(asObject(pr.base).ref) ?? '',
    labels,
    label: asString(asObject(event.label).name),
    actor: asString(actorOf),
    headRepoFullName: asString(asObject(asObject(asObject(pr.head).repo)).full_name),
    title: asString(pr.title) ?? ''
  }
}

function isString(value: string | null): value is string {
  return value !== null
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
    dispatchInputs: asObject(event.inputs),
    runId: Number.isInteger(runId) && runId > 0 ? runId : null,
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    workspace: asString(env.GITHUB_WORKSPACE),
    runnerTemp: asString(env.RUNNER_TEMP)
  }
}
