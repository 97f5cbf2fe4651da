import { describe, vi } from 'vitest'
import { scenarioTest } from '../../test-support/fixtures.js'
import { nodeBinaries } from '../../test-support/run-action.js'

const PACKAGE_JSON = '{\n  "name": "app",\n  "version": "1.0.0"\n}\n'

describe.concurrent.each(nodeBinaries())('core release pipeline under $label', ({ path: node }) => {
  const it = scenarioTest({ node })

  it('first release with no tags takes the version from package.json', async ({ s, expect }) => {
    s.repo.commit('chore: init', { 'package.json': PACKAGE_JSON })
    s.repo.commit('feat: first feature')
    const run = await s.run()
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      outcome: 'released',
      released: 'true',
      version: '1.0.0',
      tag: 'v1.0.0',
      'previous-version': ''
    })
    expect(s.tags()).toEqual(['v1.0.0'])
    expect(s.repo.head('v1.0.0')).toBe(s.repo.head())
    expect(s.state.releases).toHaveLength(1)
    expect(s.state.releases[0]).toMatchObject({ tagName: 'v1.0.0', draft: false, prerelease: false })
  })

  it('first release without a version file is 0.1.0', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '0.1.0', tag: 'v0.1.0' })
  })

  it('scheduled run on a green main with a feat commit releases a minor version', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('fix: typo in error')
    const sha = s.repo.commit('feat(search): fuzzy matching (#7)')
    s.state.addCheckRun(sha, { name: 'test', conclusion: 'success' })
    s.state.addStatus(sha, 'ci/lint', 'success')
    const run = await s.run()
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      outcome: 'released',
      released: 'true',
      version: '1.2.0',
      'previous-version': '1.1.0',
      tag: 'v1.2.0',
      sha,
      'checks-state': 'success',
      'skipped-reason': ''
    })
    const release = s.state.releases[0]!
    expect(run.outputs['release-id']).toBe(String(release.id))
    expect(run.outputs['release-url']).toBe(`${s.emulator.url}/acme/app/releases/tag/v1.2.0`)
    expect(release.body).toContain('### Features')
    expect(release.body).toContain(`[#7](${s.emulator.url}/acme/app/pull/7)`)
    expect(release.body).toContain(`${s.emulator.url}/acme/app/compare/v1.1.0...v1.2.0`)
    expect(run.result.steps.map(step => [step.id, step.status])).toEqual([
      ['trigger', 'passed'],
      ['branch', 'passed'],
      ['guardrails', 'passed'],
      ['green', 'passed'],
      ['version', 'passed'],
      ['major-release', 'passed'],
      ['quality', 'passed'],
      ['notes', 'passed'],
      ['deploy-check', 'passed'],
      ['version-commit', 'passed'],
      ['release', 'passed'],
      ['deploy', 'passed'],
      ['publish', 'passed'],
      ['major-tag', 'passed'],
      ['tell-people', 'passed']
    ])
    expect(run.summary).toContain('## 🚀 Released v1.2.0')
    expect(run.summary).toContain('**1.1.0 → 1.2.0** — minor bump from the commits')
    expect(run.summary).toContain('| Green checks | ✅ passed | 2 checks passed |')
    expect(run.summary).toContain(
      `[compare v1.1.0...v1.2.0](${s.emulator.url}/acme/app/compare/v1.1.0...v1.2.0)`
    )
    expect(run.summary).toMatch(/\| \[[0-9a-f]{7}\]\([^)]+\) \| feat \| fuzzy matching \| minor \|/)
  })

  it.for<[string, string, string, string]>([
    ['fix → patch', '1.4.2', 'fix: handle empty input', '1.4.3'],
    ['breaking → major', '1.4.2', 'feat!: new config format', '2.0.0'],
    [
      'BREAKING CHANGE footer → major',
      '1.4.2',
      'refactor: config\n\nBREAKING CHANGE: config.yml moved',
      '2.0.0'
    ],
    ['breaking on 0.x → minor', '0.4.2', 'feat!: new config format', '0.5.0']
  ])('%s', async ([_name, last, message, expected], { s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag(`v${last}`)
    s.repo.commit(message)
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: expected, 'previous-version': last })
  })

  it('chore-only history is skipped, naming the last release, and the job stays green', async ({
    s,
    expect
  }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('docs: readme')
    s.repo.commit('ci: cache deps')
    const run = await s.run()
    expect(run.exitCode).toBe(0)
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs.released).toBe('false')
    expect(run.outputs['skipped-reason']).toContain('no releasable commits since 1.1.0')
    expect(s.emulator.writes()).toEqual([])
  })

  it('a red check skips the release and names the failing check', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    const sha = s.repo.commit('feat: thing')
    s.state.addCheckRun(sha, { name: 'unit tests', conclusion: 'failure' })
    s.state.addCheckRun(sha, { name: 'lint', conclusion: 'success' })
    s.state.addStatus(sha, 'deploy/preview', 'error')
    const run = await s.run()
    expect(run.exitCode).toBe(0)
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs['checks-state']).toBe('failure')
    expect(run.outputs['skipped-reason']).toBe('checks failed: unit tests (failure), deploy/preview (error)')
    expect(s.emulator.writes()).toEqual([])
  })

  it('a re-run check that passed replaces the failed one (latest per name)', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    const sha = s.repo.commit('fix: flaky')
    s.state.addCheckRun(sha, { name: 'test', conclusion: 'failure' })
    s.state.addCheckRun(sha, { name: 'test', conclusion: 'success' })
    const run = await s.run()
    expect(run.outputs.outcome).toBe('released')
  })

  it('pending checks that turn green within wait-for-checks release', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    const sha = s.repo.commit('fix: thing')
    const check = s.state.addCheckRun(sha, { name: 'e2e', status: 'in_progress' })
    const checksRead = () =>
      s.emulator.requests.some(request => request.operationId === 'checks/list-for-ref')
    // The check turns green once the run has seen it pending: after its first poll, however long it took to start.
    const turnsGreen = vi
      .waitUntil(checksRead, { timeout: 30_000, interval: 20 })
      .then(() => s.state.completeCheckRun(check.id, 'success'))
    const run = await s.run({ inputs: { 'wait-for-checks': '30' } })
    await turnsGreen
    expect(run.outputs.outcome).toBe('released')
    expect(run.stdout).toContain('Waiting 2s for e2e (in_progress)')
    const polls = s.emulator.requests.filter(request => request.operationId === 'checks/list-for-ref')
    expect(polls.length).toBeGreaterThanOrEqual(2)
  })

  it('pending checks past wait-for-checks skip with the pending names', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    const sha = s.repo.commit('fix: thing')
    s.state.addCheckRun(sha, { name: 'e2e', status: 'queued' })
    const run = await s.run({ inputs: { 'wait-for-checks': '1' } })
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs['skipped-reason']).toBe('checks not finished after waiting 1s: e2e (queued)')
  })

  it('a required check that never reported skips; the run’s own job and ignored checks do not count', async ({
    s,
    expect
  }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    const sha = s.repo.commit('fix: thing')
    const self = s.state.addRun({ headSha: sha })
    s.state.addCheckRun(sha, { name: 'release', status: 'in_progress', checkSuiteId: self.checkSuiteId })
    s.state.addCheckRun(sha, { name: 'codecov/patch', conclusion: 'failure' })
    const withRequired = await s.run({
      runId: self.id,
      inputs: { 'required-checks': 'build', 'ignore-checks': 'codecov/*' }
    })
    expect(withRequired.outputs['skipped-reason']).toBe('checks not finished: build (not reported yet)')
    const without = await s.run({ runId: self.id, inputs: { 'ignore-checks': 'codecov/*' } })
    expect(without.outputs.outcome).toBe('released')
  })

  it('explicit bump: major', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('fix: small')
    const run = await s.run({ eventName: 'workflow_dispatch', inputs: { bump: 'major' } })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '2.0.0' })
    expect(run.result.versionReason).toBe('bump: major was asked for')
  })

  it('an explicit version lower than the last release fails before any write', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('fix: small')
    const run = await s.run({ eventName: 'workflow_dispatch', inputs: { bump: '1.0.5' } })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain('::error::The version 1.0.5 is not greater than the last release 1.1.0')
    expect(s.emulator.writes()).toEqual([])
  })

  it('pre-release counters: 1.1.0 + feat → 1.2.0-rc.0, then + fix → 1.2.0-rc.1', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('feat: new')
    const first = await s.run({ inputs: { 'prerelease-id': 'rc' } })
    expect(first.outputs.version).toBe('1.2.0-rc.0')
    expect(s.state.releases[0]).toMatchObject({ prerelease: true, makeLatest: 'false' })
    s.repo.commit('fix: follow-up')
    const second = await s.run({ inputs: { 'prerelease-id': 'rc' } })
    expect(second.outputs).toMatchObject({ version: '1.2.0-rc.1', 'previous-version': '1.2.0-rc.0' })
  })

  it('a higher tag on another branch and non-semver tags are ignored', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.checkout('experiment', true)
    s.repo.commit('feat!: experiment')
    s.repo.tag('v3.0.0')
    s.repo.checkout('main')
    s.repo.tag('latest')
    s.repo.tag('v1.x')
    s.repo.tag('v9.9.9.9')
    s.repo.commit('fix: mainline fix')
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.1', 'previous-version': '1.1.0' })
  })

  it('a computed tag that exists elsewhere blocks before any write', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.checkout('other', true)
    s.repo.commit('feat: elsewhere')
    s.repo.tag('v1.2.0')
    s.repo.checkout('main')
    s.repo.commit('feat: mainline')
    const run = await s.run()
    expect(run.exitCode).toBe(1)
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain('the tag v1.2.0 already exists at')
    expect(s.emulator.writes()).toEqual([])
  })

  it('dry run computes and reports everything with zero write requests', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('feat: new')
    const run = await s.run({ inputs: { 'dry-run': 'true' } })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      outcome: 'dry-run',
      released: 'false',
      version: '1.2.0',
      tag: 'v1.2.0'
    })
    expect(run.outputs['release-notes']).toContain('### Features')
    expect(run.summary).toContain('## 🧪 Dry run: would release v1.2.0')
    expect(s.emulator.requests.length).toBeGreaterThan(0)
    expect(s.emulator.writes()).toEqual([])
    expect(s.tags()).toEqual(['v1.1.0'])
  })

  it('a rerun on a released commit releases nothing again and gives the same outputs', async ({
    s,
    expect
  }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('feat: new')
    const first = await s.run()
    const writesAfterFirst = s.emulator.writes().length
    const second = await s.run()
    expect(second.exitCode).toBe(0)
    expect(second.outputs.outcome).toBe('skipped')
    expect(second.outputs['skipped-reason']).toBe('already released as v1.2.0')
    for (const name of ['version', 'previous-version', 'tag', 'sha', 'release-id', 'release-url']) {
      expect(second.outputs[name], name).toBe(first.outputs[name])
    }
    expect(s.emulator.writes().length).toBe(writesAfterFirst)
    expect(s.state.releases).toHaveLength(1)
  })

  it('a dry run on a released commit reports it as released, like a real run', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('feat: new')
    await s.run()
    const dry = await s.run({ inputs: { 'dry-run': 'true' } })
    expect(dry.outputs).toMatchObject({ outcome: 'skipped', 'skipped-reason': 'already released as v1.2.0' })
    // The release is made, then marked latest once it is known to be the highest.
    expect(s.emulator.writes().map(request => request.operationId)).toEqual([
      'git/create-ref',
      'repos/create-release',
      'repos/update-release'
    ])
  })

  it('a tag left without its release by an earlier run is resumed', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('feat: new')
    s.repo.tag('v1.2.0')
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.2.0', 'previous-version': '1.1.0' })
    expect(run.result.steps.find(step => step.id === 'release')?.reason).toContain(
      'the missing release was created'
    )
    expect(s.state.releases).toHaveLength(1)
    expect(s.emulator.writes().map(request => request.operationId)).toEqual([
      'repos/create-release',
      'repos/update-release'
    ])
    expect(s.state.latestRelease()?.tagName).toBe('v1.2.0')
  })

  it('two concurrent runs on one commit make one tag and one release', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('feat: new')
    const runs = await Promise.all([s.run(), s.run()])
    expect(runs.map(run => run.exitCode)).toEqual([0, 0])
    expect(runs.map(run => run.outputs.outcome).sort()).toEqual(['released', 'skipped'])
    expect(runs.map(run => run.outputs['release-url'])).toEqual([
      runs[0]!.outputs['release-url'],
      runs[0]!.outputs['release-url']
    ])
    expect(s.tags()).toEqual(['v1.1.0', 'v1.2.0'])
    expect(s.state.releases).toHaveLength(1)
  })

  it('works with no checkout: the workspace is empty and everything comes from the API', async ({
    s,
    expect
  }) => {
    s.repo.commit('chore: init', { VERSION: '2.3.0\n' })
    const run = await s.run({ env: { GITHUB_WORKSPACE: '' } })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '2.3.0' })
  })

  it('release-notes: github uses the generate-notes API with the previous tag', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
    s.repo.commit('feat: new thing')
    const run = await s.run({ inputs: { 'release-notes': 'github' } })
    expect(run.outputs.outcome).toBe('released')
    const generate = s.emulator.requests.find(
      request => request.operationId === 'repos/generate-release-notes'
    )
    expect(generate?.body).toMatchObject({ tag_name: 'v1.2.0', previous_tag_name: 'v1.1.0' })
    expect(s.state.releases[0]!.body).toContain("## What's Changed\n* feat: new thing")
    const rerun = await s.run({ inputs: { 'release-notes': 'github' } })
    expect(rerun.outputs.outcome).toBe('skipped')
    expect(
      s.emulator.requests.filter(request => request.operationId === 'repos/generate-release-notes')
    ).toHaveLength(1)
  })

  it('a push to a branch that is not a release branch is skipped', async ({ s, expect }) => {
    s.repo.commit('chore: init')
    const run = await s.run({ eventName: 'push', ref: 'refs/heads/feature/x' })
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs['skipped-reason']).toBe('feature/x is not a release branch (release branches: main)')
  })
})
