import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/'

/**
 * A loopback stand-in for the Actions cache service v2, as @actions/cache v6 speaks it: Twirp JSON calls
 * (CreateCacheEntry, FinalizeCacheEntryUpload, GetCacheEntryDownloadURL) and a blob store that takes an Azure
 * "Put Blob" upload and serves plain GET downloads.
 */
export class CacheService {
  readonly calls: string[] = []
  private readonly blobs = new Map<string, Buffer>()
  private readonly entries = new Map<string, { version: string; blob: string; finalized: boolean }>()
  private server: Server | null = null
  url = ''

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response))
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`
    return this.url
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** Environment that makes @actions/cache use this service (v2 needs a github.com server URL). */
  env(): Record<string, string> {
    return {
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: this.url,
      ACTIONS_RUNTIME_TOKEN: 'runtime-token',
      GITHUB_SERVER_URL: 'https://github.com'
    }
  }

  keys(): string[] {
    return [...this.entries].filter(([, entry]) => entry.finalized).map(([key]) => key)
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const body = await read(request)
    if (url.pathname.startsWith(TWIRP)) {
      const method = url.pathname.slice(TWIRP.length)
      this.calls.push(method)
      if (request.headers.authorization !== 'Bearer runtime-token')
        return json(response, 401, { code: 'unauthenticated', msg: 'bad token' })
      const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, string | string[]>
      return json(response, 200, this.twirp(method, input))
    }
    const blob = url.pathname.replace(/^\/devstoreaccount1\/cache\//, '')
    if (request.method === 'PUT') {
      this.calls.push('upload')
      this.blobs.set(blob, body)
      response.writeHead(201, {
        etag: '"0x1"',
        'last-modified': new Date().toUTCString(),
        'content-md5': '',
        'x-ms-request-id': 'standin',
        'x-ms-version': '2025-01-05',
        'x-ms-request-server-encrypted': 'true',
        date: new Date().toUTCString()
      })
      return void response.end()
    }
    if (request.method === 'GET' && this.blobs.has(blob)) {
      this.calls.push('download')
      const data = this.blobs.get(blob)!
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(data.length)
      })
      return void response.end(data)
    }
    response.writeHead(404).end()
  }

  private twirp(method: string, input: Record<string, string | string[]>): Record<string, unknown> {
    const key = String(input.key)
    const blobUrl = `${this.url}devstoreaccount1/cache/${encodeURIComponent(key)}?sig=standin`
    switch (method) {
      case 'CreateCacheEntry':
        if (this.entries.get(key)?.finalized) return { ok: false, message: 'cache entry already exists' }
        this.entries.set(key, {
          version: String(input.version),
          blob: encodeURIComponent(key),
          finalized: false
        })
        return { ok: true, signed_upload_url: blobUrl }
      case 'FinalizeCacheEntryUpload': {
        const entry = this.entries.get(key)
        if (!entry) return { ok: false, message: 'no such entry' }
        entry.finalized = true
        return { ok: true, entry_id: '1' }
      }
      case 'GetCacheEntryDownloadURL': {
        const entry = this.entries.get(key)
        if (!entry?.finalized || entry.version !== String(input.version)) return { ok: false }
        return { ok: true, signed_download_url: blobUrl, matched_key: key }
      }
      default:
        return { ok: false, message: `unknown method ${method}` }
    }
  }
}

function read(request: IncomingMessage): Promise<Buffer> {
  return new Promise(resolve => {
    const chunks: Buffer[] = []
    request.on('data', chunk => chunks.push(chunk as Buffer))
    request.on('end', () => resolve(Buffer.concat(chunks)))
  })
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}
