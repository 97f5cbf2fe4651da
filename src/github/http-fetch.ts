import { once } from 'node:events'
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http'
import type { Agent as HttpsAgent } from 'node:https'
import { pipeline, Readable } from 'node:stream'

/**
 * The part of `fetch` that Octokit uses, on `node:http` and `node:https`. Node's own fetch is its internal undici,
 * which Node loads on first use: 40–60 ms of a run's start on Node 24, more than the rest of the start-up. Octokit
 * reads a response's status, url, headers (iterated, and `get`) and its body as text or bytes; `history.ts` reads
 * page bodies as bytes. What it does like fetch: redirects (followed, the token dropped when they leave the
 * origin), gzip, deflate and brotli answers, an abort signal that also stops reading the body, and errors in
 * fetch's shapes (a network failure is a TypeError with the cause; an abort rejects with the signal's reason).
 */
export type HttpFetch = (url: string | URL, init?: FetchInit) => Promise<HttpResponse>

export interface FetchInit {
  method?: string
  headers?: Record<string, string> | Iterable<[string, string]>
  body?: string | Uint8Array | ArrayBuffer | null
  redirect?: 'follow' | 'manual' | 'error'
  signal?: AbortSignal | null
}

const MAX_REDIRECTS = 20
/** Statuses whose answers have no body. */
const NO_BODY = new Set([204, 205, 304])
/** Methods that send `content-length: 0` when they have no body, as fetch does. */
const EMPTY_BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])
const REDIRECTS = new Set([301, 302, 303, 307, 308])
/** Request headers that describe the body: dropped when a redirect turns the request into a GET without one. */
const BODY_HEADERS = [
  'content-encoding',
  'content-language',
  'content-location',
  'content-type',
  'content-length'
]
/** Request headers that are not sent to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization']

/** A response's headers, as fetch's `Headers` reads them: names in lower case, repeated values joined. */
export class ResponseHeaders implements Iterable<[string, string]> {
  readonly #values = new Map<string, string>()

  constructor(rawHeaders: readonly string[]) {
    for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
      const name = rawHeaders[index]!.toLowerCase()
      const value = rawHeaders[index + 1]!
      const earlier = this.#values.get(name)
      this.#values.set(name, earlier === undefined ? value : `${earlier}, ${value}`)
    }
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase())
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this.#values) callback(value, name)
  }

  entries(): IterableIterator<[string, string]> {
    return this.#values.entries()
  }

  keys(): IterableIterator<string> {
    return this.#values.keys()
  }

  values(): IterableIterator<string> {
    return this.#values.values()
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#values.entries()
  }
}

/** A network failure the way fetch reports one, which Octokit turns into a retried 500. */
function fetchFailed(cause: unknown, message = 'fetch failed'): TypeError {
  return new TypeError(message, { cause })
}

function hasBody(message: IncomingMessage, method: string): boolean {
  return method !== 'HEAD' && !NO_BODY.has(message.statusCode ?? 0)
}

/** The body stream as sent, or decoded when it is compressed. */
function decoded(message: IncomingMessage): Readable {
  // Loaded when an answer is compressed (GitHub's are, the emulator's are not).
  const { constants, createBrotliDecompress, createGunzip, createInflate } =
    process.getBuiltinModule('node:zlib')
  // Lenient like fetch: an answer cut short at a flush point still yields what arrived.
  const flush = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH }
  const encoding = message.headers['content-encoding']?.trim().toLowerCase()
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip(flush)
      : encoding === 'deflate'
        ? createInflate(flush)
        : encoding === 'br'
          ? createBrotliDecompress({
              flush: constants.BROTLI_OPERATION_FLUSH,
              finishFlush: constants.BROTLI_OPERATION_FLUSH
            })
          : null
  if (decoder === null) return message
  return pipeline(message, decoder, () => undefined)
}

/** One answer, its body read at most once. */
export class HttpResponse {
  readonly status: number
  readonly statusText: string
  readonly ok: boolean
  readonly headers: ResponseHeaders
  #stream: Readable | null
  #webStream: ReadableStream<Uint8Array> | null = null

  constructor(
    message: IncomingMessage,
    method: string,
    readonly url: string,
    readonly redirected: boolean,
    private readonly signal: AbortSignal | null
  ) {
    this.status = message.statusCode ?? 0
    this.statusText = message.statusMessage ?? ''
    this.ok = this.status >= 200 && this.status < 300
    this.headers = new ResponseHeaders(message.rawHeaders)
    this.#stream = hasBody(message, method) ? decoded(message) : Readable.from([])
  }

  get bodyUsed(): boolean {
    return this.#stream === null
  }

  /** The body as a web stream, for callers that read it themselves. */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.#webStream === null && this.#stream !== null) {
      this.#webStream = Readable.toWeb(this.#stream) as ReadableStream<Uint8Array>
      this.#stream = null
    }
    return this.#webStream
  }

  async bytes(): Promise<Uint8Array> {
    const stream = this.#stream
    if (stream === null) throw new TypeError('Body is unusable: Body has already been read')
    this.#stream = null
    const chunks: Buffer[] = []
    let length = 0
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        chunks.push(chunk)
        length += chunk.length
      }
    } catch (error) {
      if (this.signal?.aborted) throw this.signal.reason
      throw fetchFailed(error, 'terminated')
    }
    // Its own buffer, never a slice of Node's shared pool: arrayBuffer() hands out the whole of it.
    const bytes = new Uint8Array(length)
    let offset = 0
    for (const chunk of chunks) {
      bytes.set(chunk, offset)
      offset += chunk.length
    }
    return bytes
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.bytes()).buffer as ArrayBuffer
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes())
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text())
  }
}

function headerRecord(headers: FetchInit['headers']): Record<string, string> {
  const record: Record<string, string> = {}
  const entries = headers === undefined ? [] : Symbol.iterator in headers ? headers : Object.entries(headers)
  for (const [name, value] of entries as Iterable<[string, string]>)
    record[name.toLowerCase()] = String(value)
  return record
}

function bodyBytes(body: FetchInit['body']): Uint8Array | null {
  if (body === undefined || body === null) return null
  if (typeof body === 'string') return Buffer.from(body)
  if (body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  throw new TypeError('This fetch sends only string and byte bodies')
}

/**
 * A fetch on its own keep-alive agents (Node's defaults for its global agents: idle sockets are closed after 5 s,
 * or when the server's `Keep-Alive` says so, and never keep the process alive). `tls.ca` is for tests.
 */
export function createHttpFetch(tls: { ca?: string } = {}): HttpFetch {
  const agentOptions = { keepAlive: true, scheduling: 'lifo', timeout: 5_000 } as const
  const httpAgent = new HttpAgent(agentOptions)
  // node:https (and with it node:tls) is loaded for the first https URL.
  let https: { request: typeof httpRequest; agent: HttpsAgent } | null = null
  const secureTransport = () => {
    if (https === null) {
      const { request, Agent } = process.getBuiltinModule('node:https')
      https = { request, agent: new Agent({ ...agentOptions, ...tls }) }
    }
    return https
  }

  function send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Uint8Array | null,
    signal: AbortSignal | null
  ): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:'
      if (!secure && url.protocol !== 'http:') {
        reject(fetchFailed(new Error(`unsupported protocol ${url.protocol}`)))
        return
      }
      const transport = secure ? secureTransport() : { request: httpRequest, agent: httpAgent }
      const request = transport.request(url, {
        method,
        headers:
          body !== null || EMPTY_BODY_METHODS.has(method)
            ? { ...headers, 'content-length': String(body?.length ?? 0) }
            : headers,
        agent: transport.agent
      })
      let message: IncomingMessage | null = null
      const onAbort = () => {
        const reason: unknown = signal?.reason
        request.destroy(reason instanceof Error ? reason : undefined)
        message?.destroy(reason instanceof Error ? reason : undefined)
        reject(reason)
      }
      const release = () => signal?.removeEventListener('abort', onAbort)
      signal?.addEventListener('abort', onAbort, { once: true })
      // Once the whole answer is in (or the request failed), an abort has nothing left to stop.
      request.on('close', release)
      request.on('error', error => {
        release()
        reject(signal?.aborted ? signal.reason : fetchFailed(error))
      })
      request.on('response', answer => {
        message = answer
        resolve(answer)
      })
      request.end(body ?? undefined)
    })
  }

  return async function httpFetch(input, init = {}) {
    const signal = init.signal ?? null
    signal?.throwIfAborted()
    let url = new URL(String(input))
    let method = (init.method ?? 'GET').toUpperCase()
    let body = bodyBytes(init.body)
    const headers = headerRecord(init.headers)
    headers['accept-encoding'] ??= 'gzip, deflate, br'
    for (let redirects = 0; ; redirects++) {
      const message = await send(url, method, headers, body, signal)
      const location = message.headers.location
      const final =
        !REDIRECTS.has(message.statusCode ?? 0) || location === undefined || init.redirect === 'manual'
      if (!final || !hasBody(message, method)) {
        // Nobody reads what is left (Octokit reads no body of a 204 or a HEAD): drained before going on, the
        // connection is free again for the next request, which would otherwise open another.
        message.resume()
        await once(message, 'end')
      }
      if (final) return new HttpResponse(message, method, url.href, redirects > 0, signal)
      if (init.redirect === 'error') throw fetchFailed(new Error('unexpected redirect'))
      if (redirects === MAX_REDIRECTS) throw fetchFailed(new Error('redirect count exceeded'))
      const next = new URL(location, url)
      const status = message.statusCode
      if (
        (status === 303 && method !== 'HEAD') ||
        ((status === 301 || status === 302) && method === 'POST')
      ) {
        method = 'GET'
        body = null
        for (const name of BODY_HEADERS) delete headers[name]
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name]
      url = next
    }
  }
}
