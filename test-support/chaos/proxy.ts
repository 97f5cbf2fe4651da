import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LoggedRequest } from '../emulator/server.js'
import type { OpenApi } from '../emulator/openapi.js'

/**
 * A pass-through in front of the emulator for one process of the action, so that when ten run at once each
 * request is known to be that process's: the emulator's own log does not say who asked. It records the same
 * shape as the emulator's log (operationId, status, write), as the process saw it.
 */
export class RecordingProxy {
  readonly requests: LoggedRequest[] = []
  private server: Server | null = null
  url = ''

  constructor(
    private readonly target: string,
    private readonly api: OpenApi
  ) {}

  async start(): Promise<string> {
    const upstream = new URL(this.target)
    this.server = createServer((incoming, outgoing) => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1')
      const method = incoming.method ?? 'GET'
      const match = this.api.find(method, url.pathname)
      const chunks: Buffer[] = []
      incoming.on('data', chunk => chunks.push(chunk as Buffer))
      incoming.on('end', () => {
        const raw = Buffer.concat(chunks)
        let body: unknown
        try {
          body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined
        } catch {
          body = undefined
        }
        const entry: LoggedRequest = {
          method,
          path: url.pathname,
          query: url.search,
          operationId: match?.operation.operationId ?? null,
          status: 0,
          write:
            method !== 'GET' && !/generate-release-notes|markdown/.test(match?.operation.operationId ?? ''),
          conditional: incoming.headers['if-none-match'] !== undefined,
          body
        }
        const forward = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method,
            path: incoming.url,
            headers: { ...incoming.headers, host: upstream.host }
          },
          answer => {
            entry.status = answer.statusCode ?? 0
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(outgoing)
            answer.on('end', () => this.requests.push(entry))
          }
        )
        // The emulator closed the connection unanswered (a dropped-connection fault): do the same to the process.
        forward.on('error', () => {
          entry.dropped = true
          this.requests.push(entry)
          incoming.socket.destroy()
        })
        forward.end(raw)
      })
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
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
}
