import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { escapeMarkdown } from '../../src/domain/markdown.js'
import { addRelease } from '../../test-support/chaos/world.js'
import type { LoggedRequest } from '../../test-support/emulator/server.js'
import { Scenario } from '../../test-support/scenario.js'

const DEPLOY_YML = `name: Deploy
on:
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
`

/** GitHub's answer when a tag ruleset refuses a ref update (restrict updates on refs/tags/v*). */
const RULESET_REFUSAL = {
  message: 'Repository rule violations found\n\nCannot update this protected ref.\n\n',
  documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference',
  status: '422'
}

describe('major-tag: v1 (and v1.2) follow the stable releases', () => {
  let s: Scenario
  /** The commit of v1.2.0, the release every case starts from. */
  let first: string

  beforeEach(async () => {
    s = await new Scenario().start()
    first = s.repo.commit('chore: init', { '.github/workflows/deploy.yml': DEPLOY_YML })
    s.repo.tag('v1.2.0')
    addRelease(s.state, 'v1.2.0', first, { draft: false })
  })

  afterEach(async () => {
    expect(s.emulator.violations).toEqual([])
    // A fault a test injected but no request met means the test did not exercise what it claims.
    expect(s.emulator.faults).toEqual([])
    await s.stop()
  })

  const run = (inputs: Record<string, string> = {}, options: Parameters<Scenario['run']>[0] = {}) =>
    s.run({ ...options, inputs: { quality: 'none', 'major-tag': 'true', ...inputs } })
  const tagAt = (tag: string) => s.repo.head(tag)
  const refWrites = (): LoggedRequest[] =>
    s.emulator
      .writes()
      .filter(request => request.operationId === 'git/update-ref' || request.operationId === 'git/create-ref')
  const majorTagRow = (summary: string) => summary.split('\n').find(line => line.startsWith('| Major tags |'))
  const majorTagStep = (result: { steps: Array<{ id: string; status: string; reason: string }> }) =>
    result.steps.find(step => step.id === 'major-tag')

  it('a stable release creates v1 when it is missing, and says so in the outputs and the summary', async () => {
    const sha = s.repo.commit('feat: dark mode')
    const result = await run()
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ outcome: 'released', tag: 'v1.3.0', 'major-tags': 'v1' })
    expect(tagAt('v1')).toBe(sha)
    expect(refWrites().map(request => request.body)).toEqual([
      { ref: 'refs/tags/v1.3.0', sha },
      { ref: 'refs/tags/v1', sha }
    ])
    expect(result.result.majorTags).toEqual(['v1'])
    expect(majorTagRow(result.summary)).toMatch(
      new RegExp(`^\\| Major tags \\| ✅ passed \\| created v1 at v1\\.3\\.0 \\(${sha.slice(0, 7)}\\) \\|`)
    )
  })

  it('existing v1 and v1.2 are moved with force, and nothing else is', async () => {
    // v1 an annotated tag, as action authors often make it by hand; v1.2 a lightweight one.
    s.repo.git(['tag', '-a', '-m', 'v1', 'v1', first])
    s.repo.tag('v1.2', first)
    const sha = s.repo.commit('fix: null check')
    const result = await run({ 'minor-tag': 'true' })
    expect(result.outputs).toMatchObject({ outcome: 'released', tag: 'v1.2.1', 'major-tags': 'v1,v1.2' })
    expect([tagAt('v1'), tagAt('v1.2'), tagAt('v1.2.1'), tagAt('v1.2.0')]).toEqual([sha, sha, sha, first])
    const updates = s.emulator.writes().filter(request => request.operationId === 'git/update-ref')
    // Octokit sends the ref's slash encoded (tags%2Fv1), as GitHub accepts it.
    expect(updates.map(request => [decodeURIComponent(request.path), request.body])).toEqual([
      ['/repos/acme/app/git/refs/tags/v1', { sha, force: true }],
      ['/repos/acme/app/git/refs/tags/v1.2', { sha, force: true }]
    ])
    expect(majorTagStep(result.result)?.reason).toBe(
      `moved v1 from ${first.slice(0, 7)} to v1.2.1 (${sha.slice(0, 7)}); ` +
        `moved v1.2 from ${first.slice(0, 7)} to v1.2.1 (${sha.slice(0, 7)})`
    )
  })

  it('minor-tag alone moves v1.3 and leaves v1 where it is', async () => {
    s.repo.tag('v1', first)
    const sha = s.repo.commit('feat: export to CSV')
    const result = await run({ 'major-tag': 'false', 'minor-tag': 'true' })
    expect(result.outputs).toMatchObject({ outcome: 'released', tag: 'v1.3.0', 'major-tags': 'v1.3' })
    expect([tagAt('v1'), tagAt('v1.3')]).toEqual([first, sha])
  })

  it('a pre-release moves nothing', async () => {
    s.repo.tag('v1', first)
    s.repo.commit('feat: export to CSV')
    const result = await run({ 'minor-tag': 'true', 'prerelease-id': 'rc' })
    expect(result.outputs).toMatchObject({ outcome: 'released', tag: 'v1.3.0-rc.0', 'major-tags': '' })
    expect(tagAt('v1')).toBe(first)
    expect(s.tags()).not.toContain('v1.3')
    expect(majorTagStep(result.result)).toMatchObject({
      status: 'passed',
      reason: 'v1.3.0-rc.0 is a pre-release: major tags move with stable releases only'
    })
    expect(refWrites().map(request => (request.body as { ref?: string }).ref ?? request.path)).toEqual([
      'refs/tags/v1.3.0-rc.0'
    ])
  })

  it('a patch to an older minor does not move v1 backwards, but moves its own v1.2', async () => {
    s.repo.tag('v1.2', first)
    const newer = s.repo.commit('feat: export to CSV')
    const minor = await run({ 'minor-tag': 'true' })
    expect(minor.outputs).toMatchObject({ outcome: 'released', tag: 'v1.3.0', 'major-tags': 'v1,v1.3' })
    expect(tagAt('v1')).toBe(newer)

    // A maintenance branch for 1.2 gets a fix after 1.3.0 is out.
    s.repo.git(['checkout', '--quiet', '-b', 'release-1.2', first])
    const patch = s.repo.commit('fix: crash on empty export')
    const result = await run(
      { 'minor-tag': 'true', 'release-branches': 'main, release-1.*' },
      { eventName: 'workflow_dispatch', ref: 'refs/heads/release-1.2' }
    )
    expect(result.outputs).toMatchObject({ outcome: 'released', tag: 'v1.2.1', 'major-tags': 'v1.2' })
    expect([tagAt('v1'), tagAt('v1.3'), tagAt('v1.2')]).toEqual([newer, newer, patch])
    expect(majorTagStep(result.result)?.reason).toBe(
      `v1 stays: v1.3.0 is higher in 1.x; moved v1.2 from ${first.slice(0, 7)} to v1.2.1 (${patch.slice(0, 7)})`
    )
  })

  it('a rerun on the released commit writes nothing and leaves v1 where it is', async () => {
    const sha = s.repo.commit('feat: dark mode')
    expect((await run()).outputs['major-tags']).toBe('v1')
    const before = s.emulator.writes().length
    const rerun = await run()
    expect(rerun.exitCode).toBe(0)
    expect(rerun.outputs).toMatchObject({ outcome: 'skipped', 'major-tags': '' })
    expect(rerun.outputs['skipped-reason']).toBe('already released as v1.3.0')
    expect(s.emulator.writes()).toHaveLength(before)
    expect(tagAt('v1')).toBe(sha)
  })

  it('v1 already at the release: nothing to do, and the step says so', async () => {
    const sha = s.repo.commit('feat: dark mode')
    s.repo.tag('v1', sha)
    const result = await run()
    expect(result.outputs).toMatchObject({ outcome: 'released', 'major-tags': '' })
    expect(majorTagStep(result.result)?.reason).toBe(
      `v1 is already at v1.3.0 (${sha.slice(0, 7)}): nothing to do`
    )
    expect(refWrites().map(request => (request.body as { ref: string }).ref)).toEqual(['refs/tags/v1.3.0'])
  })

  it('a dry run says which tags it would move, and writes nothing', async () => {
    s.repo.tag('v1', first)
    const sha = s.repo.commit('feat: dark mode')
    const result = await run({ 'dry-run': 'true', 'minor-tag': 'true' })
    expect(result.outputs).toMatchObject({ outcome: 'dry-run', 'major-tags': 'v1,v1.3' })
    expect(majorTagStep(result.result)?.reason).toBe(
      `dry run: would move v1 from ${first.slice(0, 7)} to v1.3.0 (${sha.slice(0, 7)}); ` +
        `would create v1.3 at v1.3.0 (${sha.slice(0, 7)})`
    )
    expect(s.emulator.writes()).toEqual([])
    expect(tagAt('v1')).toBe(first)
  })

  it('a dry run with commit-version names the version commit it would make, not a sha', async () => {
    s.repo.tag('v1', first)
    s.repo.commit('feat: dark mode', { 'package.json': '{ "name": "app", "version": "1.2.0" }\n' })
    const result = await run({ 'dry-run': 'true', 'commit-version': 'true' })
    expect(result.outputs).toMatchObject({ outcome: 'dry-run', 'major-tags': 'v1' })
    expect(majorTagStep(result.result)?.reason).toBe(
      `dry run: would move v1 from ${first.slice(0, 7)} to v1.3.0's version commit`
    )
    expect(s.emulator.writes()).toEqual([])
  })

  it('a release that stays a draft (its deploy failed) leaves v1 alone; the rerun that deploys moves it', async () => {
    s.repo.tag('v1', first)
    const sha = s.repo.commit('feat: dark mode')
    s.state.runScript = { conclusion: 'failure', queuedMs: 100, durationMs: 300 }
    const failed = await run({ 'deploy-workflow': 'deploy.yml' })
    expect(failed.outputs).toMatchObject({
      outcome: 'blocked',
      'deploy-conclusion': 'failure',
      'major-tags': ''
    })
    expect(s.state.releases.find(release => release.tagName === 'v1.3.0')?.draft).toBe(true)
    expect(majorTagStep(failed.result)?.status).toBe('not-run')
    expect(tagAt('v1')).toBe(first)

    s.state.runScript = { conclusion: 'success', queuedMs: 100, durationMs: 300 }
    const rerun = await run({ 'deploy-workflow': 'deploy.yml' })
    expect(rerun.outputs).toMatchObject({
      outcome: 'released',
      'deploy-conclusion': 'success',
      'major-tags': 'v1'
    })
    expect(tagAt('v1')).toBe(sha)
  })

  describe('GitHub refuses to move the tag: the release stands, the run says what to change', () => {
    it.each([
      [
        'a tag ruleset refuses the update (422)',
        () => s.repo.tag('v1', first),
        { operationId: 'git/update-ref', status: 422, body: RULESET_REFUSAL },
        [
          'GitHub refused to move the tag v1 (422: Repository rule violations found Cannot update this protected ref.).',
          'In Settings → Rules → Rulesets, target only the release tags (refs/tags/v*.*.*) instead of every v* tag, ' +
            "or add the token's actor (GitHub Actions, or your GitHub App) to the ruleset's bypass list."
        ]
      ],
      [
        'a tag ruleset refuses the creation (422)',
        () => undefined,
        {
          operationId: 'git/create-ref',
          bodyIncludes: '"refs/tags/v1"',
          status: 422,
          body: {
            ...RULESET_REFUSAL,
            message:
              'Repository rule violations found\n\nCannot create ref due to creations being restricted.\n\n'
          }
        },
        [
          'GitHub refused to move the tag v1 (422: Repository rule violations found Cannot create ref due to creations'
        ]
      ],
      [
        'the token may not write (403)',
        () => s.repo.tag('v1', first),
        {
          operationId: 'git/update-ref',
          status: 403,
          body: { message: 'Resource not accessible by integration', status: '403' }
        },
        [
          "GitHub refused to move the tag v1 (403: Resource not accessible by integration). The token needs 'contents: write'"
        ]
      ]
    ])('%s', async (_name, arrange, fault, explained) => {
      arrange()
      const before = s.tags().includes('v1') ? tagAt('v1') : null
      const sha = s.repo.commit('feat: dark mode')
      s.emulator.inject(fault)
      const result = await run()
      expect(result.exitCode).toBe(0)
      expect(result.outputs).toMatchObject({
        outcome: 'released',
        released: 'true',
        tag: 'v1.3.0',
        'major-tags': ''
      })
      expect(s.state.releases.find(release => release.tagName === 'v1.3.0')?.draft).toBe(false)
      expect(s.tags().includes('v1') ? tagAt('v1') : null).toBe(before)
      const fix = `Then move it by hand (git push --force origin ${sha}:refs/tags/v1), or let the next stable release move it.`
      const warning = result.stdout.split('\n').find(line => line.startsWith('::warning::v1 was not moved'))
      const row = majorTagRow(result.summary)
      for (const text of [...explained, fix]) {
        expect(warning).toContain(text)
        // The row is one clause of the step's reason: the same words, without the full stop.
        expect(row).toContain(escapeMarkdown(text.replace(/\.$/, '')))
      }
      expect(row).toMatch(/^\| Major tags \| ⚠️ warned \| v1 was not moved to v1\.3\.0: /)
      expect(majorTagStep(result.result)?.status).toBe('warned')
    })
  })

  it('a higher release published while v1 moves takes v1 back: the last move is never the lower one', async () => {
    s.repo.tag('v1', first)
    const patch = s.repo.commit('fix: null check')
    let newer = ''
    // Another run releases 1.3.0 on top and moves v1 there, just before this run's move of v1 to 1.2.1 lands.
    const race = s.emulator.inject({
      operationId: 'git/update-ref',
      before: () => {
        newer = s.repo.commit('feat: dark mode')
        s.repo.tag('v1.3.0', newer)
        addRelease(s.state, 'v1.3.0', newer, { draft: false })
        s.repo.git(['tag', '--force', 'v1', newer])
      }
    })
    const result = await run()
    expect(race.taken).toBe(1)
    expect(result.outputs).toMatchObject({ outcome: 'released', tag: 'v1.2.1', 'major-tags': '' })
    expect(tagAt('v1')).toBe(newer)
    expect(majorTagStep(result.result)?.reason).toBe(
      `moved v1 from ${first.slice(0, 7)} to v1.2.1 (${patch.slice(0, 7)}); v1 went back to v1.3.0, released meanwhile`
    )
  })
})

describe("the emulator's ref update, as GitHub answers it", () => {
  let s: Scenario
  let first: string
  let second: string

  beforeEach(async () => {
    s = await new Scenario().start()
    first = s.repo.commit('chore: init')
    second = s.repo.commit('feat: more')
    s.repo.tag('v1', second)
  })

  afterEach(async () => {
    expect(s.emulator.violations).toEqual([])
    await s.stop()
  })

  const patch = async (ref: string, body: Record<string, unknown>) => {
    const response = await fetch(`${s.emulator.url}/repos/acme/app/git/refs/${ref}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: 'token emulator' },
      body: JSON.stringify(body)
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('refuses a move backwards without force, makes it with force, and refuses a ref that does not exist', async () => {
    expect(await patch('tags/v1', { sha: first })).toMatchObject({
      status: 422,
      body: { message: 'Update is not a fast forward' }
    })
    expect(s.repo.head('v1')).toBe(second)
    expect(await patch('tags/v1', { sha: first, force: true })).toMatchObject({
      status: 200,
      body: { ref: 'refs/tags/v1', object: { sha: first, type: 'commit' } }
    })
    expect(s.repo.head('v1')).toBe(first)
    expect(await patch('tags/v2', { sha: first, force: true })).toMatchObject({
      status: 422,
      body: { message: 'Reference does not exist' }
    })
  })
})
