import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from './clock.js'
import type { OpenApi } from './openapi.js'
import type { RepoState } from './repo-state.js'

/** GitHub's answer to a request it refuses: status, message, and extra fields such as `errors`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message)
  }
}

export interface HandlerResult {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** What handlers may know of the emulator: where it is served, GitHub's description, and its clock. */
export interface Host {
  readonly url: string
  readonly api: OpenApi
  readonly clock: Clock
}

/** The repository a request is about, on the emulator that serves it: all a payload needs. */
export interface Site {
  host: Host
  repo: RepoState
}

export interface HandlerContext extends Site {
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  headers: IncomingMessage['headers']
}

export type Handler = (ctx: HandlerContext) => Promise<HandlerResult>

export interface LoggedRequest {
  method: string
  path: string
  query: string
  operationId: string | null
  /** What the client was answered; 0 when the connection was dropped. */
  status: number
  /** Requests that change state on GitHub (generate-notes is a POST that writes nothing). */
  write: boolean
  conditional: boolean
  body?: unknown
  /** An injected fault met this request. */
  faulted?: boolean
  /** The real handler's status when a fault with `after` answered (or dropped) in its place. */
  handledStatus?: number
  /** The connection was closed without an answer. */
  dropped?: boolean
}

/** The URLs of a repository's pages and API on this emulator. */
export function links(site: Site): { html: string; api: string } {
  return {
    html: `${site.host.url}/${site.repo.owner}/${site.repo.name}`,
    api: `${site.host.url}/repos/${site.repo.owner}/${site.repo.name}`
  }
}

const DOCS = 'https://docs.github.com/rest'

/** GitHub's error body for what a handler threw; anything but an HttpError is the emulator's own bug. */
export function errorResult(error: unknown): HandlerResult {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { message: error.message, documentation_url: DOCS, status: String(error.status), ...error.extra }
    }
  }
  return { status: 500, body: { message: `Emulator error: ${(error as Error).message}` } }
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', chunk => chunks.push(chunk as Buffer))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

/** Writes the answer; `text` is the body already serialised (once, for the ETag too). */
export function send(response: ServerResponse, result: HandlerResult, text: string | undefined): void {
  const headers: Record<string, string> = { ...(result.headers ?? {}) }
  if (text !== undefined && result.status !== 304 && result.status !== 204) {
    headers['content-type'] = 'application/json; charset=utf-8'
    response.writeHead(result.status, headers)
    response.end(text)
  } else {
    response.writeHead(result.status, headers)
    response.end()
  }
}
