import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OpenApi } from '../../test-support/emulator/openapi.js'
import { PROJECT_ROOT } from '../../test-support/run-action.js'
import { Scenario } from '../../test-support/scenario.js'

describe('the GitHub API emulator', () => {
  let s: Scenario
  beforeEach(async () => {
    s = await new Scenario().start()
    s.repo.commit('chore: init')
  })
  afterEach(async () => {
    await s.stop()
  })

  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.emulator.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body)
    })

  it('rejects a request GitHub would reject, with the validation message, and records it', async () => {
    const response = await api('POST', '/repos/acme/app/git/refs', { ref: 'refs/tags/v1.0.0' })
    expect(response.status).toBe(422)
    expect(((await response.json()) as { message: string }).message).toBe(
      "git/create-ref: GitHub would reject this request: body must have required property 'sha'"
    )
    expect(s.emulator.violations).toEqual([
      "git/create-ref: GitHub would reject this request: body must have required property 'sha'"
    ])
  })

  it('rejects a query parameter of the wrong type', async () => {
    const response = await api('GET', '/repos/acme/app/commits?per_page=lots')
    expect(response.status).toBe(422)
    expect(s.emulator.violations[0]).toContain("query parameter 'per_page' must be integer")
  })

  it('flags an endpoint outside GitHub’s description and one it does not emulate', async () => {
    expect((await api('GET', '/repos/acme/app/made-up')).status).toBe(404)
    expect((await api('GET', '/repos/acme/app/pages')).status).toBe(404)
    expect(s.emulator.violations).toEqual([
      "GET /repos/acme/app/made-up is not in GitHub's REST API description",
      'repos/get-pages (GET /repos/{owner}/{repo}/pages) is not emulated'
    ])
  })

  it('checks responses against GitHub’s schemas', () => {
    const openapi = OpenApi.load()
    const { operation } = openapi.find('GET', '/repos/acme/app/git/ref/tags/v1')!
    expect(openapi.validateResponse(operation, 200, { ref: 'refs/tags/v1', object: { sha: 'abc' } })).toEqual(
      [
        "response must have required property 'node_id'",
        "response must have required property 'url'",
        "response/object must have required property 'type'",
        "response/object must have required property 'url'",
        'response/object/sha must NOT have fewer than 40 characters'
      ]
    )
  })

  it('answers 304 to a matching If-None-Match, without counting it against the rate limit', async () => {
    const first = await api('GET', '/repos/acme/app')
    const etag = first.headers.get('etag')!
    const remaining = Number(first.headers.get('x-ratelimit-remaining'))
    const second = await api('GET', '/repos/acme/app', undefined, { 'if-none-match': etag })
    expect(second.status).toBe(304)
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(remaining)
  })

  it('creates tags as real git refs, atomically', async () => {
    const sha = s.repo.head()
    expect((await api('POST', '/repos/acme/app/git/refs', { ref: 'refs/tags/v1.0.0', sha })).status).toBe(201)
    expect((await api('POST', '/repos/acme/app/git/refs', { ref: 'refs/tags/v1.0.0', sha })).status).toBe(422)
    expect(s.repo.head('v1.0.0')).toBe(sha)
    expect(s.emulator.violations).toEqual([])
  })

  it('runs standalone: npm run emulator -- --repo <dir> prints its URL and serves that repository', async () => {
    const child = spawn(
      process.execPath,
      [
        join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        'test-support/emulator/cli.ts',
        '--repo',
        s.repo.dir
      ],
      {
        cwd: PROJECT_ROOT
      }
    )
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', chunk => {
          out += chunk
          const match = /URL: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
          if (match) resolve(match[1]!)
        })
        child.on('exit', code => reject(new Error(`emulator exited with ${code}: ${out}`)))
      })
      const name = s.repo.dir.split('/').pop()
      const response = await fetch(`${url}/repos/local/${name}`)
      expect(response.status).toBe(200)
      expect(((await response.json()) as { default_branch: string }).default_branch).toBe('main')
    } finally {
      child.kill('SIGTERM')
    }
  })
})
