import type { getOctokit } from '@actions/github'
import { ActionError } from '../errors.js'

export type Octokit = ReturnType<typeof getOctokit>

/** How the client reports what it does about rate limits; the caller decides where that goes. */
export interface ClientLog {
  warning(message: string): void
}

/** The repository every call is about, with the client that reaches it. */
export interface RepoClient {
  octokit: Octokit
  owner: string
  repo: string
}

const MAX_RATE_LIMIT_WAIT_SECONDS = 120

/** Decides whether to wait out a rate limit (GitHub says how long), and says so in the log. */
function waitOutRateLimit(log: ClientLog, kind: string, maxRetries: number) {
  return (
    retryAfter: number,
    options: { method: string; url: string },
    _octokit: unknown,
    retryCount: number
  ) => {
    const wait = retryCount < maxRetries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS
    log.warning(
      `GitHub ${kind} for ${options.method} ${options.url}; ${wait ? `retrying in ${retryAfter}s` : 'giving up'}.`
    )
    return wait
  }
}

/** How long one attempt of a GitHub request may take, unless createOctokit is told otherwise. */
export const REQUEST_TIMEOUT_MS = 30_000

/** A GitHub request attempt that got no complete answer in time. */
export class GitHubTimeout extends Error {
  override readonly name = 'GitHubTimeout'
  /** Like a network error: a 5xx to the retry plugin, which retries it where retries are allowed. */
  readonly status = 500
  constructor(
    readonly timeoutMs: number,
    readonly request: { method: string; url: string; request?: object }
  ) {
    super(`GitHub did not answer ${request.method} ${request.url} within ${timeoutMs / 1000}s`)
  }
}

type OctokitPlugin = NonNullable<Parameters<typeof getOctokit>[2]>

/**
 * An Octokit plugin: every attempt of every request gets its own timeout. Registered before the retry plugin, so
 * that each retry is a new attempt with a new timeout, and a timed-out GET is retried like a 5xx; requests sent
 * with `request: { retries: 0 }` (writes that could double) are not.
 */
function requestTimeout(timeoutMs: number): OctokitPlugin {
  return octokit => {
    // The hooks of one request share its options object, across retries too: each attempt sets its own signal on
    // it, joined with the caller's signal (if any), remembered from the first attempt.
    const callerSignals = new WeakMap<object, AbortSignal | undefined>()
    octokit.hook.wrap('request', async (request, options) => {
      if (!callerSignals.has(options)) callerSignals.set(options, options.request?.signal)
      const callerSignal = callerSignals.get(options)
      const timeout = AbortSignal.timeout(timeoutMs)
      options.request = {
        ...options.request,
        signal: callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout
      }
      try {
        return await request(options)
      } catch (error) {
        if (!timeout.aborted) throw error
        // Without the headers: nothing that carries the token is kept on an error.
        throw new GitHubTimeout(timeoutMs, {
          method: options.method,
          url: options.url,
          request: options.request
        })
      }
    })
    return {}
  }
}

/**
 * Octokit with retries for 5xx, network errors and timed-out attempts (each has `timeoutMs`), and waits for
 * primary and secondary rate limits.
 *
 * Behind a proxy (HTTPS_PROXY and friends, unless NO_PROXY exempts the API), `@actions/github` builds it: it routes
 * requests through the proxy with undici. Without one, which is the usual case, the same Octokit is built from its
 * parts on a fetch made of `node:http` and `node:https` (http-fetch.ts): neither the 0.9 MB of undici that
 * `@actions/github` bundles nor the copy inside Node (its global fetch) is loaded, a third of a run's start-up.
 */
export async function createOctokit(
  token: string,
  baseUrl: string,
  log: ClientLog,
  timeoutMs = REQUEST_TIMEOUT_MS
): Promise<Octokit> {
  const [{ getProxyUrl }, { retry }, { throttling }] = await Promise.all([
    import('@actions/http-client/lib/proxy'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling')
  ])
  const options = {
    baseUrl,
    retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
    throttle: {
      onRateLimit: waitOutRateLimit(log, 'rate limit reached', 2),
      onSecondaryRateLimit: waitOutRateLimit(log, 'secondary rate limit', 3)
    }
  }
  const plugins = [requestTimeout(timeoutMs), retry, throttling] as const
  if (getProxyUrl(new URL(baseUrl))) {
    const { getOctokit } = await import('@actions/github')
    return getOctokit(token, options, ...plugins)
  }
  const [{ Octokit }, { restEndpointMethods }, { paginateRest }, { createHttpFetch }] = await Promise.all([
    import('@octokit/core'),
    import('@octokit/plugin-rest-endpoint-methods'),
    import('@octokit/plugin-paginate-rest'),
    import('./http-fetch.js')
  ])
  const GitHub = Octokit.plugin(restEndpointMethods, paginateRest, ...plugins)
  return new GitHub({
    ...options,
    auth: `token ${token}`,
    userAgent: userAgent(process.env),
    request: { fetch: createHttpFetch() }
  })
}

/**
 * What `@actions/github` sends: Octokit's own user agent, tagged with the runner's orchestration id when there is
 * one (GitHub relates the requests to the workflow run by it).
 */
function userAgent(env: NodeJS.ProcessEnv): string | undefined {
  const id = env.ACTIONS_ORCHESTRATION_ID?.trim()
  return id ? `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : undefined
}

/** The status of a failed GitHub request, or null when the error did not come from GitHub. */
export function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : null
}

/** The number of the last page a `Link` header names, or 1 when there is only one. */
export function lastPageOf(link: string | undefined): number {
  const match = link && /[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link)
  return match?.[1] ? Number(match[1]) : 1
}

/** The permissions calls need, by GitHub's names, so that a refusal can name the missing one. */
export const PERMISSION = {
  contentsRead: 'contents: read',
  contentsWrite: 'contents: write',
  actionsRead: 'actions: read',
  actionsWrite: 'actions: write',
  checksRead: 'checks: read',
  statusesRead: 'statuses: read',
  pullRequestsRead: 'pull-requests: read',
  issuesRead: 'issues: read',
  metadataRead: 'metadata: read'
} as const

/** What a call needs, so that a refusal can say which permission is missing. */
export interface CallPurpose {
  /** e.g. 'create the tag v1.2.0' */
  action: string
  /** e.g. 'contents: write' */
  permission: string
}

/** GitHub's own words for a failure (its `message`, else the error's), without the documentation link. */
export function messageOf(error: unknown): string {
  const message = (error as { response?: { data?: { message?: unknown } } } | null)?.response?.data?.message
  return (typeof message === 'string' ? message : String((error as Error | null)?.message ?? error)).replace(
    /\s*-\s*https:\/\/docs\.github\.com\S*/,
    ''
  )
}

/** GitHub's own words for a failure, with the details of a 422's `errors` list. */
function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { errors?: unknown } } }).response?.data
  const details = Array.isArray(data?.errors)
    ? data.errors
        .map(item => {
          if (typeof item === 'string') return item
          const { message: text, resource, field, code } = (item ?? {}) as Record<string, unknown>
          return typeof text === 'string'
            ? text
            : [resource, field, code].filter(part => typeof part === 'string').join(' ')
        })
        .filter(Boolean)
    : []
  const said = messageOf(error)
  return details.length > 0 ? `${said} (${details.join('; ')})` : said
}

/** Turns GitHub's refusals into errors that say what to change; anything else keeps GitHub's message. */
export function explain(error: unknown, purpose: CallPurpose): ActionError {
  if (error instanceof ActionError) return error
  const status = statusOf(error)
  const said = githubMessage(error)
  if (status === 401) {
    return new ActionError(
      'missing-permission',
      `GitHub refused the token (401) while trying to ${purpose.action}: it is invalid or expired. Check the github-token input.`,
      {
        input: 'github-token'
      }
    )
  }
  if (status === 403 && !/rate limit/i.test(said)) {
    return new ActionError(
      'missing-permission',
      `GitHub refused to ${purpose.action} (403: ${said}). The token needs '${purpose.permission}': add it to the job's permissions block, or pass a token that has it in github-token.`,
      { permission: purpose.permission }
    )
  }
  if (status === 404) {
    return new ActionError(
      'not-found',
      `GitHub answered 404 when trying to ${purpose.action}: it does not exist, or the token cannot see it. The token needs '${purpose.permission}' on the repository.`,
      { permission: purpose.permission }
    )
  }
  if (error instanceof GitHubTimeout)
    return new ActionError(
      'github-error',
      `GitHub request to ${purpose.action} timed out: ${error.message}${error.request.method === 'GET' ? ', also when retried' : ''}.`
    )
  const label = status === null ? 'failed' : `failed with ${status}`
  return new ActionError('github-error', `GitHub request to ${purpose.action} ${label}: ${said}`)
}

/** Runs one GitHub call and explains its failure in the user's terms. */
export async function call<T>(purpose: CallPurpose, request: () => Promise<T>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    throw explain(error, purpose)
  }
}

/** Like `call`, but the statuses given (by default 404) mean "there is none" and yield null. */
export async function callOrNull<T>(
  purpose: CallPurpose,
  request: () => Promise<T>,
  noneStatuses: readonly number[] = [404]
): Promise<T | null> {
  try {
    return await request()
  } catch (error) {
    const status = statusOf(error)
    if (status !== null && noneStatuses.includes(status)) return null
    throw explain(error, purpose)
  }
}
