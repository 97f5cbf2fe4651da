import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe } from 'vitest'
import { mergePull, openPull } from '../../test-support/emulator/pull-requests.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import { commentsOn, pullRequestRun } from '../../test-support/people.js'
import { PROJECT_ROOT } from '../../test-support/run-action.js'
import type { Scenario } from '../../test-support/scenario.js'

const manifest = (name: string, version: string, dependencies: Record<string, string> = {}) =>
  `${JSON.stringify({ name, version, ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}) }, null, 2)}\n`

const LOCK = `${JSON.stringify(
  {
    name: 'acme',
    lockfileVersion: 3,
    packages: {
      '': { name: 'acme', workspaces: ['packages/*'] },
      'packages/api': { name: '@acme/api', version: '1.0.0' },
      'packages/web': { name: '@acme/web', version: '2.0.0', dependencies: { '@acme/api': '^1.0.0' } },
      'packages/cli': { name: '@acme/cli', version: '0.3.0' }
    }
  },
  null,
  2
)}\n`

/** An npm workspaces repository with three packages, each released once: web depends on api. */
function workspace(s: Scenario): void {
  s.repo.commit('chore: init', {
    'package.json': `${JSON.stringify({ name: 'acme', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
    'package-lock.json': LOCK,
    'packages/api/package.json': manifest('@acme/api', '1.0.0'),
    'packages/api/index.js': 'export const api = 1\n',
    'packages/web/package.json': manifest('@acme/web', '2.0.0', { '@acme/api': '^1.0.0' }),
    'packages/web/index.js': 'export const web = 1\n',
    'packages/cli/package.json': manifest('@acme/cli', '0.3.0'),
    'packages/cli/index.js': 'export const cli = 1\n'
  })
  s.repo.tag('api@1.0.0')
  s.repo.tag('web@2.0.0')
  s.repo.tag('cli@0.3.0')
}

const PACKAGES = `
- path: packages/api
- path: packages/web
- path: packages/cli
`

const COMMITTED = { packages: PACKAGES, 'commit-version': 'true', 'changelog-file': 'CHANGELOG.md' }

const releasesOf = (outputs: Record<string, string>) =>
  (JSON.parse(outputs.releases ?? '[]') as Array<{ package: string; version: string; tag: string }>).map(
    entry => `${entry.package} ${entry.version} ${entry.tag}`
  )

const fileAt = (s: Scenario, ref: string, path: string) => s.repo.git(['show', `${ref}:${path}`])

describe('monorepo releases', () => {
  const it = scenarioTest({ setup: workspace })

  it('changes in one package release it alone', async ({ s, expect }) => {
    s.repo.commit('feat(api): list endpoints', { 'packages/api/index.js': 'export const api = 2\n' })
    s.repo.commit('docs: readme', { 'README.md': '# acme\n' })
    const run = await s.run({ inputs: { packages: PACKAGES } })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.outputs).toMatchObject({
      outcome: 'released',
      released: 'true',
      version: '1.1.0',
      'previous-version': '1.0.0',
      tag: 'api@1.1.0'
    })
    const release = s.state.releases[0]!
    expect(release.tagName).toBe('api@1.1.0')
    expect(JSON.parse(run.outputs.releases!)).toEqual([
      {
        package: 'api',
        version: '1.1.0',
        tag: 'api@1.1.0',
        'previous-version': '1.0.0',
        'release-url': `${s.emulator.url}/acme/app/releases/tag/api%401.1.0`,
        'release-id': release.id
      }
    ])
    expect(s.tags()).toEqual(['api@1.0.0', 'api@1.1.0', 'cli@0.3.0', 'web@2.0.0'])
    expect(s.state.releases).toHaveLength(1)
    expect(release.body).toContain('list endpoints')
    expect(release.body).not.toContain('readme')
    expect(release.body).toContain('/compare/api%401.0.0...api%401.1.0')
    expect(run.summary).toContain('| api | 🚀 released | 1.0.0 → 1.1.0 |')
    expect(run.summary).toContain('| web | ⏭️ skipped |  |  | no commits since 2.0.0 |')
    expect(run.summary).toContain('| cli | ⏭️ skipped |  |  | no commits since 0.3.0 |')
  })

  it('a commit touching two packages releases both, in one version commit that both tags point at', async ({
    s,
    expect
  }) => {
    s.repo.commit('fix: shared date parsing', {
      'packages/api/index.js': 'export const api = 2\n',
      'packages/cli/index.js': 'export const cli = 2\n'
    })
    const target = s.repo.head()
    const run = await s.run({ inputs: COMMITTED })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.outputs).toMatchObject({ outcome: 'released', released: 'true', version: '', tag: '' })
    expect(releasesOf(run.outputs)).toEqual(['api 1.0.1 api@1.0.1', 'cli 0.3.1 cli@0.3.1'])
    const versionCommit = s.repo.head('main')
    expect(s.repo.git(['rev-parse', `${versionCommit}^`]).trim()).toBe(target)
    expect(s.repo.head('api@1.0.1')).toBe(versionCommit)
    expect(s.repo.head('cli@0.3.1')).toBe(versionCommit)
    expect(s.repo.git(['log', '-1', '--format=%s', versionCommit]).trim()).toBe(
      'chore(release): api@1.0.1, cli@0.3.1 [skip ci]'
    )
    expect(JSON.parse(fileAt(s, versionCommit, 'packages/api/package.json')).version).toBe('1.0.1')
    expect(JSON.parse(fileAt(s, versionCommit, 'packages/cli/package.json')).version).toBe('0.3.1')
    expect(JSON.parse(fileAt(s, versionCommit, 'packages/web/package.json')).version).toBe('2.0.0')
    expect(fileAt(s, versionCommit, 'packages/api/CHANGELOG.md')).toContain('shared date parsing')
    expect(fileAt(s, versionCommit, 'packages/cli/CHANGELOG.md')).toContain('## [0.3.1](')
    const lock = JSON.parse(fileAt(s, versionCommit, 'package-lock.json'))
    expect(lock.packages['packages/api'].version).toBe('1.0.1')
    expect(lock.packages['packages/cli'].version).toBe('0.3.1')
    expect(lock.packages['packages/web'].version).toBe('2.0.0')
    expect(s.state.releases.map(release => release.tagName).sort()).toEqual(['api@1.0.1', 'cli@0.3.1'])
    expect(run.summary).toContain('## 🚀 Released api@1.0.1, cli@0.3.1')
  })

  it('a fixed group releases together, at the highest bump any member asks for', async ({ s, expect }) => {
    s.repo.commit('fix(web): button colour', { 'packages/web/index.js': 'export const web = 2\n' })
    s.repo.commit('feat(cli): --json', { 'packages/cli/index.js': 'export const cli = 2\n' })
    const packages = `
packages:
  - path: packages/api
  - path: packages/web
  - path: packages/cli
fixed:
  - [api, cli]
`
    const run = await s.run({ inputs: { packages } })
    expect(run.exitCode, run.stderr).toBe(0)
    // cli's feat bumps 0.3.0 → 0.4.0; api (no commits) shares the group's bump: 1.0.0 → 1.1.0, the higher.
    expect(releasesOf(run.outputs)).toEqual([
      'api 1.1.0 api@1.1.0',
      'web 2.0.1 web@2.0.1',
      'cli 1.1.0 cli@1.1.0'
    ])
    expect(run.summary).toMatch(/\| api \| 🚀 released \| 1\.0\.0 → 1\.1\.0 \|/)
    expect(run.result.steps.find(step => step.id === 'packages')?.reason).toContain(
      'fixed group [api, cli] shares 1.1.0'
    )
    expect(s.state.releases.map(release => release.tagName).sort()).toEqual([
      'api@1.1.0',
      'cli@1.1.0',
      'web@2.0.1'
    ])
  })

  it("a released package's dependents get their range moved in the version commit, and are not released for that", async ({
    s,
    expect
  }) => {
    s.repo.commit('feat(api): pagination', { 'packages/api/index.js': 'export const api = 2\n' })
    const run = await s.run({ inputs: COMMITTED })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(releasesOf(run.outputs)).toEqual(['api 1.1.0 api@1.1.0'])
    const versionCommit = s.repo.head('api@1.1.0')
    const web = JSON.parse(fileAt(s, versionCommit, 'packages/web/package.json'))
    expect(web).toEqual({ name: '@acme/web', version: '2.0.0', dependencies: { '@acme/api': '^1.1.0' } })
    expect(s.tags()).not.toContain('web@2.0.1')
    expect(run.summary).toContain('| web | ⏭️ skipped |')
  })

  it('with bump-dependents, the dependent is released too, as a patch, in the same version commit', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat(api): pagination', { 'packages/api/index.js': 'export const api = 2\n' })
    const run = await s.run({ inputs: { ...COMMITTED, 'bump-dependents': 'true' } })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(releasesOf(run.outputs)).toEqual(['api 1.1.0 api@1.1.0', 'web 2.0.1 web@2.0.1'])
    const versionCommit = s.repo.head('api@1.1.0')
    expect(s.repo.head('web@2.0.1')).toBe(versionCommit)
    const web = JSON.parse(fileAt(s, versionCommit, 'packages/web/package.json'))
    expect(web).toEqual({ name: '@acme/web', version: '2.0.1', dependencies: { '@acme/api': '^1.1.0' } })
    expect(run.summary).toContain('depends on @acme/api@1.1.0 (bump-dependents)')
  })

  it('a release label on a merged pull request releases only the packages it touched', async ({
    s,
    expect
  }) => {
    s.state.roles.set('maintainer-mia', 'maintain')
    // api has an unreleased feat on main; the pull request touches cli only.
    s.repo.commit('feat(api): pagination', { 'packages/api/index.js': 'export const api = 2\n' })
    s.repo.checkout('cli-json', true)
    s.repo.commit('feat(cli): --json output', { 'packages/cli/index.js': 'export const cli = 2\n' })
    s.repo.checkout('main')
    const pull = await openPull(s.state, {
      head: 'cli-json',
      title: 'feat(cli): --json output',
      labels: ['release']
    })
    await mergePull(s.state, pull, { by: 'maintainer-mia', method: 'squash' })
    const run = await s.run({
      eventName: 'pull_request_target',
      ref: 'refs/heads/main',
      sha: pull.mergeCommitSha!,
      event: {
        action: 'closed',
        number: pull.number,
        sender: { login: 'maintainer-mia' },
        pull_request: {
          number: pull.number,
          state: 'closed',
          title: pull.title,
          merged: true,
          merge_commit_sha: pull.mergeCommitSha,
          merged_by: { login: 'maintainer-mia' },
          labels: [{ name: 'release' }],
          base: { ref: 'main', repo: { full_name: 'acme/app' } },
          head: { ref: 'cli-json', sha: pull.headSha, repo: { full_name: 'acme/app' } }
        }
      },
      inputs: { packages: PACKAGES }
    })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(releasesOf(run.outputs)).toEqual(['cli 0.4.0 cli@0.4.0'])
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '0.4.0', tag: 'cli@0.4.0' })
    expect(s.tags()).not.toContain('api@1.1.0')
    expect(run.summary).toContain(`| api | ⏭️ skipped |  |  | not touched by #${pull.number} |`)
    expect(s.emulator.requests.filter(request => request.operationId === 'pulls/list-files')).toHaveLength(1)
  })

  it('a rerun after a fault between packages completes the release without duplicates', async ({
    s,
    expect
  }) => {
    s.repo.commit('fix: shared date parsing', {
      'packages/api/index.js': 'export const api = 2\n',
      'packages/web/index.js': 'export const web = 2\n',
      'packages/cli/index.js': 'export const cli = 2\n'
    })
    // web's tag cannot be made: the first run releases api, stops at web, and never reaches cli.
    const fault = s.emulator.inject({
      operationId: 'git/create-ref',
      bodyIncludes: 'refs/tags/web@',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      times: 1
    })
    const first = await s.run({ inputs: COMMITTED })
    expect(fault.taken).toBe(1)
    expect(first.exitCode).toBe(1)
    expect(first.outputs).toMatchObject({ outcome: 'blocked', released: 'true' })
    expect(releasesOf(first.outputs)).toEqual(['api 1.0.1 api@1.0.1', 'cli 0.3.1 cli@0.3.1'])
    expect(first.outputs['skipped-reason']).toBe('')
    expect(first.result.reason).toMatch(
      /^web: .*\(released api@1\.0\.1, cli@0\.3\.1\); a rerun completes it$/
    )
    const versionCommit = s.repo.head('main')
    expect(s.tags().filter(tag => !tag.endsWith('.0'))).toEqual(['api@1.0.1', 'cli@0.3.1'])

    const rerun = await s.run({ inputs: COMMITTED })
    expect(rerun.exitCode, rerun.stderr).toBe(0)
    expect(rerun.outputs).toMatchObject({ outcome: 'released', version: '2.0.1', tag: 'web@2.0.1' })
    expect(releasesOf(rerun.outputs)).toEqual(['web 2.0.1 web@2.0.1'])
    expect(s.repo.head('web@2.0.1')).toBe(versionCommit)
    expect(s.repo.head('main')).toBe(versionCommit)
    expect(s.state.releases.map(release => release.tagName).sort()).toEqual([
      'api@1.0.1',
      'cli@0.3.1',
      'web@2.0.1'
    ])
    expect(rerun.summary).toContain('| api | ⏭️ skipped | 1.0.0 → 1.0.1 |')
    // Nothing more to do: a third run writes nothing.
    const writes = s.emulator.writes().length
    const third = await s.run({ inputs: COMMITTED })
    expect(third.outputs.outcome).toBe('skipped')
    expect(s.emulator.writes()).toHaveLength(writes)
  })

  it('a dry run reports every package and writes nothing', async ({ s, expect }) => {
    s.repo.commit('feat(api): pagination', { 'packages/api/index.js': 'export const api = 2\n' })
    s.repo.commit('fix(cli): exit code', { 'packages/cli/index.js': 'export const cli = 2\n' })
    const run = await s.run({ inputs: { ...COMMITTED, 'dry-run': 'true' } })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.outputs).toMatchObject({ outcome: 'dry-run', released: 'false' })
    expect(releasesOf(run.outputs)).toEqual(['api 1.1.0 api@1.1.0', 'cli 0.3.1 cli@0.3.1'])
    expect(s.emulator.writes()).toEqual([])
    expect(run.summary).toContain('## 🧪 Dry run: would release api@1.1.0, cli@0.3.1')
    expect(run.result.steps.find(step => step.id === 'version-commit')?.reason).toMatch(
      /^dry run: would commit packages\/api\/package.json, packages\/web\/package.json, packages\/cli\/package.json, package-lock.json, packages\/api\/CHANGELOG.md, packages\/cli\/CHANGELOG.md with "chore\(release\): api@1.1.0, cli@0.3.1 \[skip ci\]"/
    )
  })

  it('packages may be declared in a file of the repository, read at the released commit', async ({
    s,
    expect
  }) => {
    s.repo.commit('ci: declare packages', {
      '.github/release-packages.yml':
        'packages:\n  - path: packages/api\n  - path: packages/web\n    tag-prefix: web@\n'
    })
    s.repo.commit('fix(web): focus ring', { 'packages/web/index.js': 'export const web = 2\n' })
    const run = await s.run({ inputs: { packages: '.github/release-packages.yml' } })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(releasesOf(run.outputs)).toEqual(['web 2.0.1 web@2.0.1'])
    // cli is not declared in the file: it is not a package of this run.
    expect(run.result.packages.map(item => item.package)).toEqual(['api', 'web'])
    const read = s.emulator.requests.filter(
      request => request.operationId === 'repos/get-content' && request.path.includes('release-packages.yml')
    )
    expect(read.map(request => request.query)).toEqual([`?ref=${s.repo.head()}`])
  })

  it('a file that declares the packages badly blocks the run before anything is written, naming the file', async ({
    s,
    expect
  }) => {
    s.repo.commit('ci: declare packages', {
      '.github/release-packages.yml': '- path: packages/api\n- path: packages/api/v2\n'
    })
    const run = await s.run({ inputs: { packages: '.github/release-packages.yml' } })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.result.error).toMatchObject({
      code: 'invalid-input',
      input: 'packages (.github/release-packages.yml)'
    })
    expect(run.result.reason).toContain('the paths of api (packages/api) and v2 (packages/api/v2) overlap')
    expect(s.emulator.writes()).toEqual([])
  })

  it('bad declarations in the input are refused before any request', async ({ s, expect }) => {
    const run = await s.run({ inputs: { packages: '- path: packages/api\n- path: packages/api/v2' } })
    expect(run.exitCode).toBe(1)
    expect(run.result.error).toMatchObject({ code: 'invalid-input', input: 'packages' })
    expect(s.emulator.requests).toEqual([])
  })

  it('a bump by hand releases the package it names, and only that one', async ({ s, expect }) => {
    s.repo.commit('fix(web): focus ring', { 'packages/web/index.js': 'export const web = 2\n' })
    s.repo.commit('fix(api): timeout', { 'packages/api/index.js': 'export const api = 2\n' })
    const run = await s.run({
      eventName: 'workflow_dispatch',
      event: { inputs: { bump: 'minor' } },
      inputs: { packages: PACKAGES, bump: 'minor', package: 'web' }
    })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(releasesOf(run.outputs)).toEqual(['web 2.1.0 web@2.1.0'])
    expect(run.result.versionReason).toBe('bump: minor was asked for')
    expect(run.summary).toContain('| api | ⏭️ skipped |  |  | not asked for (package: web) |')
    const refused = await s.run({ inputs: { packages: PACKAGES, bump: 'minor' } })
    expect(refused.exitCode).toBe(1)
    expect(refused.result.error).toMatchObject({ code: 'invalid-input', input: 'package' })
  })

  it('a root package (path: .) counts every commit, those touching no other package included', async ({
    s,
    expect
  }) => {
    s.repo.tag('repo@1.0.0')
    s.repo.commit('feat: new README', { 'README.md': '# acme\n' })
    s.repo.commit('fix(api): timeout', { 'packages/api/index.js': 'export const api = 2\n' })
    const packages = '- {path: ., name: repo}\n- path: packages/api\n- path: packages/web'
    const run = await s.run({ inputs: { packages } })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(releasesOf(run.outputs)).toEqual(['repo 1.1.0 repo@1.1.0', 'api 1.0.1 api@1.0.1'])
  })

  it('ten runs at once release each package once', async ({ s, expect }) => {
    s.repo.commit('feat: shared config', {
      'packages/api/index.js': 'export const api = 2\n',
      'packages/cli/index.js': 'export const cli = 2\n'
    })
    const target = s.repo.head()
    const runs = await Promise.all(Array.from({ length: 10 }, () => s.run({ inputs: COMMITTED })))
    for (const run of runs) expect([0], run.stderr).toContain(run.exitCode)
    expect(s.state.releases.map(release => release.tagName).sort()).toEqual(['api@1.1.0', 'cli@0.4.0'])
    expect(s.state.releases.every(release => !release.draft)).toBe(true)
    const versionCommit = s.repo.head('main')
    expect(s.repo.git(['rev-parse', `${versionCommit}^`]).trim()).toBe(target)
    expect(s.repo.head('api@1.1.0')).toBe(versionCommit)
    expect(s.repo.head('cli@0.4.0')).toBe(versionCommit)
    // Every run says what happened; none claims the other runs' work as its own.
    const made = runs.flatMap(run =>
      run.result.steps.filter(
        step => step.id.endsWith('/release') && step.reason.startsWith('created release')
      )
    )
    expect(made).toHaveLength(2)
  })

  it('reads each package’s commits within the request budget: ⌈range/100⌉ + 2 per package, plus a constant', async ({
    s,
    expect
  }) => {
    // 250 commits since the releases: api is touched by every second one, web by every fifth, cli by none.
    s.repo.bulkCommits(
      250,
      () => 'fix: change',
      index => ({
        [`packages/${index % 2 === 0 ? 'api' : index % 5 === 0 ? 'web' : 'docs'}/f${index}.txt`]: `${index}\n`
      })
    )
    const run = await s.run({ inputs: { packages: PACKAGES, 'dry-run': 'true' } })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(releasesOf(run.outputs)).toEqual(['api 1.0.1 api@1.0.1', 'web 2.0.1 web@2.0.1'])
    const count = (operation: string) =>
      s.emulator.requests.filter(request => request.operationId === operation).length
    // One shared history (3 pages) and one small compare per package; path listings: api's 125 commits take 2
    // pages, web's 25 one, cli's none one (the answer that there are none).
    expect(count('repos/compare-commits-with-basehead')).toBe(3 + 3)
    expect(count('repos/list-commits')).toBe(2 + 1 + 1)
    const budget = 3 * (Math.ceil(250 / 100) + 2)
    const historyReads = count('repos/compare-commits-with-basehead') + count('repos/list-commits')
    expect(historyReads).toBeLessThanOrEqual(budget)
    expect(s.emulator.requests.length).toBeLessThanOrEqual(budget + 8)
  })

  it("the README's monorepo recipe, as written, releases the packages it declares", async ({ s, expect }) => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('\n### Monorepos'))
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
    const [step] = parse(block) as Array<{ uses: string; with: Record<string, string | boolean> }>
    expect(step?.uses).toBe('autonomous-release/autonomous-release@v1')
    const inputs = Object.fromEntries(
      Object.entries(step!.with).map(([name, value]) => [name, String(value)])
    )
    s.repo.commit('chore: sdks', {
      'packages/sdk-js/package.json': manifest('@acme/sdk', '3.0.0'),
      'packages/sdk-py/VERSION': '3.0.0\n'
    })
    s.repo.tag('sdk-js@3.0.0')
    s.repo.tag('sdk-py@3.0.0')
    s.repo.commit('feat(sdk-py): async client', { 'packages/sdk-py/client.py': 'pass\n' })
    s.repo.commit('fix(api): retry', { 'packages/api/index.js': 'export const api = 2\n' })
    s.repo.commit('fix(web): retry', {
      'packages/web/index.js': 'export const web = 2\n',
      '.github/workflows/deploy-web.yml':
        'name: Deploy web\non:\n  workflow_dispatch:\n    inputs:\n      version:\n        required: true\njobs: {}\n'
    })
    const run = await s.run({ inputs })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(releasesOf(run.outputs)).toEqual([
      'api 1.0.1 api@1.0.1',
      'web 2.0.1 web@2.0.1',
      'sdk-js 3.1.0 sdk-js@3.1.0',
      'sdk-py 3.1.0 sdk-py@3.1.0'
    ])
    // web alone deploys, with its own workflow, at its tag, and its release waited as a draft until then.
    const workflow = (await s.state.workflow('deploy-web.yml'))!
    const dispatched = s.state.runs.filter(candidate => candidate.workflowId === workflow.id)
    expect(dispatched.map(candidate => [candidate.headBranch, candidate.inputs])).toEqual([
      ['web@2.0.1', { version: '2.0.1' }]
    ])
    expect(s.state.releases.every(release => !release.draft)).toBe(true)
    const versionCommit = s.repo.head('main')
    expect(fileAt(s, versionCommit, 'packages/sdk-py/VERSION')).toBe('3.1.0')
    expect(JSON.parse(fileAt(s, versionCommit, 'packages/sdk-js/package.json')).version).toBe('3.1.0')
    expect(fileAt(s, versionCommit, 'packages/sdk-py/CHANGELOG.md')).toContain('async client')
  })

  for (const [lost, firstOutcome] of [
    [1, 'released'],
    [4, 'blocked']
  ] as const)
    it(`answers lost after the version commit moved the branch (${lost} of them): the run, or its rerun, tags that commit and makes no other`, async ({
      s,
      expect
    }) => {
      s.repo.commit('fix: shared date parsing', {
        'packages/api/index.js': 'export const api = 2\n',
        'packages/cli/index.js': 'export const cli = 2\n'
      })
      const target = s.repo.head()
      // GitHub moves the branch, then its answer is lost; the client's retries (3) meet the same fate when lost is 4.
      const fault = s.emulator.inject({
        operationId: 'git/update-ref',
        status: 502,
        after: true,
        times: lost
      })
      const first = await s.run({ inputs: COMMITTED })
      expect(fault.taken).toBe(lost)
      expect(first.outputs.outcome).toBe(firstOutcome)
      const versionCommit = s.repo.head('main')
      expect(s.repo.git(['rev-parse', `${versionCommit}^`]).trim()).toBe(target)
      const last = firstOutcome === 'released' ? first : await s.run({ inputs: COMMITTED })
      expect(last.exitCode, last.stderr).toBe(0)
      expect(releasesOf(last.outputs)).toEqual(['api 1.0.1 api@1.0.1', 'cli 0.3.1 cli@0.3.1'])
      expect(s.repo.head('main')).toBe(versionCommit)
      expect(s.repo.head('api@1.0.1')).toBe(versionCommit)
      expect(s.repo.head('cli@0.3.1')).toBe(versionCommit)
      expect(s.state.releases.map(release => release.tagName).sort()).toEqual(['api@1.0.1', 'cli@0.3.1'])
    })

  it('a pull request preview shows each package: what merging would release of it, and why', async ({
    s,
    expect
  }) => {
    s.repo.commit('fix(api): waiting on main', { 'packages/api/index.js': 'export const api = 2\n' })
    s.repo.checkout('cli-json', true)
    s.repo.commit('feat(cli): --json output', { 'packages/cli/index.js': 'export const cli = 2\n' })
    s.repo.commit('docs(web): typo', { 'packages/web/README.md': 'web\n' })
    s.repo.checkout('main')
    const pull = await openPull(s.state, {
      head: 'cli-json',
      title: 'feat(cli): --json output',
      labels: ['release']
    })
    const inputs = { packages: PACKAGES, 'preview-comment': 'true' }
    const run = await s.run({ ...(await pullRequestRun(s, pull, 'opened')), inputs })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.outputs).toMatchObject({ outcome: 'preview', released: 'false' })
    expect(run.result.preview).toMatchObject({ wouldRelease: 'api@1.0.1, cli@0.4.0' })
    const [comment, ...others] = commentsOn(s, pull.number)
    expect(others).toEqual([])
    expect(comment).toContain('Merging this pull request now would release **api@1.0.1, cli@0.4.0**.')
    expect(comment).toContain('| api | no | api@1.0.1 (1.0.0 → 1.0.1) | patch bump from the commits |')
    expect(comment).toContain('| web | yes | nothing | no releasable commits since 2.0.0')
    expect(comment).toContain('| cli | yes | cli@0.4.0 (0.3.0 → 0.4.0) | minor bump from the commits |')
    expect(comment).toContain('#### cli@0.4.0')
    expect(run.summary).toContain('🔮 Preview of #1: merging would release api@1.0.1, cli@0.4.0')
    expect(s.emulator.writes().map(request => request.operationId)).toEqual(['issues/create-comment'])
  })

  it('with squash merges, the title is the one commit, for every package the pull request touches', async ({
    s,
    expect
  }) => {
    s.repo.checkout('cli-json', true)
    s.repo.commit('wip', { 'packages/cli/index.js': 'export const cli = 2\n' })
    s.repo.commit('wip 2', { 'packages/web/README.md': 'web\n' })
    s.repo.checkout('main')
    const pull = await openPull(s.state, { head: 'cli-json', title: 'feat: --json output everywhere' })
    const inputs = { packages: PACKAGES, 'preview-merge-style': 'squash' }
    const run = await s.run({ ...(await pullRequestRun(s, pull, 'opened')), inputs })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.result.preview).toMatchObject({ wouldRelease: 'web@2.1.0, cli@0.4.0' })
    expect(run.summary).toContain('| api | no | nothing | no commits since 1.0.0 |')
    expect(s.emulator.writes()).toEqual([])
  })

  it('one package blocked before anything is written (a major release that needs a person) blocks the run: nothing is written', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat(api)!: drop v1 endpoints', { 'packages/api/index.js': 'export const api = 2\n' })
    s.repo.commit('fix(cli): exit code', { 'packages/cli/index.js': 'export const cli = 2\n' })
    const run = await s.run({ inputs: { ...COMMITTED, 'major-releases': 'manual' } })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ outcome: 'blocked', released: 'false', releases: '[]' })
    expect(run.result.error).toMatchObject({ code: 'guardrail', input: 'major-releases' })
    expect(s.emulator.writes()).toEqual([])
    expect(run.summary).toMatch(
      /\| api \| ⛔ blocked \| 1\.0\.0 → 2\.0\.0 \| api@2\.0\.0 \| 2\.0\.0 is a major release/
    )
    expect(run.summary).toContain('| cli | ◻️ not run | 0.3.0 → 0.3.1 |')
    expect(run.result.steps.slice(-2).map(step => [step.id, step.status])).toEqual([
      ['quality', 'not-run'],
      ['version-commit', 'not-run']
    ])
  })

  it("a package never released takes its initial-version or its package.json's version; history is read whole for it", async ({
    s,
    expect
  }) => {
    s.repo.commit('feat(sdk): first cut', {
      'packages/sdk/package.json': manifest('@acme/sdk', '0.9.0'),
      'packages/cli2/index.js': 'x\n'
    })
    s.repo.commit('fix(api): timeout', { 'packages/api/index.js': 'export const api = 2\n' })
    const packages = `${PACKAGES}- path: packages/sdk\n- path: packages/cli2\n  initial-version: 0.0.1\n`
    const run = await s.run({ inputs: { packages } })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(releasesOf(run.outputs)).toEqual([
      'api 1.0.1 api@1.0.1',
      'sdk 0.9.0 sdk@0.9.0',
      'cli2 0.0.1 cli2@0.0.1'
    ])
    expect(run.summary).toContain('| web | ⏭️ skipped |  |  | no commits since 2.0.0 |')
    // No base for sdk and cli2: the whole history of the commit is the one shared read (listed, not compared).
    const lists = s.emulator.requests.filter(request => request.operationId === 'repos/list-commits')
    expect(lists.filter(request => !request.query.includes('path=')).length).toBe(1)
  })
})
