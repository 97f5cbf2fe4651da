import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { adminRoutes } from './admin.js'
import { GitRepo } from './git.js'
import { handlers, type Handler } from './handlers/index.js'
import { OpenApi, type Match } from './openapi.js'
import { RepoState } from './repo-state.js'

export interface LoggedRequest {
  method: string
  path: string
  query: string
  operationId: string | null
  status: number
  /** Requests that change state on GitHub (generate-notes is a POST that writes nothing). */
  write: boolean
  conditional: boolean
  body?: unknown
}

/** A failure to answer instead of the real thing: `times` requests that match get it. */
export interface Fault {
  operationId?: string
  method?: string
  pathIncludes?: string
  status: number
  body?: unknown
  headers?: Record<string, string>
  times?: number
  /** Wait this long before answering (or before the real answer when status is 0). */
  delayMs?: number
  /** In-process tests: change the world just as this request arrives (e.g. someone else pushes a tag). */
  before?: () => void | Promise<void>
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message)
  }
}

const READ_ONLY_POSTS = new Set(['repos/generate-release-notes', 'markdown/render'])
const DOCS = 'https://docs.github.com/rest'

export interface EmulatorOptions {
  /** owner/name → path of a git repository on disk. */
  repos: Record<string, string>
  defaultBranch?: string
  /** Record violations of GitHub's description and answer 422 (default), or only record them. */
  strict?: boolean
}

export interface HandlerContext {
  emulator: Emulator
  repo: RepoState
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  headers: IncomingMessage['headers']
}

export interface HandlerResult {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * A stateful stand-in for the GitHub REST API on 127.0.0.1, backed by real git repositories. Every request is
 * matched and checked against GitHub's OpenAPI description; every response is checked too.
 */
export class Emulator {
  readonly api = OpenApi.load()
  readonly requests: LoggedRequest[] = []
  /** Requests GitHub would reject and responses GitHub would not give: a test fails on any. */
  readonly violations: string[] = []
  readonly faults: Fault[] = []
  private readonly repos = new Map<string, RepoState>()
  private server: Server | null = null
  url = ''
  private rateRemaining = 5000

  constructor(private readonly options: EmulatorOptions) {
    for (const [fullName, dir] of Object.entries(options.repos)) this.addRepo(fullName, dir)
  }

  addRepo(fullName: string, dir: string): RepoState {
    const [owner, name] = fullName.split('/')
    const state = new RepoState(this, owner!, name!, new GitRepo(dir), this.options.defaultBranch ?? 'main')
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

  inject(fault: Fault): void {
    this.faults.push({ times: 1, ...fault })
  }

  private takeFault(method: string, path: string, operationId: string | null): Fault | null {
    const index = this.faults.findIndex(
      fault =>
        (fault.method === undefined || fault.method === method) &&
        (fault.operationId === undefined || fault.operationId === operationId) &&
        (fault.pathIncludes === undefined || path.includes(fault.pathIncludes))
    )
    if (index < 0) return null
    const fault = this.faults[index]!
    fault.times = (fault.times ?? 1) - 1
    if (fault.times <= 0) this.faults.splice(index, 1)
    return fault
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const method = request.method ?? 'GET'
    const raw = await readBody(request)
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      query: url.search,
      operationId: null,
      status: 0,
      write: false,
      conditional: request.headers['if-none-match'] !== undefined
    }
    let result: HandlerResult
    try {
      if (url.pathname.startsWith('/_emulator/')) {
        result = await adminRoutes(this, method, url, raw)
        send(response, result)
        return
      }
      let body: unknown
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined
      } catch {
        throw new HttpError(400, 'Problems parsing JSON')
      }
      entry.body = body
      const match = this.api.find(method, url.pathname)
      if (!match)
        throw this.violation(404, `${method} ${url.pathname} is not in GitHub's REST API description`)
      const { operationId } = match.operation
      entry.operationId = operationId
      entry.write = method !== 'GET' && !READ_ONLY_POSTS.has(operationId)
      const fault = this.takeFault(method, url.pathname, operationId)
      if (fault?.delayMs) await new Promise(resolve => setTimeout(resolve, fault.delayMs))
      await fault?.before?.()
      if (fault && fault.status > 0) {
        result = {
          status: fault.status,
          body: fault.body ?? { message: `Injected fault ${fault.status}` },
          headers: fault.headers ?? {}
        }
      } else {
        result = await this.dispatch(match, url, body, request)
      }
    } catch (error) {
      result = errorResult(error)
    }
    result = this.conditional(request, result)
    entry.status = result.status
    this.requests.push(entry)
    send(response, result)
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
    const handler: Handler | undefined = handlers[operation.operationId]
    if (!handler)
      throw this.violation(
        404,
        `${operation.operationId} (${operation.method} ${operation.template}) is not emulated`
      )
    const repo = this.repos.get(`${params.owner}/${params.repo}`.toLowerCase())
    if (!repo) throw new HttpError(404, 'Not Found')
    const result = await handler({
      emulator: this,
      repo,
      params,
      query: url.searchParams,
      body,
      headers: request.headers
    })
    if (result.status < 300) {
      const problems = this.api.validateResponse(operation, result.status, result.body)
      if (problems.length > 0)
        this.violations.push(
          `${operation.operationId} answered what GitHub would not: ${problems.join('; ')}`
        )
    }
    return result
  }

  private violation(status: number, message: string): HttpError {
    this.violations.push(message)
    return new HttpError(status, message)
  }

  /** ETags on every GET; a matching If-None-Match gets 304, which costs nothing of the rate limit. */
  private conditional(request: IncomingMessage, result: HandlerResult): HandlerResult {
    const headers: Record<string, string> = { ...(result.headers ?? {}) }
    if (request.method === 'GET' && result.status === 200) {
      const etag = `W/"${createHash('sha1')
        .update(JSON.stringify(result.body ?? null))
        .digest('hex')}"`
      headers.etag = etag
      if (request.headers['if-none-match'] === etag) {
        return { status: 304, headers: { ...headers, ...this.rateHeaders(false) } }
      }
    }
    return { ...result, headers: { ...headers, ...this.rateHeaders(true) } }
  }

  private rateHeaders(counts: boolean): Record<string, string> {
    if (counts) this.rateRemaining = Math.max(0, this.rateRemaining - 1)
    return {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(this.rateRemaining),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core'
    }
  }

  /** The URL of a repository's pages and API. */
  links(repo: RepoState): { html: string; api: string } {
    return {
      html: `${this.url}/${repo.owner}/${repo.name}`,
      api: `${this.url}/repos/${repo.owner}/${repo.name}`
    }
  }
}

function errorResult(error: unknown): HandlerResult {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { message: error.message, documentation_url: DOCS, status: String(error.status), ...error.extra }
    }
  }
  return { status: 500, body: { message: `Emulator error: ${(error as Error).message}` } }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', chunk => chunks.push(chunk as Buffer))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

function send(response: ServerResponse, result: HandlerResult): void {
  const headers: Record<string, string> = { ...(result.headers ?? {}) }
  if (result.body !== undefined && result.status !== 304 && result.status !== 204) {
    headers['content-type'] = 'application/json; charset=utf-8'
    response.writeHead(result.status, headers)
    response.end(JSON.stringify(result.body))
  } else {
    response.writeHead(result.status, headers)
    response.end()
  }
}
