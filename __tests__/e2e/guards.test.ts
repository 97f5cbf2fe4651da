import { describe } from 'vitest'
import { RequestTimeline, roundTripsInSequence } from '../../test-support/bench/request-timeline.js'
import { Emulator } from '../../test-support/emulator/server.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import { GitFixture } from '../../test-support/git-fixture.js'
import { nodeBinaries, runAction } from '../../test-support/run-action.js'

const it = scenarioTest()

describe.concurrent.each(nodeBinaries())('input validation under $label', ({ path: node }) => {
  const validationTest = scenarioTest({ node, setup: s => void s.repo.commit('feat: something') })

  validationTest.for<[string, string, string]>([
    [
      'bump',
      'huge',
      "Invalid input 'bump': 'huge' is not one of auto, major, minor, patch, prerelease, nor a version such as 1.2.3."
    ],
    ['tag-prefix', 'v 1', "Invalid input 'tag-prefix': 'v 1' cannot start a git tag name"],
    [
      'wait-for-checks',
      '-1',
      "Invalid input 'wait-for-checks': '-1' is not a whole number of seconds (0 to 86400)."
    ],
    [
      'repository',
      'foo',
      "Invalid input 'repository': 'foo' is not a repository. Expected format {owner}/{repo}."
    ],
    [
      'release-notes',
      'fancy',
      "Invalid input 'release-notes': 'fancy' is not one of conventional, github, none."
    ],
    ['quality-threshold', '120', "Invalid input 'quality-threshold': '120' is not a score from 0 to 100"],
    [
      'deploy-inputs',
      JSON.stringify(Object.fromEntries(Array.from({ length: 26 }, (_, index) => [`input${index}`, 'x']))),
      "Invalid input 'deploy-inputs': 26 inputs; GitHub accepts at most 25"
    ],
    ['commit-message', 'release {branch}', "Invalid input 'commit-message': {branch} is not a placeholder"]
  ])('%s: %j fails with a named error and zero requests', async ([input, value, message], { s, expect }) => {
    const run = await s.run({ inputs: { [input]: value } })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(`::error::${message}`)
    expect(run.outputs).toMatchObject({ outcome: 'blocked', released: 'false' })
    expect(run.summary).toContain('## ⛔ Release blocked')
    expect(s.emulator.requests).toEqual([])
  })
})

describe.concurrent('guards', () => {
  it('the token is masked before anything is logged and never appears in outputs or the summary', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: x')
    const run = await s.run()
    const token = 'ghs_emulatortoken0123456789abcdefABCDEF'
    expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${token}`)
    expect(run.stdout.split('\n').slice(1).join('\n')).not.toContain(token)
    expect(JSON.stringify(run.outputs)).not.toContain(token)
    expect(run.summary).not.toContain(token)
  })

  it('a 5xx from GitHub is retried', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
    s.repo.commit('fix: x')
    s.emulator.inject({ operationId: 'repos/list-tags', status: 502 })
    const run = await s.run()
    expect(run.outputs.outcome).toBe('released')
    // The first listing is retried; later steps may list the tags again.
    expect(
      s.emulator.requests
        .filter(request => request.operationId === 'repos/list-tags')
        .map(request => request.status)
        .slice(0, 2)
    ).toEqual([502, 200])
  })

  it('a secondary rate limit with Retry-After is waited out', async ({ s, expect }) => {
    s.repo.commit('feat: x')
    s.emulator.inject({
      operationId: 'repos/list-commits',
      status: 403,
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
      },
      headers: { 'retry-after': '1' }
    })
    const run = await s.run()
    expect(run.outputs.outcome).toBe('released')
    expect(run.stdout).toContain('GitHub secondary rate limit for GET')
    expect(
      s.emulator.requests
        .filter(request => request.operationId === 'repos/list-commits')
        .map(request => request.status)
    ).toEqual([403, 200])
  })

  it.for<[string, number, string, string]>([
    [
      'checks/list-for-ref',
      403,
      'GitHub refused to list the check runs of',
      "The token needs 'checks: read'"
    ],
    [
      'repos/get-combined-status-for-ref',
      403,
      'GitHub refused to read the commit statuses of',
      "The token needs 'statuses: read'"
    ],
    [
      'repos/get',
      404,
      'GitHub answered 404 when trying to read the repository acme/app',
      "The token needs 'contents: read'"
    ]
  ])(
    'a %s %s names the missing permission',
    async ([operationId, status, what, permission], { s, expect }) => {
      s.repo.commit('feat: x')
      s.emulator.inject({
        operationId,
        status,
        body: { message: status === 403 ? 'Resource not accessible by integration' : 'Not Found' }
      })
      const run = await s.run()
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain(`::error::${what}`)
      expect(run.stdout).toContain(permission)
      expect(s.emulator.writes()).toEqual([])
    }
  )

  it('deploy-workflow and deploy-command together fail before any request', async ({ s, expect }) => {
    s.repo.commit('feat: x')
    const run = await s.run({
      inputs: { 'deploy-workflow': 'deploy.yml', 'deploy-command': 'vercel deploy' }
    })
    expect(run.stdout).toContain(
      "::error::Invalid input 'deploy-command': set deploy-workflow or deploy-command, not both."
    )
    expect(s.emulator.requests).toEqual([])
  })

  it('a 403 on tagging names the missing permission and leaves nothing behind', async ({ s, expect }) => {
    s.repo.commit('feat: x')
    s.emulator.inject({
      operationId: 'git/create-ref',
      status: 403,
      body: { message: 'Resource not accessible by integration' }
    })
    const run = await s.run()
    expect(run.exitCode).toBe(1)
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain(
      "::error::GitHub refused to create the tag v0.1.0 (403: Resource not accessible by integration). The token needs 'contents: write'"
    )
    expect(s.tags()).toEqual([])
    expect(s.state.releases).toEqual([])
  })

  it('a release that fails after tagging says the tag exists and a rerun completes it', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: x')
    s.emulator.inject({
      operationId: 'repos/create-release',
      status: 403,
      body: { message: 'Resource not accessible by integration' }
    })
    const failed = await s.run()
    expect(failed.exitCode).toBe(1)
    expect(failed.stdout).toContain(
      `The tag v0.1.0 exists at ${s.repo.head().slice(0, 7)} but may have no release yet`
    )
    expect(failed.stdout).toContain('rerun the workflow to complete it')
    const rerun = await s.run()
    expect(rerun.outputs.outcome).toBe('released')
    expect(s.state.releases).toHaveLength(1)
  })

  it('a 422 from GitHub is explained with its error details', async ({ s, expect }) => {
    s.repo.commit('feat: x')
    s.emulator.inject({
      operationId: 'repos/create-release',
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'Release', code: 'custom', field: 'body', message: 'body is too long' }]
      }
    })
    const run = await s.run()
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain(
      'GitHub request to create the release v0.1.0 failed with 422: Validation Failed (body is too long)'
    )
  })

  it('a tag made meanwhile at another commit blocks without a release', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
    const older = s.repo.commit('fix: a')
    s.repo.commit('fix: b')
    // Someone tags v1.0.1 at another commit between this run's decision and its tag request.
    s.emulator.inject({
      operationId: 'git/create-ref',
      status: 0,
      before: () => void s.repo.tag('v1.0.1', older)
    })
    const run = await s.run()
    expect(run.exitCode).toBe(1)
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain(
      `the tag v1.0.1 was created at ${older.slice(0, 7)} by someone else while this run was deciding`
    )
    expect(s.repo.head('v1.0.1')).toBe(older)
    expect(s.state.releases).toEqual([])
  })

  it('releases another repository named by the repository input, entirely through the API', async ({
    s,
    expect
  }) => {
    const product = new GitFixture()
    product.commit('chore: init')
    product.tag('v2.0.0')
    const head = product.commit('feat: product feature')
    s.emulator.addRepo('acme/product', product.dir)
    s.repo.commit('chore: control repo')
    const run = await s.run({ inputs: { repository: 'acme/product' } })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '2.1.0', sha: head })
    expect(product.head('v2.1.0')).toBe(head)
    expect(s.emulator.repo('acme/product').releases).toHaveLength(1)
    expect(s.tags()).toEqual([])
    product.remove()
  })

  it('an event that is not a release trigger is skipped', async ({ s, expect }) => {
    s.repo.commit('feat: x')
    const run = await s.run({ eventName: 'issues' })
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs['skipped-reason']).toContain("the 'issues' event is not a release trigger")
    expect(s.emulator.requests).toEqual([])
  })
})

// Alone in its worker, as it always ran: paging 10,000 commits is the heaviest run of all, and it keeps its headroom.
describe('history at scale', () => {
  it('10,000 commits since the last tag: correct version, paged in parallel, at most 120 requests', async ({
    expect
  }) => {
    const repo = new GitFixture()
    repo.commit('chore: init')
    repo.tag('v4.2.0')
    repo.bulkCommits(10_000, index =>
      index === 5_000
        ? 'feat: the one feature'
        : index % 3 === 0
          ? `fix: fix ${index}`
          : `chore: chore ${index}`
    )
    const emulator = new Emulator({ repos: { 'acme/big': repo.dir } })
    await emulator.start()
    try {
      const run = await runAction({
        apiUrl: emulator.url,
        repository: 'acme/big',
        sha: repo.head(),
        inputs: { 'dry-run': 'true', quality: 'none' }
      })
      expect(run.outputs).toMatchObject({ outcome: 'dry-run', version: '4.3.0', 'previous-version': '4.2.0' })
      expect(run.result).toMatchObject({ commitCount: 10_000, releasableCount: 3_335 })
      expect(run.result.commits).toHaveLength(100)
      expect(Buffer.byteLength(run.outputs.result!)).toBeLessThan(1024 * 1024)
      expect(run.outputs['release-notes']!.length).toBeLessThan(125_000)
      expect(run.outputs['release-notes']).toContain('- …and 3234 more')
      const pages = emulator.requests.filter(
        request => request.operationId === 'repos/compare-commits-with-basehead'
      )
      expect(pages).toHaveLength(100)
      expect(emulator.requests.length).toBeLessThanOrEqual(120)
      expect(emulator.writes()).toEqual([])
      expect(emulator.violations).toEqual([])
    } finally {
      await emulator.stop()
      repo.remove()
    }
  })
  it('250 tags: every page of tags is read and the highest release below the commit is found', async ({
    s,
    expect
  }) => {
    s.repo.commit('chore: init')
    for (let patch = 0; patch < 250; patch++) s.repo.tag(`v1.0.${patch}`)
    s.repo.commit('feat: after many patches')
    const run = await s.run()
    expect(run.outputs).toMatchObject({
      outcome: 'released',
      version: '1.1.0',
      'previous-version': '1.0.249'
    })
    // Three pages before deciding, three more for the check that no newer release overtook this one.
    const tagPages = s.emulator.requests.filter(request => request.operationId === 'repos/list-tags')
    expect(tagPages.map(request => new URLSearchParams(request.query).get('page')).sort()).toEqual([
      '1',
      '1',
      '2',
      '2',
      '3',
      '3'
    ])
  })

  it('a whole release of 1,000 commits, 200 ms per request: 22 requests, 8 round trips in sequence', async ({
    expect
  }) => {
    const repo = new GitFixture()
    repo.commit('chore: init')
    repo.tag('v1.0.0')
    repo.bulkCommits(1_000, index => (index === 500 ? 'feat: the one feature' : `fix: fix ${index}`))
    const emulator = new Emulator({ repos: { 'acme/big': repo.dir } })
    await emulator.start()
    const timeline = new RequestTimeline(Number(new URL(emulator.url).port))
    try {
      // The latency makes a chain of requests visible: requests sent together overlap, and count once.
      emulator.inject({ delayMs: 200, times: Number.POSITIVE_INFINITY })
      const run = await runAction({
        apiUrl: emulator.url,
        repository: 'acme/big',
        sha: repo.head(),
        inputs: { quality: 'none' }
      })
      expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
      // Repository, branch, tags, checks and the freeze issues together; the first page; the other nine pages
      // together; then the tag, the overtaking check with the releases, the release, the re-read and the Latest mark.
      const timed = timeline.since(0)
      expect(timed).toHaveLength(22)
      expect(roundTripsInSequence(timed)).toBe(8)
    } finally {
      timeline.close()
      await emulator.stop()
      repo.remove()
    }
  })
})
