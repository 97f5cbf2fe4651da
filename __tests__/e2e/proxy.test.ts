import { createServer, request as httpRequest, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Scenario } from '../../test-support/scenario.js'

/**
 * A forward proxy on 127.0.0.1 that sends every request, whatever host it names, to the emulator: CONNECT tunnels
 * (what undici's ProxyAgent opens) and absolute-form requests alike. It records the hosts it was asked for.
 */
class ForwardProxy {
  readonly asked: string[] = []
  private server: Server | null = null

  constructor(private readonly target: number) {}

  async start(): Promise<string> {
    this.server = createServer((incoming, answer) => {
      const url = new URL(incoming.url ?? '/')
      this.asked.push(`${incoming.method} ${url.host}`)
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: this.target,
          method: incoming.method,
          path: url.pathname + url.search,
          headers: incoming.headers
        },
        response => {
          answer.writeHead(response.statusCode ?? 502, response.headers)
          response.pipe(answer)
        }
      )
      incoming.pipe(upstream)
    })
    this.server.on('connect', (incoming, socket, head) => {
      this.asked.push(`CONNECT ${incoming.url}`)
      const upstream = connect(this.target, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(socket)
        socket.pipe(upstream)
      })
      upstream.on('error', () => socket.destroy())
      socket.on('error', () => upstream.destroy())
    })
    await new Promise<void>(resolve => this.server?.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}

/**
 * Behind a proxy the GitHub client is `@actions/github`'s, which routes requests through it; without one, it is
 * the same Octokit on Node's fetch. The API's host here is a name only the proxy resolves (to the emulator), so a
 * request that went around the proxy could not arrive at all.
 */
describe('GitHub API behind a proxy', () => {
  let s: Scenario
  let proxy: ForwardProxy

  beforeEach(async () => {
    s = await new Scenario().start()
    s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
    s.repo.commit('fix: round totals', { 'src/total.ts': 'export {}\n' })
    proxy = new ForwardProxy(Number(new URL(s.emulator.url).port))
  })

  afterEach(async () => {
    expect(s.emulator.violations).toEqual([])
    await proxy.stop()
    await s.stop()
  })

  it('sends every request through HTTP_PROXY, and releases', async () => {
    const proxyUrl = await proxy.start()
    const apiUrl = `http://api.github.test:${new URL(s.emulator.url).port}`
    const run = await s.run({ apiUrl, env: { HTTP_PROXY: proxyUrl } })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.0.1' })
    expect(s.tags()).toContain('v1.0.1')
    expect(proxy.asked.length).toBeGreaterThan(0)
    expect(new Set(proxy.asked.map(asked => asked.replace(/^\w+ /, '')))).toEqual(
      new Set([`api.github.test:${new URL(s.emulator.url).port}`])
    )
    expect(s.emulator.requests.length).toBeGreaterThanOrEqual(proxy.asked.length)
  })

  it('never sends a request for a loopback API through the proxy', async () => {
    const proxyUrl = await proxy.start()
    const run = await s.run({ env: { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl } })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.0.1' })
    expect(proxy.asked).toEqual([])
  })
})
