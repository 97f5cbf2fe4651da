import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OpenApi } from '../../test-support/emulator/openapi.js'
import { PROJECT_ROOT } from '../../test-support/run-action.js'
import { Scenario } from '../../test-support/scenario.js'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the GitHub API emulator', () => {
  let s: Scenario
  beforeEach(async () => {
    s = await new Scenario().start()
    // The emulator's own tests check every item of every list against GitHub's schemas.
    s.emulator.validateResponses = 'full'
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

  /** The status and JSON body of a request. */
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await api(method, path, body)
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      json: (text ? JSON.parse(text) : null) as Json
    }
  }

  const release = (tag: string, extra: Record<string, unknown> = {}) =>
    call('POST', '/repos/acme/app/releases', { tag_name: tag, target_commitish: 'main', ...extra })

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

  describe('faults that model what GitHub really does', () => {
    afterEach(() => expect(s.emulator.violations).toEqual([]))

    it('a 502 after the release was made: the client sees 502, yet the release and its tag exist', async () => {
      const fault = s.emulator.inject({ operationId: 'repos/create-release', status: 502, after: true })
      const answer = await release('v1.0.0')
      expect(answer.status).toBe(502)
      expect(answer.json.message).toBe('Injected fault 502')
      expect(s.state.releases).toMatchObject([{ tagName: 'v1.0.0', draft: false }])
      expect(s.tags()).toEqual(['v1.0.0'])
      expect(s.emulator.writes()).toMatchObject([
        { operationId: 'repos/create-release', status: 502, handledStatus: 201, faulted: true }
      ])
      expect(fault.taken).toBe(1)
      expect(s.emulator.takenFaults).toEqual([fault])
      // Asking again meets GitHub's refusal of a second published release: the first one really happened.
      expect((await release('v1.0.0')).status).toBe(422)
    })

    it('a connection dropped before the handler writes nothing', async () => {
      s.emulator.inject({ operationId: 'git/create-ref', drop: true })
      const sha = s.repo.head()
      await expect(
        api('POST', '/repos/acme/app/git/refs', { ref: 'refs/tags/v1.0.0', sha })
      ).rejects.toThrow()
      expect(s.tags()).toEqual([])
      expect(s.emulator.requests).toMatchObject([{ operationId: 'git/create-ref', status: 0, dropped: true }])
      expect(s.emulator.requests[0]!.handledStatus).toBeUndefined()
    })

    it('a connection dropped after the handler leaves the write done and logged', async () => {
      s.emulator.inject({ operationId: 'git/create-ref', drop: true, after: true })
      const sha = s.repo.head()
      await expect(
        api('POST', '/repos/acme/app/git/refs', { ref: 'refs/tags/v1.0.0', sha })
      ).rejects.toThrow()
      expect(s.repo.head('v1.0.0')).toBe(sha)
      expect(s.emulator.writes()).toMatchObject([
        { operationId: 'git/create-ref', status: 0, dropped: true, handledStatus: 201 }
      ])
      // The next request is answered normally, on a new connection.
      expect((await api('GET', '/repos/acme/app/git/ref/tags/v1.0.0')).status).toBe(200)
    })

    it('matches by request body or predicate, and counts each request it meets', async () => {
      const byBody = s.emulator.inject({ operationId: 'git/create-ref', bodyIncludes: 'v2.0.0', status: 500 })
      const byPredicate = s.emulator.inject({
        method: 'post',
        matches: request => (request.body as { ref?: string }).ref === 'refs/tags/v3.0.0',
        status: 503,
        times: 2
      })
      const sha = s.repo.head()
      const create = (tag: string) =>
        api('POST', '/repos/acme/app/git/refs', { ref: `refs/tags/${tag}`, sha })
      expect((await create('v1.0.0')).status).toBe(201)
      expect((await create('v2.0.0')).status).toBe(500)
      expect((await create('v3.0.0')).status).toBe(503)
      expect([byBody.taken, byPredicate.taken, byPredicate.times]).toEqual([1, 1, 1])
      expect(s.emulator.faults).toEqual([byPredicate])
      s.emulator.clearFaults()
      expect((await create('v3.0.0')).status).toBe(201)
      expect(s.tags()).toEqual(['v1.0.0', 'v3.0.0'])
      expect(s.emulator.takenFaults).toEqual([byBody, byPredicate])
    })

    it('are listed, queued and cleared under /_emulator/faults', async () => {
      const queued = await call('POST', '/_emulator/faults', {
        operationId: 'repos/get',
        status: 502,
        after: true,
        times: 3
      })
      expect(queued).toMatchObject({ status: 201, json: { queued: 1, fault: { status: 502, times: 3 } } })
      expect((await api('GET', '/repos/acme/app')).status).toBe(502)
      const listed = await call('GET', '/_emulator/faults')
      expect(listed.json).toMatchObject({
        pending: [{ operationId: 'repos/get', times: 2, taken: 1 }],
        taken: [{ operationId: 'repos/get', taken: 1 }]
      })
      expect((await api('DELETE', '/_emulator/faults')).status).toBe(204)
      expect(s.emulator.faults).toEqual([])
      expect((await call('GET', '/_emulator/faults')).json).toMatchObject({
        pending: [],
        taken: [{ taken: 1 }]
      })
      expect((await api('GET', '/repos/acme/app')).status).toBe(200)
    })
  })

  describe('time', () => {
    afterEach(() => expect(s.emulator.violations).toEqual([]))

    it('every answer carries a Date header, from real time unless a test sets the clock', async () => {
      const before = Date.now()
      const real = await api('GET', '/repos/acme/app')
      const dated = Date.parse(real.headers.get('date')!)
      expect(dated).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
      expect(dated).toBeLessThanOrEqual(Date.now())

      s.emulator.setNow('2026-03-29T01:30:00Z')
      expect((await api('GET', '/repos/acme/app')).headers.get('date')).toBe('Sun, 29 Mar 2026 01:30:00 GMT')
      expect((await api('GET', '/repos/acme/app/made-up')).headers.get('date')).toBe(
        'Sun, 29 Mar 2026 01:30:00 GMT'
      )
      const created = await release('v1.0.0')
      expect(created.json).toMatchObject({
        created_at: '2026-03-29T01:30:00Z',
        published_at: '2026-03-29T01:30:00Z'
      })
      expect(s.state.addRun({ headSha: s.repo.head() }).createdAt).toBe('2026-03-29T01:30:00Z')

      s.emulator.setNow(null)
      expect(Date.parse((await api('GET', '/repos/acme/app')).headers.get('date')!)).toBeGreaterThan(
        Date.parse('2026-03-29T01:30:00Z') + 60_000
      )
      s.emulator.violations.splice(0) // the made-up path above
    })

    it('the clock is set and reset through POST /_emulator/clock', async () => {
      const set = await call('POST', '/_emulator/clock', { now: '2026-10-25T00:59:59Z' })
      expect(set.json).toEqual({ now: '2026-10-25T00:59:59.000Z', frozen: true })
      expect((await api('GET', '/repos/acme/app')).headers.get('date')).toBe('Sun, 25 Oct 2026 00:59:59 GMT')
      expect((await call('POST', '/_emulator/clock', { now: 'tomorrow' })).status).toBe(422)
      expect((await call('POST', '/_emulator/clock', { now: null })).json.frozen).toBe(false)
      expect(Math.abs(s.emulator.clock.now().getTime() - Date.now())).toBeLessThan(1000)
    })
  })

  describe('releases as GitHub keeps them', () => {
    afterEach(() => expect(s.emulator.violations).toEqual([]))

    const alreadyExists = [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]

    it('several drafts share one tag, which need not exist, and are never found by tag', async () => {
      const first = await release('v1.0.0', { draft: true })
      const second = await release('v1.0.0', { draft: true })
      expect([first.status, second.status]).toEqual([201, 201])
      expect(first.json.id).not.toBe(second.json.id)
      expect(first.json).toMatchObject({
        draft: true,
        published_at: null,
        tarball_url: null,
        zipball_url: null
      })
      expect(first.json.html_url).toContain('/releases/tag/untagged-')
      expect(s.tags()).toEqual([])
      expect((await api('GET', '/repos/acme/app/releases/tags/v1.0.0')).status).toBe(404)
      const listed = await call('GET', '/repos/acme/app/releases')
      expect(listed.json.map((r: Json) => [r.id, r.draft])).toEqual([
        [second.json.id, true],
        [first.json.id, true]
      ])
    })

    it('a second published release for a tag is refused with 422 already_exists', async () => {
      expect((await release('v1.0.0')).status).toBe(201)
      expect(s.tags()).toEqual(['v1.0.0'])
      const again = await release('v1.0.0')
      expect(again.status).toBe(422)
      expect(again.json).toMatchObject({ message: 'Validation Failed', errors: alreadyExists })
      expect(s.state.releases).toHaveLength(1)
    })

    it('publishing a draft whose tag already has a published release is refused with 422 already_exists', async () => {
      const draft = await release('v1.0.0', { draft: true })
      expect((await release('v1.0.0')).status).toBe(201)
      const publish = await call('PATCH', `/repos/acme/app/releases/${draft.json.id}`, { draft: false })
      expect(publish.status).toBe(422)
      expect(publish.json).toMatchObject({ message: 'Validation Failed', errors: alreadyExists })
      expect(s.state.releases.map(record => record.draft)).toEqual([true, false])
    })

    it('publishing a draft makes its tag at target_commitish and dates it', async () => {
      const draft = await release('v1.0.0', { draft: true, target_commitish: s.repo.head() })
      s.repo.commit('fix: later')
      s.emulator.setNow('2026-04-01T12:00:00Z')
      const published = await call('PATCH', `/repos/acme/app/releases/${draft.json.id}`, { draft: false })
      expect(published.json).toMatchObject({ draft: false, published_at: '2026-04-01T12:00:00Z' })
      expect(s.repo.head('v1.0.0')).toBe(s.repo.head('HEAD~1'))
      expect((await call('GET', '/repos/acme/app/releases/tags/v1.0.0')).json.id).toBe(draft.json.id)
    })

    it('lists newest first in pages, so a draft older than the newest 100 is on page 2', async () => {
      const old = await release('v0.1.0', { draft: true })
      for (let index = 0; index < 100; index++) {
        s.state.releases.push({
          id: s.state.id(),
          tagName: `v1.0.${index}`,
          targetCommitish: 'main',
          name: null,
          body: null,
          draft: false,
          prerelease: false,
          makeLatest: 'true',
          createdAt: '2026-01-02T00:00:00Z',
          publishedAt: '2026-01-02T00:00:00Z'
        })
      }
      const first = await call('GET', '/repos/acme/app/releases?per_page=100')
      expect(first.json).toHaveLength(100)
      expect(first.json[0].tag_name).toBe('v1.0.99')
      expect(first.json.some((r: Json) => r.id === old.json.id)).toBe(false)
      const link = first.headers.get('link')!
      expect(link).toContain('page=2>; rel="next"')
      const next = /<([^>]+)>; rel="next"/.exec(link)![1]!
      const second = await call('GET', new URL(next).pathname + new URL(next).search)
      expect(second.json.map((r: Json) => [r.id, r.draft])).toEqual([[old.json.id, true]])
      expect(second.headers.get('link')).toContain('rel="prev"')
    })

    it('deletes a release and keeps its tag', async () => {
      const made = await release('v1.0.0')
      expect((await api('DELETE', `/repos/acme/app/releases/${made.json.id}`)).status).toBe(204)
      expect(s.state.releases).toEqual([])
      expect(s.tags()).toEqual(['v1.0.0'])
      expect((await api('GET', `/repos/acme/app/releases/${made.json.id}`)).status).toBe(404)
      expect((await api('DELETE', `/repos/acme/app/releases/${made.json.id}`)).status).toBe(404)
      expect((await release('v1.0.0')).status).toBe(201)
    })

    it('records make_latest and which release GitHub shows as Latest', async () => {
      await release('v1.1.0')
      await release('v1.0.1', { make_latest: 'false' })
      await release('v1.0.2', { make_latest: 'legacy' })
      await release('v2.0.0-rc.1', { prerelease: true })
      expect(s.state.latestRelease()?.tagName).toBe('v1.1.0')
      expect((await call('GET', '/repos/acme/app/releases/latest')).json.tag_name).toBe('v1.1.0')
      const draft = await release('v1.2.0', { draft: true })
      expect(s.state.latestRelease()?.tagName).toBe('v1.1.0')
      await call('PATCH', `/repos/acme/app/releases/${draft.json.id}`, { draft: false })
      expect(s.state.latestReleaseHistory).toEqual(['v1.1.0', 'v1.2.0'])
      // make_latest: true wins even for a lower version, as on GitHub; the history shows it happened.
      const older = s.state.releases.find(record => record.tagName === 'v1.0.1')!
      await call('PATCH', `/repos/acme/app/releases/${older.id}`, { make_latest: 'true' })
      expect(s.state.latestReleaseHistory).toEqual(['v1.1.0', 'v1.2.0', 'v1.0.1'])
      const state = await call('GET', '/_emulator/repos/acme/app/state')
      expect(state.json.latestRelease.tagName).toBe('v1.0.1')
    })
  })

  describe('refs', () => {
    afterEach(() => expect(s.emulator.violations).toEqual([]))

    it('moves a tag only with force when it is not a fast-forward, and deletes it', async () => {
      const older = s.repo.head()
      const newer = s.repo.commit('fix: x')
      s.repo.tag('v1', newer)
      const move = (force?: boolean) =>
        call('PATCH', '/repos/acme/app/git/refs/tags/v1', {
          sha: older,
          ...(force === undefined ? {} : { force })
        })
      const refused = await move()
      expect(refused).toMatchObject({ status: 422, json: { message: 'Update is not a fast forward' } })
      expect(s.repo.head('v1')).toBe(newer)
      const forced = await move(true)
      expect(forced).toMatchObject({ status: 200, json: { ref: 'refs/tags/v1', object: { sha: older } } })
      expect(s.repo.head('v1')).toBe(older)
      expect((await call('PATCH', '/repos/acme/app/git/refs/tags/v1', { sha: newer })).status).toBe(200)
      expect(s.repo.head('v1')).toBe(newer)

      expect((await api('DELETE', '/repos/acme/app/git/refs/tags/v1')).status).toBe(204)
      expect(s.tags()).toEqual([])
      const missing = await call('DELETE', '/repos/acme/app/git/refs/tags/v1')
      expect(missing).toMatchObject({ status: 422, json: { message: 'Reference does not exist' } })
      expect((await call('PATCH', '/repos/acme/app/git/refs/tags/v1', { sha: newer })).status).toBe(422)
    })

    it('moves an annotated tag forward without force', async () => {
      const first = s.repo.head()
      s.repo.git(['tag', '-a', 'v2', '-m', 'v2', first])
      const second = s.repo.commit('fix: y')
      const moved = await call('PATCH', '/repos/acme/app/git/refs/tags/v2', { sha: second })
      expect(moved.status).toBe(200)
      expect(s.repo.head('v2')).toBe(second)
    })

    it('never deletes the default branch', async () => {
      expect((await api('DELETE', '/repos/acme/app/git/refs/heads/main')).status).toBe(422)
      expect(s.repo.head('main')).toBeTruthy()
    })
  })

  describe('large ranges and response checks', () => {
    afterEach(() => expect(s.emulator.violations).toEqual([]))

    it('serves every page of a long compare range, and sees a ref that moved since', async () => {
      s.repo.tag('v1.0.0')
      s.repo.bulkCommits(250, index => `fix: ${index}`)
      const pages = await Promise.all(
        [1, 2, 3].map(page => call('GET', `/repos/acme/app/compare/v1.0.0...main?per_page=100&page=${page}`))
      )
      const messages = pages.flatMap(page => page.json.commits.map((commit: Json) => commit.commit.message))
      expect(messages).toEqual(Array.from({ length: 250 }, (_, index) => `fix: ${index}`))
      expect(pages[0]!.json).toMatchObject({ status: 'ahead', ahead_by: 250, total_commits: 250 })
      s.repo.commit('fix: one more')
      const after = await call('GET', '/repos/acme/app/compare/v1.0.0...main?per_page=1')
      expect(after.json.ahead_by).toBe(251)
    })

    const badRelease = (tag: string) => ({
      id: s.state.id(),
      tagName: tag,
      targetCommitish: 'main',
      name: null,
      body: null,
      draft: false,
      prerelease: false,
      makeLatest: 'true',
      createdAt: 'yesterday',
      publishedAt: null
    })

    it('a sample still catches a list whose first item GitHub would not send', async () => {
      s.emulator.validateResponses = 'sample'
      await release('v1.0.0')
      s.state.releases.push(badRelease('v1.0.1'))
      expect((await api('GET', '/repos/acme/app/releases')).status).toBe(200)
      expect(s.emulator.violations).toHaveLength(1)
      expect(s.emulator.violations[0]).toContain('repos/list-releases answered what GitHub would not')
      expect(s.emulator.violations[0]).toContain('response/0/created_at must match format "date-time"')
      s.emulator.violations.splice(0)
    })

    it('a sample skips items between the sampled ones; full checks them all', async () => {
      s.state.releases.push(badRelease('v1.0.0'))
      await release('v1.0.1')
      await release('v1.0.2')
      s.emulator.validateResponses = 'sample'
      await api('GET', '/repos/acme/app/releases')
      expect(s.emulator.violations).toEqual([])
      s.emulator.validateResponses = 'full'
      await api('GET', '/repos/acme/app/releases')
      expect(s.emulator.violations).toEqual([expect.stringContaining('response/2/created_at')])
      s.emulator.violations.splice(0)
    })
  })
})
