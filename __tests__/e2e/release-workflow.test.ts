import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Scenario } from '../../test-support/scenario.js'
import { actionSteps, readWorkflows, stepInputs, type Step } from '../../test-support/workflows.js'

const PACKAGE_JSON = '{\n  "name": "autonomous-release",\n  "version": "0.1.0",\n  "private": true\n}\n'
const PACKAGE_LOCK =
  '{\n  "name": "autonomous-release",\n  "version": "0.1.0",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {\n      "name": "autonomous-release",\n      "version": "0.1.0"\n    }\n  }\n}\n'

/** The `uses: ./` step of .github/workflows/release.yml, with its `with:` exactly as committed. */
function releaseStep(): Step {
  const release = readWorkflows().find(({ file }) => file === 'release.yml')
  const step = Object.values(release?.workflow.jobs ?? {}).flatMap(actionSteps)[0]
  if (!step) throw new Error('.github/workflows/release.yml has no `uses: ./` step')
  return step
}

/**
 * The action's own release workflow, run as written (its `with:` evaluated for each trigger) against a repository
 * shaped like this one: the first release dispatched by hand as 1.0.0, the next one by a release label.
 */
describe('the release workflow, run as written', () => {
  let s: Scenario

  beforeEach(async () => {
    s = await new Scenario().start()
    s.repo.commit('chore: init', { 'package.json': PACKAGE_JSON, 'package-lock.json': PACKAGE_LOCK })
    s.repo.commit('feat: release when it is due')
    s.state.roles.set('maintainer-mia', 'maintain')
  })

  afterEach(async () => {
    expect(s.emulator.violations).toEqual([])
    await s.stop()
  })

  const file = (path: string, ref = 'main') => s.repo.git(['show', `${ref}:${path}`])

  it('a dispatch with version 1.0.0, then a release label: version commits, the changelog, v1 and v1.x', async () => {
    const step = releaseStep()
    const dispatched = await s.run({
      eventName: 'workflow_dispatch',
      inputs: stepInputs(step, {
        event: 'workflow_dispatch',
        inputs: { bump: 'auto', version: '1.0.0', 'dry-run': false }
      })
    })
    expect(dispatched.exitCode).toBe(0)
    expect(dispatched.outputs).toMatchObject({ outcome: 'released', tag: 'v1.0.0', 'major-tags': 'v1,v1.0' })
    const first = s.repo.head('main')
    expect(s.repo.git(['log', '-1', '--format=%s', first])).toBe('chore(release): v1.0.0 [skip ci]')
    expect([s.repo.head('v1.0.0'), s.repo.head('v1'), s.repo.head('v1.0')]).toEqual([first, first, first])
    expect(JSON.parse(file('package.json')).version).toBe('1.0.0')
    expect(JSON.parse(file('package-lock.json')).version).toBe('1.0.0')
    expect(file('CHANGELOG.md')).toMatch(/^# Changelog\n\n## 1\.0\.0 \(\d{4}-\d{2}-\d{2}\)\n\n### Features\n/)

    // The API moved main: the working copy follows before a pull request is made on top.
    s.repo.git(['reset', '--quiet', '--hard', 'main'])
    s.repo.checkout('feature-7', true)
    const head = s.repo.commit('feat: major tags for action authors (#7)')
    s.repo.checkout('main')
    const merge = s.repo.merge('feature-7', 'Merge pull request #7 from acme/feature-7')
    s.state.pulls.push({
      number: 7,
      title: 'Major tags for action authors',
      state: 'closed',
      merged: true,
      mergeCommitSha: merge,
      baseRef: 'main',
      headRef: 'feature-7',
      headSha: head,
      headRepo: 'acme/app',
      labels: ['release'],
      user: 'contributor-cai',
      mergedBy: 'maintainer-mia'
    })
    const labelled = await s.run({
      eventName: 'pull_request_target',
      sha: merge,
      inputs: stepInputs(step, { event: 'pull_request_target', inputs: {} }),
      event: {
        action: 'closed',
        number: 7,
        sender: { login: 'maintainer-mia' },
        pull_request: {
          number: 7,
          title: 'Major tags for action authors',
          merged: true,
          merge_commit_sha: merge,
          merged_by: { login: 'maintainer-mia' },
          labels: [{ name: 'release' }],
          base: { ref: 'main', repo: { full_name: 'acme/app' } },
          head: { ref: 'feature-7', sha: head, repo: { full_name: 'acme/app' } }
        }
      }
    })
    expect(labelled.exitCode).toBe(0)
    expect(labelled.outputs).toMatchObject({
      outcome: 'released',
      'previous-version': '1.0.0',
      tag: 'v1.1.0',
      'major-tags': 'v1,v1.1'
    })
    const second = s.repo.head('main')
    expect([s.repo.head('v1.1.0'), s.repo.head('v1'), s.repo.head('v1.1'), s.repo.head('v1.0')]).toEqual([
      second,
      second,
      second,
      first
    ])
    const changelog = file('CHANGELOG.md')
    expect(changelog).toMatch(/^# Changelog\n\n## \[1\.1\.0\]\([^)]+\/compare\/v1\.0\.0\.\.\.v1\.1\.0\)/)
    expect(changelog.indexOf('## 1.0.0')).toBeGreaterThan(changelog.indexOf('major tags for action authors'))
  })
})
