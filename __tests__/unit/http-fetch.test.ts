import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createSecureServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { Octokit } from '@octokit/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHttpFetch, type HttpFetch } from '../../src/github/http-fetch.js'

interface Received {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** A loopback server whose answer each test writes; it records what it received and how many connections. */
class Loopback {
  received: Received[] = []
  connections = 0
  readonly sockets = new Set<Socket>()
  answer: (request: Received, response: ServerResponse) => void = (_, response) => response.end('{}')
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', chunk => chunks.push(chunk))
    request.on('end', () => {
      const received = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString()
      }
      this.received.push(received)
      this.answer(received, response)
    })
  })

  async start(): Promise<string> {
    this.server.on('connection', socket => {
      this.connections++
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise(resolve => this.server.close(resolve))
  }
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' }

describe('the fetch on node:http that the GitHub client uses', () => {
  let server: Loopback
  let url: string
  let fetch: HttpFetch

  beforeEach(async () => {
    server = new Loopback()
    url = await server.start()
    fetch = createHttpFetch()
  })

  afterEach(async () => {
    await server.stop()
  })

  it('answers with the status, the final url and the headers, names in lower case and repeats joined', async () => {
    server.answer = (_, response) => {
      response.writeHead(201, 'Made', [
        ['Content-Type', 'application/json'],
        ['X-RateLimit-Remaining', '4999'],
        ['Vary', 'Accept'],
        ['Vary', 'Authorization']
      ])
      response.end('{"id":7}')
    }
    const answer = await fetch(`${url}/repos/o/r?page=2`, {
      headers: { Accept: 'application/vnd.github+json' }
    })
    expect(answer.status).toBe(201)
    expect(answer.statusText).toBe('Made')
    expect(answer.ok).toBe(true)
    expect(answer.redirected).toBe(false)
    expect(answer.url).toBe(`${url}/repos/o/r?page=2`)
    expect(answer.headers.get('X-RATELIMIT-REMAINING')).toBe('4999')
    expect(answer.headers.get('missing')).toBeNull()
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      'content-type': 'application/json',
      'x-ratelimit-remaining': '4999',
      vary: 'Accept, Authorization'
    })
    expect(await answer.json()).toEqual({ id: 7 })
    expect(answer.bodyUsed).toBe(true)
    await expect(answer.text()).rejects.toThrow(TypeError)
    expect(server.received[0]).toMatchObject({ method: 'GET', url: '/repos/o/r?page=2' })
    expect(server.received[0]!.headers).toMatchObject({
      accept: 'application/vnd.github+json',
      'accept-encoding': 'gzip, deflate, br'
    })
  })

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync]
  ])('decodes a %s answer sent in chunks', async (encoding, compress) => {
    const text = JSON.stringify(
      Array.from({ length: 2000 }, (_, index) => ({ sha: `${index}`, message: 'ünï ✓' }))
    )
    const packed = compress(Buffer.from(text))
    server.answer = (_, response) => {
      response.writeHead(200, { ...JSON_TYPE, 'content-encoding': encoding })
      // No content-length: chunked, in pieces that split the compressed stream anywhere.
      for (let at = 0; at < packed.length; at += 777) response.write(packed.subarray(at, at + 777))
      response.end()
    }
    expect(await (await fetch(url)).text()).toBe(text)
  })

  it('hands out bytes in an ArrayBuffer of their own, not a slice of a shared pool', async () => {
    server.answer = (_, response) => response.end('tiny')
    const buffer = await (await fetch(url)).arrayBuffer()
    expect(buffer.byteLength).toBe(4)
    expect(new TextDecoder().decode(buffer)).toBe('tiny')
  })

  it('sends a body with its length, and an empty one as length 0', async () => {
    await fetch(url, {
      method: 'post',
      body: JSON.stringify({ ref: 'refs/tags/v1.0.0' }),
      headers: JSON_TYPE
    })
    await fetch(url, { method: 'PATCH' })
    await fetch(url, { method: 'DELETE' })
    const [post, patch, remove] = server.received
    expect(post).toMatchObject({ method: 'POST', body: '{"ref":"refs/tags/v1.0.0"}' })
    expect(post!.headers['content-length']).toBe('26')
    expect(patch!.headers['content-length']).toBe('0')
    expect(remove!.headers['content-length']).toBeUndefined()
  })

  it('answers error statuses like any other, with their bodies', async () => {
    server.answer = (_, response) => {
      response.writeHead(422, JSON_TYPE)
      response.end('{"message":"Reference already exists"}')
    }
    const answer = await fetch(url, { method: 'POST', body: '{}' })
    expect(answer.ok).toBe(false)
    expect(answer.status).toBe(422)
    expect(await answer.json()).toEqual({ message: 'Reference already exists' })
  })

  it('keeps the connection for the next request, also after an answer without a body', async () => {
    server.answer = (request, response) => {
      response.writeHead(request.url === '/empty' ? 204 : 200)
      response.end(request.url === '/empty' ? undefined : 'body')
    }
    await fetch(`${url}/empty`)
    expect(await (await fetch(`${url}/full`)).text()).toBe('body')
    await fetch(`${url}/empty`)
    expect(await (await fetch(`${url}/full`)).text()).toBe('body')
    expect(server.connections).toBe(1)
    // (Node's client closes the connection after a HEAD; the action sends none.)
    expect(await (await fetch(`${url}/full`, { method: 'HEAD' })).text()).toBe('')
  })

  describe('redirects', () => {
    it('follows them, and says where it ended', async () => {
      server.answer = ({ url: path }, response) => {
        if (path === '/repos/old/name') response.writeHead(301, { location: '/repositories/42' }).end()
        else response.end('{"id":42}')
      }
      const answer = await fetch(`${url}/repos/old/name`, { headers: { authorization: 'token secret' } })
      expect(await answer.json()).toEqual({ id: 42 })
      expect(answer.url).toBe(`${url}/repositories/42`)
      expect(answer.redirected).toBe(true)
      expect(server.received[1]!.headers.authorization).toBe('token secret')
    })

    it('turns a POST into a GET on 303 and keeps method and body on 307', async () => {
      server.answer = ({ url: path }, response) => {
        if (path === '/see-other') response.writeHead(303, { location: '/done' }).end()
        else if (path === '/temporary') response.writeHead(307, { location: '/done' }).end()
        else response.end('ok')
      }
      await fetch(`${url}/see-other`, {
        method: 'POST',
        body: 'payload',
        headers: { 'content-type': 'text/plain' }
      })
      await fetch(`${url}/temporary`, { method: 'POST', body: 'payload' })
      const [, afterSeeOther, , afterTemporary] = server.received
      expect(afterSeeOther).toMatchObject({ method: 'GET', body: '' })
      expect(afterSeeOther!.headers['content-type']).toBeUndefined()
      expect(afterTemporary).toMatchObject({ method: 'POST', body: 'payload' })
    })

    it('does not take the token to another origin', async () => {
      const other = new Loopback()
      const otherUrl = await other.start()
      try {
        server.answer = (_, response) => response.writeHead(302, { location: `${otherUrl}/archive` }).end()
        await fetch(url, { headers: { authorization: 'token secret', accept: 'application/json' } })
        expect(other.received[0]!.headers.authorization).toBeUndefined()
        expect(other.received[0]!.headers.accept).toBe('application/json')
      } finally {
        await other.stop()
      }
    })

    it('hands back the redirect itself when told to, and gives up on a loop', async () => {
      server.answer = (_, response) => response.writeHead(302, { location: '/again' }).end()
      expect((await fetch(url, { redirect: 'manual' })).status).toBe(302)
      await expect(fetch(url)).rejects.toMatchObject({
        name: 'TypeError',
        cause: { message: 'redirect count exceeded' }
      })
      await expect(fetch(url, { redirect: 'error' })).rejects.toThrow(TypeError)
    })
  })

  describe('failures, in the shapes Octokit expects of fetch', () => {
    it('rejects with the signal’s reason when aborted before the answer', async () => {
      server.answer = () => undefined
      const reason = await fetch(url, { signal: AbortSignal.timeout(50) }).catch((error: unknown) => error)
      expect(reason).toMatchObject({ name: 'TimeoutError' })
      const aborted = new AbortController()
      aborted.abort(new Error('stop'))
      await expect(fetch(url, { signal: aborted.signal })).rejects.toThrow('stop')
    })

    it('stops reading the body when aborted while it arrives', async () => {
      server.answer = (_, response) => {
        response.writeHead(200, JSON_TYPE)
        response.write('[{"sha":"1"},')
      }
      const controller = new AbortController()
      const answer = await fetch(url, { signal: controller.signal })
      const reading = answer.text()
      controller.abort(new Error('timed out'))
      await expect(reading).rejects.toThrow('timed out')
    })

    it('reports a refused connection as a network error, with its cause', async () => {
      await server.stop()
      await expect(fetch(url)).rejects.toMatchObject({
        name: 'TypeError',
        message: 'fetch failed',
        cause: { code: 'ECONNREFUSED' }
      })
    })

    it('reports a connection lost mid-answer as terminated', async () => {
      server.answer = (_, response) => {
        response.writeHead(200, { 'content-length': '1000' })
        response.write('partial', () => response.socket?.destroy())
      }
      const answer = await fetch(url)
      await expect(answer.text()).rejects.toMatchObject({ name: 'TypeError', message: 'terminated' })
    })
  })

  describe('under Octokit', () => {
    const octokit = () => new Octokit({ baseUrl: url, auth: 'token t', request: { fetch } })

    it('reads JSON answers, their headers, and errors with GitHub’s message', async () => {
      server.answer = ({ url: path }, response) => {
        if (path === '/repos/o/missing')
          response.writeHead(404, JSON_TYPE).end('{"message":"Not Found","documentation_url":"https://docs"}')
        else
          response.writeHead(200, { ...JSON_TYPE, link: '<x?page=2>; rel="last"' }).end('{"full_name":"o/r"}')
      }
      const found = await octokit().request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })
      expect(found).toMatchObject({
        status: 200,
        data: { full_name: 'o/r' },
        headers: { link: '<x?page=2>; rel="last"' }
      })
      await expect(
        octokit().request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'missing' })
      ).rejects.toMatchObject({
        status: 404,
        message: 'Not Found - https://docs',
        response: { data: { message: 'Not Found' } }
      })
      expect(server.received[0]!.headers.authorization).toBe('token t')
    })

    it('turns a network failure into a status 500, which the retry plugin retries', async () => {
      await server.stop()
      await expect(octokit().request('GET /')).rejects.toMatchObject({
        status: 500,
        message: expect.stringContaining('ECONNREFUSED')
      })
    })

    it('hands over the body stream when asked not to parse it', async () => {
      server.answer = (_, response) => response.writeHead(200, JSON_TYPE).end('[1,2,3]')
      const { data } = await octokit().request('GET /x', { request: { parseSuccessResponseBody: false } })
      expect(await new Response(data as ReadableStream).text()).toBe('[1,2,3]')
    })
  })

  const openssl = spawnSync('openssl', ['version']).status === 0

  describe.skipIf(!openssl)('over https', () => {
    it('sends the request over TLS, answered gzipped, with the connection kept', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'http-fetch-tls-'))
      const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')]
      spawnSync('openssl', [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
        ...['-keyout', key, '-out', cert, '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1']
      ])
      const tls = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
      rmSync(dir, { recursive: true })
      let connections = 0
      const secure = createSecureServer(tls, (request, response) => {
        response.writeHead(200, { ...JSON_TYPE, 'content-encoding': 'gzip' })
        response.end(gzipSync(JSON.stringify({ path: request.url, auth: request.headers.authorization })))
      })
      secure.on('secureConnection', () => connections++)
      await new Promise<void>(resolve => secure.listen(0, '127.0.0.1', resolve))
      try {
        const secureFetch = createHttpFetch({ ca: tls.cert })
        const base = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`
        for (const path of ['/one', '/two']) {
          const answer = await secureFetch(`${base}${path}`, { headers: { authorization: 'token t' } })
          expect(await answer.json()).toEqual({ path, auth: 'token t' })
        }
        expect(connections).toBe(1)
        // Without the test's authority, the certificate is refused.
        await expect(fetch(`${base}/three`)).rejects.toMatchObject({
          name: 'TypeError',
          message: 'fetch failed'
        })
      } finally {
        secure.closeAllConnections()
        await new Promise(resolve => secure.close(resolve))
      }
    })
  })
})
