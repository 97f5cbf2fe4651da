import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, vi } from 'vitest'
import { addRelease } from '../../test-support/chaos/world.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import type { Scenario } from '../../test-support/scenario.js'

const DEPLOY_YML = 'name: Deploy\non: workflow_dispatch\njobs: {}\n'
const DEPLOY = { 'deploy-workflow': 'deploy.yml' }

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init', {
      '.github/workflows/deploy.yml': DEPLOY_YML,
      'package.json': '{"version":"1.0.0"}\n'
    })
    s.repo.tag('v1.0.0')
  }
})

const releasesOf = (s: Scenario, tag: string) => s.state.releases.filter(release => release.tagName === tag)

/** The release protocol, state by state: what a run (or a rerun) does with what earlier runs and faults left. */
describe.concurrent('release protocol', () => {
  it('the tag is made but its answer is lost: the same run completes the release, and says released', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: search')
    s.emulator.inject({ operationId: 'git/create-ref', status: 502, after: true })
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
    expect(s.tags()).toEqual(['v1.0.0', 'v1.1.0'])
    expect(releasesOf(s, 'v1.1.0').map(release => release.draft)).toEqual([false])
  })

  it('another run published moments ago and marks it Latest next: this run waits, and says skipped, not released', async ({
    s,
    expect
  }) => {
    const sha = s.repo.commit('feat: search')
    // The other run's state between its two writes: the tag, and its release published but not yet Latest.
    s.repo.tag('v1.1.0', sha)
    const theirs = addRelease(s.state, 'v1.1.0', sha, { draft: false, makeLatest: 'false' })
    // The other run marks it once this run has seen it unmarked twice (the version step, then the release step):
    // however long this run took to start, it is then waiting.
    const latestReads = () =>
      s.emulator.requests.filter(request => request.operationId === 'repos/get-latest-release').length
    const marked = vi
      .waitUntil(() => latestReads() >= 2, { timeout: 30_000, interval: 20 })
      .then(() => s.state.markLatest(theirs, 'true'))
    const run = await s.run()
    await marked
    expect(run.outputs).toMatchObject({
      outcome: 'skipped',
      'skipped-reason': 'already released as v1.1.0 by another run'
    })
    expect(s.emulator.writes()).toEqual([])
    expect(s.state.latestRelease()?.id).toBe(theirs.id)
  })

  it('the release is made but its answer is lost: blocked; the rerun marks it latest, the next finds it done', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: search')
    s.emulator.inject({ operationId: 'repos/create-release', status: 502, after: true })
    const first = await s.run()
    expect(first.outputs.outcome).toBe('blocked')
    expect(first.stdout).toContain('rerun the workflow to complete it')
    expect(s.state.latestRelease()?.tagName).not.toBe('v1.1.0')
    const rerun = await s.run()
    expect(rerun.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
    expect(rerun.result.steps.find(step => step.id === 'release')?.reason).toBe(
      'v1.1.0 was published by an earlier run; it is now marked latest'
    )
    expect(s.state.latestRelease()?.tagName).toBe('v1.1.0')
    const again = await s.run()
    expect(again.outputs).toMatchObject({
      outcome: 'skipped',
      'skipped-reason': 'already released as v1.1.0'
    })
    expect(releasesOf(s, 'v1.1.0')).toHaveLength(1)
  })

  it('commit-version: the version commit landed, the tag did not; a rerun of the same run tags that commit', async ({
    s,
    expect
  }) => {
    const released = s.repo.commit('feat: search')
    s.emulator.inject({ operationId: 'git/create-ref', status: 422, body: { message: 'Invalid request' } })
    const first = await s.run({ inputs: { 'commit-version': 'true' } })
    expect(first.outputs.outcome).toBe('blocked')
    const versionCommit = s.repo.head('main')
    expect(versionCommit).not.toBe(released)
    const rerun = await s.run({ sha: released, inputs: { 'commit-version': 'true' } })
    expect(rerun.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
    expect(s.repo.head('v1.1.0')).toBe(versionCommit)
    expect(s.repo.head('main')).toBe(versionCommit)
    // And a scheduled run on the version commit itself finds it released.
    const later = await s.run({ sha: versionCommit, inputs: { 'commit-version': 'true' } })
    expect(later.outputs).toMatchObject({
      outcome: 'skipped',
      'skipped-reason': 'already released as v1.1.0'
    })
  })

  for (const rerunAt of ['the same commit', 'the pushed commit'] as const)
    it(`commit-version: the version commit landed, the tag did not, a commit was pushed after it; a rerun at ${rerunAt} tags the version commit and makes no second`, async ({
      s,
      expect
    }) => {
      const released = s.repo.commit('feat: search')
      s.emulator.inject({ operationId: 'git/create-ref', status: 422, body: { message: 'Invalid request' } })
      const first = await s.run({ inputs: { 'commit-version': 'true' } })
      expect(first.outputs.outcome).toBe('blocked')
      const versionCommit = s.repo.head('main')
      const pushed = s.repo.commit('docs: a typo')
      const rerun = await s.run({
        sha: rerunAt === 'the same commit' ? released : pushed,
        inputs: { 'commit-version': 'true' }
      })
      expect(rerun.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
      expect(s.repo.head('v1.1.0')).toBe(versionCommit)
      expect(s.repo.head('main')).toBe(pushed)
      expect(
        s.repo
          .git(['log', '--format=%s', 'main'])
          .split('\n')
          .filter(line => line.startsWith('chore(release)'))
      ).toEqual(['chore(release): v1.1.0 [skip ci]'])
    })

  it('a commit force-pushed off its branch is not released by a rerun', async ({ s, expect }) => {
    const base = s.repo.head()
    const dropped = s.repo.commit('feat: dropped later')
    s.repo.git(['reset', '--hard', base])
    s.repo.commit('fix: the real change')
    const run = await s.run({ sha: dropped })
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs['skipped-reason']).toContain('is no longer on main')
    expect(s.tags()).toEqual(['v1.0.0'])
  })

  it('a hand-made tag on the commit below the last release is not published as a release', async ({
    s,
    expect
  }) => {
    s.repo.commit('fix: crash')
    s.repo.tag('v1.0.0-test')
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.0.1' })
    expect(releasesOf(s, 'v1.0.0-test')).toEqual([])
  })

  it('a draft left for the version, older than the newest hundred releases, is adopted: one release', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: search')
    const at = new Date(Date.now() - 3600_000).toISOString()
    const release = (id: number, tagName: string, draft: boolean) => ({
      id,
      tagName,
      targetCommitish: 'main',
      name: tagName,
      body: 'left by an earlier run',
      draft,
      prerelease: false,
      makeLatest: 'true',
      createdAt: at,
      publishedAt: draft ? null : at
    })
    s.state.releases.push(release(1, 'v1.1.0', true))
    for (let n = 0; n < 120; n++) s.state.releases.push(release(10 + n, `nightly-${n}`, false))
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
    expect(releasesOf(s, 'v1.1.0').map(found => [found.id, found.draft])).toEqual([[1, false]])
  })

  it('a run for an older commit that a newer release contains releases nothing lower, and Latest stays', async ({
    s,
    expect
  }) => {
    const older = s.repo.commit('feat: search')
    s.repo.commit('feat!: new API')
    const newer = await s.run()
    expect(newer.outputs.version).toBe('2.0.0')
    const run = await s.run({ sha: older })
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs['skipped-reason']).toBe(
      'v2.0.0 is already released and contains ' +
        older.slice(0, 7) +
        '; v1.1.0 would be lower (its tag was taken back)'
    )
    expect(s.tags()).toEqual(['v1.0.0', 'v2.0.0'])
    expect(s.state.latestRelease()?.tagName).toBe('v2.0.0')
  })

  it('published before its deploy (draft-until-deployed: false) and the deploy failed: the rerun deploys again', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: search')
    s.state.runScript = { conclusion: 'failure', queuedMs: 50, durationMs: 200 }
    const inputs = { ...DEPLOY, 'draft-until-deployed': 'false' }
    const first = await s.run({ inputs })
    expect(first.outputs).toMatchObject({ outcome: 'blocked', 'deploy-conclusion': 'failure' })
    s.state.runScript = { conclusion: 'success', queuedMs: 50, durationMs: 200 }
    const rerun = await s.run({ inputs })
    expect(rerun.outputs).toMatchObject({ outcome: 'released', 'deploy-conclusion': 'success' })
    const again = await s.run({ inputs })
    expect(again.outputs.outcome).toBe('skipped')
    expect(again.outputs['skipped-reason']).toMatch(
      /^already released as v1\.1\.0 \(deploy run \d+ succeeded\)$/
    )
    expect(s.state.runs.filter(run => run.conclusion === 'success')).toHaveLength(1)
    expect(releasesOf(s, 'v1.1.0')).toHaveLength(1)
  })

  it("tag-prefix: '' gives tags like 1.1.0", async ({ s, expect }) => {
    s.repo.tag('1.0.0')
    s.repo.commit('feat: search')
    const run = await s.run({ inputs: { 'tag-prefix': '' } })
    expect(run.outputs).toMatchObject({ outcome: 'released', tag: '1.1.0', 'previous-version': '1.0.0' })
    expect(s.tags()).toContain('1.1.0')
  })

  it('a dry run never says that anything is published', async ({ s, expect }) => {
    s.repo.commit('feat: search')
    const run = await s.run({ inputs: { ...DEPLOY, 'dry-run': 'true' } })
    expect(run.outputs.outcome).toBe('dry-run')
    expect(run.summary).toContain('dry run: would publish the draft release v1.1.0')
    // The step is called "Publish release"; what it says must not be that something was published.
    expect(run.summary).not.toMatch(/\bpublished\b/i)
    expect(s.emulator.writes()).toEqual([])
  })

  it('an event file that is not JSON blocks with a clear error and every output', async ({ s, expect }) => {
    writeFileSync(join(s.runnerDir, 'bad-event.json'), '{not json')
    const bad = await s.run({ env: { GITHUB_EVENT_PATH: join(s.runnerDir, 'bad-event.json') } })
    expect(bad.exitCode).toBe(1)
    expect(bad.outputs).toMatchObject({ outcome: 'blocked', released: 'false' })
    expect(bad.stdout).toContain('::error::Cannot read the event payload at GITHUB_EVENT_PATH')
    expect(bad.stderr).not.toMatch(/\n\s+at /)
    expect(JSON.parse(bad.outputs.result ?? '').error.code).toBe('unexpected')
  })
})
