import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { adminRoutes } from './admin.js'
import { Clock } from './clock.js'
import { FaultBook, type Fault } from './faults.js'
import { GitRepo } from './git.js'
import { GraphqlEndpoint } from './graphql.js'
import { handlers } from './handlers/index.js'
import {
  errorResult,
  HttpError,
  links,
  readBody,
  send,
  type HandlerResult,
  type Host,
  type LoggedRequest
} from './http.js'
import { OpenApi, type Match } from './openapi.js'
import { RepoState } from './repo-state.js'
import { checkResponse, type ResponseValidation } from './response-check.js'

export { HttpError } from './http.js'
export type { Fault, FaultRequest } from './faults.js'
export type { Handler, HandlerContext, HandlerResult, Host, LoggedRequest } from './http.js'
export type { ResponseValidation } from './response-check.js'

const READ_ONLY_POSTS = new Set(['repos/generate-release-notes', 'markdown/render'])

export interface EmulatorOptions {
  /** owner/name → path of a git repository on disk. */
  repos: Record<string, string>
  defaultBranch?: string
  /** Record violations of GitHub's description and answer 422 (default), or only record them. */
  strict?: boolean
  /** How much of each response is checked against GitHub's schema (default 'sample'; see ResponseValidation). */
  validateResponses?: ResponseValidation
}

/**
 * A stateful stand-in for the GitHub REST API on 127.0.0.1, backed by real git repositories. Every request is
 * matched and checked against GitHub's OpenAPI description; every response is checked too.
 */
export class Emulator implements Host {
  readonly api = OpenApi.load()
  /** The emulator's "now", for the Date header and every timestamp it writes (see setNow). */
  readonly clock = new Clock()
  readonly requests: LoggedRequest[] = []
  /** Requests GitHub would reject and responses GitHub would not give: a test fails on any. */
  readonly violations: string[] = []
  /** How much of each response is checked; may be changed between requests. */
  validateResponses: ResponseValidation
  private readonly faultBook = new FaultBook()
  private readonly repos = new Map<string, RepoState>()
  /** POST /graphql, over the same repositories. */
  private readonly graphql = new GraphqlEndpoint(
    this,
    fullName => this.repos.get(fullName.toLowerCase()),
    this.violations
  )
  private server: Server | null = null
  url = ''
  /** GitHub counts REST requests (core) and GraphQL queries (graphql) against separate limits. */
  private readonly rateRemaining = { core: 5000, graphql: 5000 }

  constructor(private readonly options: EmulatorOptions) {
    this.validateResponses = options.validateResponses ?? 'sample'
    for (const [fullName, dir] of Object.entries(options.repos)) this.addRepo(fullName, dir)
  }

  addRepo(fullName: string, dir: string): RepoState {
    const [owner, name] = fullName.split('/')
    const state = new RepoState(
      this.clock,
      owner!,
      name!,
      new GitRepo(dir),
      this.options.defaultBranch ?? 'main'
    )
    this.repos.set(fullName.toLowerCase(), state)
    return state
  }

  repo(fullName: string): RepoState {
    const state = this.repos.get(fullName.toLowerCase())
    if (!state) throw new Error(`The emulator does not serve ${fullName}`)
    return state
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response))
    await new Promise<void>(resolve => this.server!.listen(port, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = null
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
  }

  writes(): LoggedRequest[] {
    return this.requests.filter(request => request.write)
  }

  /** Faults no request has met yet (used-up ones leave this list). */
  get faults(): Fault[] {
    return this.faultBook.pending
  }

  /** Every fault a request met, once each, in the order first met: proof a test's fault was not dead. */
  get takenFaults(): Fault[] {
    return this.faultBook.taken
  }

  /** Queues a fault; the returned copy counts in `taken` the requests that met it. */
  inject(fault: Fault): Fault {
    return this.faultBook.add(fault)
  }

  /** Drops every pending fault (the record of faults already taken stays). */
  clearFaults(): void {
    this.faultBook.clear()
  }

  /** Sets the emulator's "now" (the Date header and the timestamps it writes); null goes back to real time. */
  setNow(now: Date | string | null): void {
    this.clock.set(now === null ? null : new Date(now))
  }

  /** The URLs of a repository's pages and API. */
  links(repo: RepoState): { html: string; api: string } {
    return links({ host: this, repo })
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const method = request.method ?? 'GET'
    const raw = await readBody(request)
    if (url.pathname.startsWith('/_emulator/')) {
      const result = await adminRoutes(this, method, url, raw).catch(errorResult)
      const text = result.body === undefined ? undefined : JSON.stringify(result.body)
      send(response, { ...result, headers: { ...result.headers, date: this.clock.httpDate() } }, text)
      return
    }
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      query: url.search,
      operationId: null,
      status: 0,
      write: false,
      conditional: request.headers['if-none-match'] !== undefined
    }
    const result = await this.serve(request, url, raw, entry).catch(errorResult)
    if (result === null) {
      entry.dropped = true
      this.requests.push(entry)
      request.socket.destroy()
      return
    }
    entry.status = this.respond(request, response, result)
    this.requests.push(entry)
  }

  /** The answer to one API request: the real one, a fault's, or null for none at all (a dropped connection). */
  private async serve(
    request: IncomingMessage,
    url: URL,
    raw: Buffer,
    entry: LoggedRequest
  ): Promise<HandlerResult | null> {
    const method = entry.method
    let body: unknown
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined
    } catch {
      throw new HttpError(400, 'Problems parsing JSON')
    }
    entry.body = body
    let real: () => Promise<HandlerResult>
    if (method === 'POST' && url.pathname === '/graphql') {
      // GraphQL queries only read; the one operation is matched by faults as 'graphql'.
      entry.operationId = 'graphql'
      real = () => this.graphql.answer(body).catch(errorResult)
    } else {
      const match = this.api.find(method, url.pathname)
      if (!match)
        throw this.violation(404, `${method} ${url.pathname} is not in GitHub's REST API description`)
      entry.operationId = match.operation.operationId
      entry.write = method !== 'GET' && !READ_ONLY_POSTS.has(match.operation.operationId)
      real = () => this.dispatch(match, url, body, request).catch(errorResult)
    }
    const operationId = entry.operationId
    const fault = this.faultBook.take({
      method,
      path: url.pathname,
      query: url.search,
      operationId,
      body,
      rawBody: raw.toString('utf8')
    })
    if (!fault) return real()
    entry.faulted = true
    if (fault.delayMs) await new Promise(resolve => setTimeout(resolve, fault.delayMs))
    await fault.before?.()
    const injected = (fault.status ?? 0) > 0 ? faultAnswer(fault) : null
    if (!fault.after) return fault.drop ? null : (injected ?? real())
    const handled = await real()
    entry.handledStatus = handled.status
    return fault.drop ? null : (injected ?? handled)
  }

  private async dispatch(
    match: Match,
    url: URL,
    body: unknown,
    request: IncomingMessage
  ): Promise<HandlerResult> {
    const { operation, params } = match
    const problems = this.api.validateRequest(match, url.searchParams, body)
    if (problems.length > 0) {
      throw this.violation(
        422,
        `${operation.operationId}: GitHub would reject this request: ${problems.join('; ')}`
      )
    }
    const handler = handlers[operation.operationId]
    if (!handler)
      throw this.violation(
        404,
        `${operation.operationId} (${operation.method} ${operation.template}) is not emulated`
      )
    const repo = this.repos.get(`${params.owner}/${params.repo}`.toLowerCase())
    if (!repo) throw new HttpError(404, 'Not Found')
    const result = await handler({
      host: this,
      repo,
      params,
      query: url.searchParams,
      body,
      headers: request.headers
    })
    const mode = this.validateResponses
    const wrong = checkResponse(this.api, operation, result.status, result.body, mode)
    if (wrong.length > 0) {
      const checked = mode === 'sample' ? ' (lists sampled: the first item and every 50th)' : ''
      this.violations.push(
        `${operation.operationId} answered what GitHub would not${checked}: ${wrong.join('; ')}`
      )
    }
    return result
  }

  private violation(status: number, message: string): HttpError {
    this.violations.push(message)
    return new HttpError(status, message)
  }

  /**
   * Sends the answer with GitHub's headers (Date from the emulator's clock, rate limit, ETag on every GET; a
   * matching If-None-Match gets 304, which costs nothing of the rate limit) and returns the status sent.
   */
  private respond(request: IncomingMessage, response: ServerResponse, result: HandlerResult): number {
    const text = result.body === undefined ? undefined : JSON.stringify(result.body)
    const headers: Record<string, string> = { ...(result.headers ?? {}), date: this.clock.httpDate() }
    let status = result.status
    if (request.method === 'GET' && status === 200) {
      headers.etag = `W/"${createHash('sha1')
        .update(text ?? 'null')
        .digest('hex')}"`
      if (request.headers['if-none-match'] === headers.etag) status = 304
    }
    const resource = request.url === '/graphql' ? 'graphql' : 'core'
    Object.assign(headers, this.rateHeaders(resource, status !== 304))
    send(response, { status, headers }, status === 304 ? undefined : text)
    return status
  }

  private rateHeaders(resource: 'core' | 'graphql', counts: boolean): Record<string, string> {
    if (counts) this.rateRemaining[resource] = Math.max(0, this.rateRemaining[resource] - 1)
    return {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(this.rateRemaining[resource]),
      'x-ratelimit-reset': String(this.clock.seconds() + 3600),
      'x-ratelimit-resource': resource
    }
  }
}

function faultAnswer(fault: Fault): HandlerResult {
  return {
    status: fault.status!,
    body: fault.body ?? { message: `Injected fault ${fault.status}` },
    headers: fault.headers ?? {}
  }
}
