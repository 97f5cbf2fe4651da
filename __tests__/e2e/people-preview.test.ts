import { describe } from 'vitest'
import { PREVIEW_MARKER } from '../../src/domain/comment-preview.js'
import { openIssue } from '../../test-support/emulator/issues.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import { commentsOn, openBranchPull, pullRequestRun, pushTo } from '../../test-support/people.js'

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
    s.repo.commit('fix: waiting on main since v1.0.0')
  }
})

const COMMENT = { 'preview-comment': 'true' }

describe.concurrent('preview on pull requests', () => {
  it('a feat pull request is previewed: the version, the notes and one sticky comment', async ({
    s,
    expect
  }) => {
    const pull = await openBranchPull(s, {
      branch: 'share-carts',
      commits: ['feat(cart): share carts'],
      title: 'Share carts',
      labels: ['release']
    })
    const run = await s.run({ ...(await pullRequestRun(s, pull, 'opened')), inputs: COMMENT })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      outcome: 'preview',
      released: 'false',
      version: '1.1.0',
      tag: 'v1.1.0'
    })
    const [comment, ...others] = commentsOn(s, pull.number)
    expect(others).toEqual([])
    expect(comment).toContain(PREVIEW_MARKER)
    expect(comment).toContain('Merging this pull request now would release **v1.1.0** (1.0.0 → 1.1.0')
    expect(comment).toContain('- feat(cart): share carts — minor (this pull request')
    expect(comment).toContain('- fix: waiting on main since v1.0.0 — patch (already on main')
    expect(comment).toContain("- 🏷️ Release label 'release': present")
    expect(comment).toContain('<details><summary>Release notes</summary>')
    expect(comment).toContain('share carts')
    // The preview writes nothing to the repository but its comment.
    expect(s.emulator.writes().map(request => request.operationId)).toEqual(['issues/create-comment'])
    expect(s.tags()).toEqual(['v1.0.0'])
    expect(run.summary).toContain('🔮 Preview of #1: merging would release v1.1.0')
    expect(run.summary).toContain('Merging this pull request now would release **v1.1.0**')
    expect(run.result.preview).toMatchObject({ pullRequest: 1, wouldRelease: 'v1.1.0' })
  })

  it('a push to the pull request updates the same comment, never a second one', async ({ s, expect }) => {
    const pull = await openBranchPull(s, { branch: 'api', commits: ['feat: new api'], title: 'New API' })
    await s.run({ ...(await pullRequestRun(s, pull, 'opened')), inputs: COMMENT })
    pushTo(s, pull, 'feat!: drop the old api')
    const run = await s.run({ ...(await pullRequestRun(s, pull, 'synchronize')), inputs: COMMENT })
    expect(run.outputs).toMatchObject({ outcome: 'preview', version: '2.0.0' })
    const comments = commentsOn(s, pull.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]).toContain('would release **v2.0.0**')
    expect(s.emulator.writes().map(request => request.operationId)).toEqual([
      'issues/create-comment',
      'issues/update-comment'
    ])
    // Nothing changed since: the comment is left alone.
    const again = await s.run({ ...(await pullRequestRun(s, pull, 'edited')), inputs: COMMENT })
    expect(again.result.steps.find(step => step.id === 'preview-comment')?.reason).toBe(
      'the comment on #1 is up to date'
    )
    expect(s.emulator.writes()).toHaveLength(2)
  })

  it('a chore-only pull request: the comment says nothing would be released', async ({ s, expect }) => {
    s.repo.tag('v1.0.1')
    const pull = await openBranchPull(s, {
      branch: 'deps',
      commits: ['chore: bump deps'],
      title: 'chore: deps'
    })
    const run = await s.run({ ...(await pullRequestRun(s, pull, 'opened')), inputs: COMMENT })
    expect(run.outputs).toMatchObject({ outcome: 'preview', version: '' })
    expect(commentsOn(s, pull.number)[0]).toContain('Merging this pull request now would release **nothing**')
    expect(run.summary).toContain('🔮 Preview of #1: merging would release nothing')
  })

  it('a pull request that no longer releases anything gets its comment marked so', async ({ s, expect }) => {
    s.repo.tag('v1.0.1')
    const pull = await openBranchPull(s, { branch: 'perf', commits: ['perf: faster'], title: 'perf: faster' })
    await s.run({
      ...(await pullRequestRun(s, pull, 'opened')),
      inputs: { ...COMMENT, 'preview-merge-style': 'squash' }
    })
    expect(commentsOn(s, pull.number)[0]).toContain('would release **v1.0.2**')
    s.state.pulls[0]!.title = 'chore: tidy only'
    await s.run({
      ...(await pullRequestRun(s, pull, 'edited')),
      inputs: { ...COMMENT, 'preview-merge-style': 'squash' }
    })
    const comments = commentsOn(s, pull.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]).toContain('would release **nothing**')
  })

  it('a fork pull request under pull_request: the preview goes to the summary only, with a notice', async ({
    s,
    expect
  }) => {
    const pull = await openBranchPull(s, {
      branch: 'fork-feature',
      commits: ['feat: from a fork'],
      title: 'feat: from a fork',
      headRepo: 'mallory/app'
    })
    // The token of a fork's pull_request run can only read.
    s.state.permissions = { issues: 'read', pullRequests: 'read' }
    const run = await s.run({ ...(await pullRequestRun(s, pull, 'opened')), inputs: COMMENT })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ outcome: 'preview', version: '1.1.0' })
    expect(s.emulator.writes()).toEqual([])
    expect(run.stdout).toContain('::notice::Preview comment: #1 comes from a fork')
    expect(run.summary).toContain('Merging this pull request now would release **v1.1.0**')
  })

  it('a comment the token may not write is a warning naming pull-requests: write; the preview stands', async ({
    s,
    expect
  }) => {
    const pull = await openBranchPull(s, { branch: 'ro', commits: ['feat: x'], title: 'feat: x' })
    s.state.permissions = { issues: 'write', pullRequests: 'read' }
    const run = await s.run({ ...(await pullRequestRun(s, pull, 'opened')), inputs: COMMENT })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.outcome).toBe('preview')
    const step = run.result.steps.find(candidate => candidate.id === 'preview-comment')
    expect(step?.status).toBe('warned')
    expect(step?.reason).toContain("The token needs 'pull-requests: write'")
  })

  it.for([
    ['said, with squash', 'false', 0, 'warned', '⚠️ Title: the title is not a Conventional Commit'],
    [
      'a failure, with require-conventional-title',
      'true',
      1,
      'blocked',
      '❌ Title: the title is not a Conventional Commit'
    ]
  ] as const)(
    'a title that is not a Conventional Commit is %s',
    async ([_name, required, exitCode, status, said], { s, expect }) => {
      const pull = await openBranchPull(s, {
        branch: 'x',
        commits: ['feat: real work'],
        title: 'Update stuff'
      })
      const run = await s.run({
        ...(await pullRequestRun(s, pull, 'opened')),
        inputs: { ...COMMENT, 'preview-merge-style': 'squash', 'require-conventional-title': required }
      })
      expect(run.exitCode).toBe(exitCode)
      expect(run.result.steps.find(step => step.id === 'title-lint')?.status).toBe(status)
      // Squashed, the title is the commit: only the fix waiting on main releases.
      expect(run.outputs.version).toBe('1.0.1')
      expect(commentsOn(s, pull.number)[0]).toContain(said)
    }
  )

  it('hostile titles, bodies and commits stay inert in the comment and the summary', async ({
    s,
    expect
  }) => {
    const hostile = 'feat: <img src=x onerror=alert(1)> @everyone @acme/admins ::error::pwned ##[error]boom'
    const pull = await openBranchPull(s, {
      branch: 'hostile',
      commits: [hostile, 'fix: cc @octocat <script>x</script>'],
      title: '::set-output name=x::y @everyone',
      body: '<!-- autonomous-release:preview --> @everyone'
    })
    // A contributor's comment that pretends to be the preview is not taken for it.
    s.state.comments.push({
      id: 1,
      number: pull.number,
      body: `${PREVIEW_MARKER} keep me`,
      user: 'mallory',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z'
    })
    const run = await s.run({ ...(await pullRequestRun(s, pull, 'opened')), inputs: COMMENT })
    const [planted, comment] = commentsOn(s, pull.number) as [string, string]
    expect(planted).toBe(`${PREVIEW_MARKER} keep me`)
    for (const text of [comment, run.summary]) {
      expect(text).not.toMatch(/<img|<script/i)
      expect(text).not.toMatch(/^\s*::/m)
      expect(text).not.toContain('##[error]')
    }
    // A comment notifies whoever it mentions (a job summary notifies no one).
    expect(comment).not.toMatch(/(^|[^\w`])@(everyone|octocat|acme)/m)
    expect(comment).toContain('@&#8203;everyone @&#8203;acme/admins')
    expect(commentsOn(s, pull.number)).toHaveLength(2)
    expect(run.stdout).not.toMatch(/^::error::pwned/m)
  })

  it('the release label added to an open pull request previews it; nothing is written without preview-comment', async ({
    s,
    expect
  }) => {
    const pull = await openBranchPull(s, { branch: 'y', commits: ['feat: y'], title: 'feat: y' })
    s.state.pulls[0]!.labels.push('release', 'release:major')
    const run = await s.run(await pullRequestRun(s, pull, 'labeled', { label: 'release' }))
    expect(run.outputs).toMatchObject({ outcome: 'preview', version: '2.0.0' })
    expect(run.summary).toContain("- 🏷️ Release label 'release': present")
    expect(run.summary).toContain("- 🏷️ Bump label 'release:major': present, it chooses the bump")
    expect(s.emulator.writes()).toEqual([])
  })
})

describe.concurrent('the preview shows the guardrails', () => {
  it('a freeze and a closed release window appear as gates that would stop the release now', async ({
    s,
    expect
  }) => {
    // Saturday 17 January 2026: outside a weekday window.
    s.emulator.setNow('2026-01-17T12:00:00Z')
    openIssue(s.state, { title: 'Holiday freeze', labels: ['release-freeze'] })
    const pull = await openBranchPull(s, { branch: 'carts', commits: ['feat: carts'], title: 'Carts' })
    const run = await s.run({
      ...(await pullRequestRun(s, pull, 'opened')),
      inputs: { ...COMMENT, 'release-window': 'Mon-Thu 09:00-16:00 Europe/Berlin' }
    })
    expect(run.outputs).toMatchObject({ outcome: 'preview', version: '1.1.0' })
    const [comment] = commentsOn(s, pull.number)
    expect(comment).toMatch(
      /Release window.*outside the release window Mon-Thu 09:00-16:00 Europe\/Berlin; next window opens Mon 09:00/
    )
    expect(comment).toMatch(/Freeze.*releases are frozen by #\d+ “Holiday freeze”/)
    expect(s.tags()).toEqual(['v1.0.0'])
  })
})
