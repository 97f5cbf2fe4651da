import { describe } from 'vitest'
import { openIssue } from '../../test-support/emulator/issues.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import { commentsOn, labelsOf, mergedPull } from '../../test-support/people.js'
import type { Scenario } from '../../test-support/scenario.js'

const DEPLOY_YML = `name: Deploy
on:
  workflow_dispatch:
    inputs:
      version: { required: false }
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps: [{ run: ./deploy.sh }]
`

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init', { '.github/workflows/deploy.yml': DEPLOY_YML })
    s.repo.tag('v1.0.0')
  }
})

// No freeze lookup (also an issues/list-for-repo): these tests count what telling people costs.
const TELL = { 'comment-on-released': 'true', 'freeze-label': 'none' }

/** Issue #1, closed by #2 (squash-merged, "Fixes #1"); #3 merged with a merge commit. */
async function twoPullsAndAnIssue(s: Scenario) {
  openIssue(s.state, { title: 'Carts cannot be shared', user: 'reporter-rae' })
  await mergedPull(s, {
    branch: 'share',
    commits: ['feat(cart): share carts', 'test: sharing'],
    title: 'feat(cart): share carts',
    body: 'Fixes #1. Also see #99 and acme/other#5.'
  })
  await mergedPull(s, { branch: 'typo', commits: ['fix: a typo in the cart'], title: 'Fix a typo' }, 'merge')
}

const writes = (s: Scenario) => s.emulator.writes().map(request => request.operationId)

describe.concurrent('telling what was released', () => {
  it('a release comments on its two pull requests and the issue one closes, and labels the pull requests', async ({
    s,
    expect
  }) => {
    await twoPullsAndAnIssue(s)
    const run = await s.run({ inputs: TELL })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
    const url = run.outputs['release-url']
    expect(commentsOn(s, 2)).toEqual([
      `<!-- autonomous-release:released v1.1.0 -->\n🚀 Released in [v1.1.0](${url}).`
    ])
    expect(commentsOn(s, 3)).toEqual([
      `<!-- autonomous-release:released v1.1.0 -->\n🚀 Released in [v1.1.0](${url}).`
    ])
    expect(commentsOn(s, 1)).toEqual([
      `<!-- autonomous-release:released v1.1.0 -->\n🚀 The fix for this issue (#2) was released in [v1.1.0](${url}).`
    ])
    expect([labelsOf(s, 2), labelsOf(s, 3), labelsOf(s, 1)]).toEqual([['released'], ['released'], []])
    expect(run.result.steps.find(step => step.id === 'tell-people')).toMatchObject({
      status: 'passed',
      reason: 'commented on #2, #1, #3; labelled #2, #3'
    })
    // The comments come after the release is published.
    const ops = writes(s)
    expect(ops.indexOf('issues/create-comment')).toBeGreaterThan(ops.lastIndexOf('repos/create-release'))
  })

  it('a rerun comments nothing new: one look at the labels says everyone was told', async ({ s, expect }) => {
    await twoPullsAndAnIssue(s)
    await s.run({ inputs: TELL })
    const before = s.emulator.requests.length
    const rerun = await s.run({ inputs: TELL })
    expect(rerun.outputs).toMatchObject({
      outcome: 'skipped',
      'skipped-reason': 'already released as v1.1.0'
    })
    expect(rerun.result.steps.find(step => step.id === 'tell-people')?.reason).toBe(
      "the pull requests of v1.1.0 were told by an earlier run (all labelled 'released')"
    )
    const asked = s.emulator.requests.slice(before).map(request => request.operationId)
    expect(asked.filter(id => id?.startsWith('issues/'))).toEqual(['issues/list-for-repo'])
    expect([commentsOn(s, 1), commentsOn(s, 2), commentsOn(s, 3)].map(list => list.length)).toEqual([1, 1, 1])
  })

  it('a fault while telling: the lost answer is read back, and a rerun finishes without a second comment', async ({
    s,
    expect
  }) => {
    await twoPullsAndAnIssue(s)
    // The comment on #2 is made, but its answer is lost; then labelling #2 fails for good.
    s.emulator.inject({ operationId: 'issues/create-comment', status: 502, after: true })
    s.emulator.inject({ operationId: 'issues/add-labels', status: 500, times: 4 })
    const run = await s.run({ inputs: TELL })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
    const step = run.result.steps.find(candidate => candidate.id === 'tell-people')
    expect(step?.status).toBe('warned')
    expect(step?.reason).toContain(
      'commented on #2, #1; then stopped: GitHub request to label #2 failed with 500'
    )
    expect(commentsOn(s, 2)).toHaveLength(1)
    const rerun = await s.run({ inputs: TELL })
    expect(rerun.outputs.outcome).toBe('skipped')
    expect(rerun.result.steps.find(candidate => candidate.id === 'tell-people')?.reason).toBe(
      'commented on #3; #2, #1 told before; labelled #2, #3'
    )
    expect([commentsOn(s, 1), commentsOn(s, 2), commentsOn(s, 3)].map(list => list.length)).toEqual([1, 1, 1])
  })

  it('the comment limit is reached: the rest is reported, not commented', async ({ s, expect }) => {
    await twoPullsAndAnIssue(s)
    const run = await s.run({ inputs: { ...TELL, 'comment-limit': '2' } })
    expect(run.outputs.outcome).toBe('released')
    const step = run.result.steps.find(candidate => candidate.id === 'tell-people')
    expect(step?.status).toBe('warned')
    expect(step?.reason).toBe(
      'commented on #2, #1; labelled #2, #3; comment-limit (2) reached: #3 not commented on'
    )
    expect(commentsOn(s, 3)).toEqual([])
    expect(run.stdout).toContain('::notice::Telling people of v1.1.0: comment-limit (2) reached')
  })

  it('a draft awaiting its deploy comments nothing; once deployed and published, people are told', async ({
    s,
    expect
  }) => {
    await twoPullsAndAnIssue(s)
    const inputs = { ...TELL, 'deploy-workflow': 'deploy.yml' }
    s.state.runScript = { conclusion: 'failure', queuedMs: 50, durationMs: 200 }
    const failed = await s.run({ inputs })
    expect(failed.outputs.outcome).toBe('blocked')
    expect(s.state.releases.map(release => release.draft)).toEqual([true])
    expect(s.state.comments).toEqual([])
    expect(writes(s)).not.toContain('issues/add-labels')
    s.state.runScript = { conclusion: 'success', queuedMs: 50, durationMs: 200 }
    const rerun = await s.run({ inputs })
    expect(rerun.outputs.outcome).toBe('released')
    expect([commentsOn(s, 1), commentsOn(s, 2), commentsOn(s, 3)].map(list => list.length)).toEqual([1, 1, 1])
  })

  it('locked conversations are left alone with a notice; a missing permission is named', async ({
    s,
    expect
  }) => {
    await twoPullsAndAnIssue(s)
    s.state.locked.set(3, 'resolved')
    s.state.permissions = { issues: 'read', pullRequests: 'write' }
    const run = await s.run({ inputs: TELL })
    expect(run.outputs.outcome).toBe('released')
    const step = run.result.steps.find(candidate => candidate.id === 'tell-people')
    expect(step?.status).toBe('warned')
    expect(step?.reason).toContain(
      "then stopped: GitHub refused to comment on #1 (403: Resource not accessible by integration). The token needs 'issues: write'"
    )
    expect(commentsOn(s, 2)).toHaveLength(1)
    s.state.permissions = { issues: 'write', pullRequests: 'write' }
    const rerun = await s.run({ inputs: TELL })
    expect(rerun.result.steps.find(candidate => candidate.id === 'tell-people')?.reason).toBe(
      'commented on #1; #2 told before; labelled #2, #3; #3 locked'
    )
    expect(commentsOn(s, 3)).toEqual([])
    expect(rerun.stdout).toContain('::notice::Locked conversations were not commented on: #3')
  })

  it('hostile pull request titles and bodies never reach the comments', async ({ s, expect }) => {
    await mergedPull(s, {
      branch: 'evil',
      commits: ['feat: x'],
      title: 'feat: @everyone <img src=x onerror=alert(1)> ::error::x',
      body: '@everyone Fixes #1 <script>alert(1)</script>'
    })
    await s.run({ inputs: TELL })
    const [comment] = commentsOn(s, 1)
    expect(comment).toMatch(
      /^<!-- autonomous-release:released v1\.1\.0 -->\n🚀 Released in \[v1\.1\.0\]\(http[^)]+\)\.$/
    )
  })

  // Measured with 30 pull requests (10 closing an issue): 122 requests, 110 of them telling (40 issues/get, 40
  // comments, 30 labels), and 1 on a rerun. Octokit's throttling spaces comments 3 s apart (GitHub's advice for
  // requests that notify), so this test keeps to 6 pull requests; the counts per pull request and issue are the same.
  it('a release stays within its request budget: per pull request a read, a comment and a label; per issue a read and a comment', async ({
    s,
    expect
  }) => {
    const pulls = 6
    const issues = 2
    for (let index = 1; index <= issues; index++) openIssue(s.state, { title: `bug ${index}` })
    for (let index = 1; index <= pulls; index++) {
      await mergedPull(s, {
        branch: `pr-${index}`,
        commits: [`fix: change ${index}`],
        title: `fix: change ${index}`,
        body: index <= issues ? `Fixes #${index}` : 'No issue.'
      })
    }
    const count = (from: number) => {
      const byOperation = new Map<string, number>()
      for (const request of s.emulator.requests.slice(from))
        byOperation.set(request.operationId ?? '', (byOperation.get(request.operationId ?? '') ?? 0) + 1)
      return Object.fromEntries([...byOperation].sort())
    }
    const run = await s.run({ inputs: TELL })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.0.1' })
    const telling = Object.entries(count(0)).filter(([operation]) => operation.startsWith('issues/'))
    expect(Object.fromEntries(telling)).toEqual({
      'issues/get': pulls + issues,
      'issues/create-comment': pulls + issues,
      'issues/add-labels': pulls
    })
    const first = s.emulator.requests.length
    const rerun = await s.run({ inputs: TELL })
    expect(rerun.outputs.outcome).toBe('skipped')
    const again = Object.keys(count(first)).filter(operation => operation.startsWith('issues/'))
    expect(again).toEqual(['issues/list-for-repo'])
  })

  it('two runs at once: one release, and each pull request and issue hears of it once', async ({
    s,
    expect
  }) => {
    await twoPullsAndAnIssue(s)
    const runs = await Promise.all([s.run({ inputs: TELL }), s.run({ inputs: TELL })])
    expect(runs.map(run => run.exitCode)).toEqual([0, 0])
    expect(s.state.releases).toHaveLength(1)
    expect([commentsOn(s, 1), commentsOn(s, 2), commentsOn(s, 3)].map(list => list.length)).toEqual([1, 1, 1])
  })
})
