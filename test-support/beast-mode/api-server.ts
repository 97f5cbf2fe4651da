import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One scripted answer of the stand-in API; the last one repeats. */
export interface ScriptedAnswer {
  status: number
  /** JSON body, or a raw string sent as it is. */
  body?: unknown
  delayMs?: number
  /** A Location header: with a 3xx status, a redirect (to another stand-in, say). */
  location?: string
}

export interface ReceivedRequest {
  path: string
  authorization: string | undefined
  body: Record<string, unknown>
}

/** A loopback stand-in for BEAST MODE's HTTP API: POST /api/repos/quality with a bearer key. */
export class BeastModeApi {
  readonly received: ReceivedRequest[] = []
  private server: Server | null = null
  url = ''

  constructor(
    private readonly script: ScriptedAnswer[],
    private readonly key = 'bm_test_key_123'
  ) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void readJson(request).then(async body => {
        this.received.push({ path: request.url ?? '', authorization: request.headers.authorization, body })
        if (request.method !== 'POST' || request.url !== '/api/repos/quality') {
          response.writeHead(404).end('{"error":"not found"}')
          return
        }
        if (request.headers.authorization !== `Bearer ${this.key}`) {
          response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid api key"}')
          return
        }
        const answer = this.script[Math.min(this.received.length - 1, this.script.length - 1)]!
        if (answer.delayMs) await new Promise(resolve => setTimeout(resolve, answer.delayMs))
        if (response.destroyed) return
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {})
        response
          .writeHead(answer.status, {
            'content-type': 'application/json',
            ...(answer.location ? { location: answer.location } : {})
          })
          .end(text)
      })
    })
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise(resolve => {
    let text = ''
    request.on('data', chunk => (text += chunk))
    request.on('end', () => {
      try {
        resolve(JSON.parse(text) as Record<string, unknown>)
      } catch {
        resolve({})
      }
    })
  })
}
