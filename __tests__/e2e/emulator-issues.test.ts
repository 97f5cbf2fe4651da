import { describe } from 'vitest'
import { scenarioTest } from '../../test-support/fixtures.js'
import type { Scenario } from '../../test-support/scenario.js'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init')
    s.emulator.validateResponses = 'full'
  }
})

/** The status and JSON body of an API or control request. */
async function call(s: Scenario, method: string, path: string, body?: unknown) {
  const response = await fetch(`${s.emulator.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    json: (text ? JSON.parse(text) : null) as Json
  }
}

const control = (s: Scenario, method: string, path: string, body?: unknown) =>
  call(s, method, `/_emulator/repos/acme/app${path}`, body)

async function openPull(s: Scenario, branch: string, title: string, body?: string) {
  s.repo.checkout(branch, true)
  s.repo.commit(title, { [`${branch}.txt`]: branch })
  s.repo.checkout('main')
  return (await control(s, 'POST', '/pulls', { head: branch, title, body })).json
}

describe('the emulator’s issues, comments and commit→pull request association', () => {
  it('numbers issues and pull requests from one sequence and lists both, pull requests with a pull_request key', async ({
    s,
    expect
  }) => {
    const issue = (await control(s, 'POST', '/issues', { title: 'Crash on start', labels: ['bug'] })).json
    const pull = await openPull(s, 'fix', 'fix: start', 'Fixes #1')
    expect([issue.number, pull.number]).toEqual([1, 2])
    const open = await call(s, 'GET', '/repos/acme/app/issues?state=open&sort=created&direction=asc')
    expect(open.status).toBe(200)
    expect(open.json.map((item: Json) => [item.number, 'pull_request' in item])).toEqual([
      [1, false],
      [2, true]
    ])
    const bugs = await call(s, 'GET', '/repos/acme/app/issues?labels=bug&per_page=1')
    expect(bugs.json.map((item: Json) => item.number)).toEqual([1])
    expect((await call(s, 'GET', '/repos/acme/app/issues/2')).json.pull_request.html_url).toMatch(
      /\/pull\/2$/
    )
  })

  it('closes the issues a merged pull request names with a closing keyword, and filters by state', async ({
    s,
    expect
  }) => {
    await control(s, 'POST', '/issues', { title: 'Crash on start' })
    await control(s, 'POST', '/issues', { title: 'Unrelated' })
    await openPull(s, 'fix', 'fix: start', 'This Closes #1, mentions #2.')
    await control(s, 'POST', '/pulls/3/merge', { by: 'octocat', method: 'squash' })
    const closed = await call(s, 'GET', '/repos/acme/app/issues?state=closed')
    expect(closed.json.map((item: Json) => [item.number, item.state, item.state_reason ?? null])).toEqual([
      [3, 'closed', null],
      [1, 'closed', 'completed']
    ])
    expect((await call(s, 'GET', '/repos/acme/app/issues/2')).json.state).toBe('open')
  })

  it('creates, lists, updates and deletes comments on an issue or a pull request', async ({ s, expect }) => {
    await openPull(s, 'feat', 'feat: one')
    const created = await call(s, 'POST', '/repos/acme/app/issues/1/comments', { body: 'hello <!-- m -->' })
    expect(created.status).toBe(201)
    expect(created.json.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' })
    expect(created.json.html_url).toMatch(/\/pull\/1#issuecomment-\d+$/)
    const id = created.json.id as number
    const edited = await call(s, 'PATCH', `/repos/acme/app/issues/comments/${id}`, { body: 'edited' })
    expect(edited.json.body).toBe('edited')
    const listed = await call(s, 'GET', '/repos/acme/app/issues/1/comments?per_page=100')
    expect(listed.json.map((comment: Json) => comment.body)).toEqual(['edited'])
    expect((await call(s, 'GET', '/repos/acme/app/issues/1')).json.comments).toBe(1)
    expect((await call(s, 'DELETE', `/repos/acme/app/issues/comments/${id}`)).status).toBe(204)
    expect((await call(s, 'GET', `/repos/acme/app/issues/comments/${id}`)).status).toBe(404)
    expect((await call(s, 'POST', '/repos/acme/app/issues/9/comments', { body: 'x' })).status).toBe(404)
  })

  it('refuses a comment on a locked conversation to a caller without write access, and a write to a read-only token', async ({
    s,
    expect
  }) => {
    await control(s, 'POST', '/issues', { title: 'Heated' })
    expect((await control(s, 'PUT', '/issues/1/lock', { reason: 'too heated' })).status).toBe(200)
    expect((await call(s, 'GET', '/repos/acme/app/issues/1')).json).toMatchObject({
      locked: true,
      active_lock_reason: 'too heated'
    })
    const refused = await call(s, 'POST', '/repos/acme/app/issues/1/comments', { body: 'x' })
    expect([refused.status, refused.json.message]).toEqual([
      403,
      'Unable to create comment because issue is locked.'
    ])
    await control(s, 'PUT', '/collaborators/github-actions[bot]', { role: 'write' })
    expect((await call(s, 'POST', '/repos/acme/app/issues/1/comments', { body: 'x' })).status).toBe(201)
    await control(s, 'PUT', '/token', { issues: 'read' })
    const readOnly = await call(s, 'POST', '/repos/acme/app/issues/1/comments', { body: 'y' })
    expect([readOnly.status, readOnly.json.message]).toEqual([403, 'Resource not accessible by integration'])
    expect((await call(s, 'POST', '/repos/acme/app/issues/1/labels', { labels: ['released'] })).status).toBe(
      403
    )
  })

  it('adds labels to a pull request through the issues API', async ({ s, expect }) => {
    await openPull(s, 'feat', 'feat: one')
    const added = await call(s, 'POST', '/repos/acme/app/issues/1/labels', {
      labels: ['released', 'released']
    })
    expect(added.json.map((label: Json) => label.name)).toEqual(['released'])
    expect((await call(s, 'GET', '/repos/acme/app/pulls/1')).json.labels.map((l: Json) => l.name)).toEqual([
      'released'
    ])
  })

  it('associates a commit with the pull request that merged it, by merge commit and by its own commits', async ({
    s,
    expect
  }) => {
    const pull = await openPull(s, 'feat', 'feat: one', 'the body')
    const own = pull.headSha as string
    const merged = (await control(s, 'POST', '/pulls/1/merge', { by: 'octocat' })).json.sha as string
    for (const sha of [merged, own]) {
      const found = await call(s, 'GET', `/repos/acme/app/commits/${sha}/pulls`)
      expect(found.json.map((item: Json) => [item.number, item.body])).toEqual([[1, 'the body']])
    }
    const init = s.repo.head('main~1')
    expect((await call(s, 'GET', `/repos/acme/app/commits/${init}/pulls`)).json).toEqual([])
  })

  it('gives an open pull request’s event its branches’ current tips and its edited title', async ({
    s,
    expect
  }) => {
    await openPull(s, 'feat', 'feat: one')
    s.repo.checkout('feat')
    const pushed = s.repo.commit('feat: two', { 'two.txt': '2' })
    s.repo.checkout('main')
    await control(s, 'PATCH', '/pulls/1', { title: 'feat: one and two' })
    const event = (await control(s, 'GET', '/pulls/1/event?action=synchronize')).json
    expect(event.pull_request.head.sha).toBe(pushed)
    expect(event.pull_request.base.sha).toBe(s.repo.head('main'))
    expect(event.pull_request.title).toBe('feat: one and two')
  })
})
