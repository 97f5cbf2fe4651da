import { describe } from 'vitest'
import { scenarioTest } from '../../test-support/fixtures.js'

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.1.0')
  }
})

/** The version rules on histories built to show each, through the bundle as the runner runs it. */
describe.concurrent('version rules on real-shaped histories', () => {
  it('a revert of a feature released earlier is a patch, with a Reverts section', async ({ s, expect }) => {
    const feature = s.repo.head()
    s.repo.commit(`Revert "feat: search"\n\nThis reverts commit ${feature}.`)
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.1' })
    expect(run.outputs['release-notes']).toContain('### Reverts')
  })

  it('a feature and its revert in the same range cancel out: the rest decides, and neither is in the notes', async ({
    s,
    expect
  }) => {
    const feature = s.repo.commit('feat: search')
    s.repo.commit(`Revert "feat: search"\n\nThis reverts commit ${feature}.`)
    s.repo.commit('fix: crash on empty input')
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.1' })
    expect(run.outputs['release-notes']).not.toMatch(/search|Reverts|Features/)
  })

  it('a BREAKING CHANGE footer is major under chore: and under a header with no type', async ({
    s,
    expect
  }) => {
    s.repo.commit('chore: drop Node 18\n\nBREAKING CHANGE: Node 20 or later is required.')
    expect((await s.run()).outputs.version).toBe('2.0.0')
    s.repo.commit('remove deprecated APIs (#1760)\n\nBREAKING-CHANGE: the v1 endpoints are gone.')
    expect((await s.run()).outputs.version).toBe('3.0.0')
  })

  it('a stable run after release candidates releases 1.2.0 with the notes of everything since 1.1.0', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: search')
    s.repo.tag('v1.2.0-rc.0')
    s.repo.commit('fix: search ranking')
    s.repo.tag('v1.2.0-rc.1')
    s.repo.commit('chore: tidy')
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.2.0', 'previous-version': '1.1.0' })
    expect(run.outputs['release-notes']).toContain('search')
    expect(run.outputs['release-notes']).toContain('search ranking')
  })

  it('a pre-release never reuses a number, also one cut on another line of history', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: search')
    s.repo.tag('v1.2.0-rc.0')
    s.repo.git(['tag', 'v1.2.0-rc.1', s.repo.commit('fix: elsewhere')])
    s.repo.git(['reset', '--hard', 'v1.2.0-rc.0'])
    s.repo.commit('fix: here')
    const run = await s.run({ inputs: { 'prerelease-id': 'rc' } })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.2.0-rc.2' })
  })

  it('merge commits: a PR merge counts its commits once and links the PR; a conventional merge subject counts', async ({
    s,
    expect
  }) => {
    s.repo.checkout('feature', true)
    s.repo.commit('feat: wishlists', { 'wishlists.txt': 'wishlists\n' })
    s.repo.checkout('main')
    s.repo.commit('docs: readme', { 'README.md': 'readme\n' })
    s.repo.git(['merge', '--no-ff', '--quiet', '-m', 'Merge pull request #12 from acme/feature', 'feature'])
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.2.0' })
    expect(run.outputs['release-notes']).toContain('/pull/12)')
    expect((run.outputs['release-notes'] ?? '').match(/wishlists/g)).toHaveLength(1)
    expect(run.outputs['release-notes']).not.toContain('Merge pull request')
  })

  it('only merges and chores say what the range holds', async ({ s, expect }) => {
    s.repo.commit('chore: deps')
    s.repo.commit('docs: readme')
    const run = await s.run()
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs['skipped-reason']).toContain('2 commits: 1 chore, 1 docs')
  })

  it('Release-As forces the version; one not above the last release blocks with the reason', async ({
    s,
    expect
  }) => {
    s.repo.commit('fix: small\n\nRelease-As: 2.0.0')
    expect((await s.run()).outputs).toMatchObject({ outcome: 'released', version: '2.0.0' })
    s.repo.commit('fix: again\n\nRelease-As: 1.5.0')
    const run = await s.run()
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain('1.5.0')
  })

  it('release-notes-types chooses the sections; the changelog holds the same notes as the output', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: search', { 'package.json': '{"version": "1.1.0"}\n' })
    s.repo.commit('docs: a guide')
    s.repo.commit('test: more cases')
    const run = await s.run({
      inputs: {
        'release-notes-types':
          '- {type: feat, section: New}\n- {type: docs, section: Documentation}\n- {type: test, hidden: true}',
        'commit-version': 'true',
        'changelog-file': 'CHANGELOG.md'
      }
    })
    expect(run.outputs.outcome).toBe('released')
    const notes = run.outputs['release-notes'] ?? ''
    expect(notes).toMatch(/### New[\s\S]*search[\s\S]*### Documentation[\s\S]*a guide/)
    expect(notes).not.toContain('more cases')
    const changelog = s.repo.git(['show', 'v1.2.0:CHANGELOG.md'])
    expect(changelog).toContain(notes.trim())
  })

  it('invalid release-notes-types is refused by name before any request', async ({ s, expect }) => {
    const run = await s.run({ inputs: { 'release-notes-types': '{feat: Features}' } })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain("Invalid input 'release-notes-types'")
    expect(s.emulator.requests).toEqual([])
  })

  it('notes people would publish: lists stay lists, every #N links once, no trailers, no entities, code stays code', async ({
    s,
    expect
  }) => {
    s.repo.commit(
      'feat(api)!: rename `getUser` to "fetchUser" (#12)\n\nSee #14 for the plan.\n\n' +
        "BREAKING CHANGE: callers must update:\n- `getUser()` is now `fetchUser()`\n- the client's cache is gone\n\n" +
        'Co-authored-by: Grace Hopper <grace@example.com>\nSigned-off-by: Ada <ada@example.com>'
    )
    const run = await s.run()
    const notes = run.outputs['release-notes'] ?? ''
    expect(run.outputs.version).toBe('2.0.0')
    expect(notes).toContain('- `getUser()` is now `fetchUser()`')
    expect(notes).toContain("- the client's cache is gone")
    expect(notes).toContain('rename `getUser` to "fetchUser"')
    // The commit is listed twice (its breaking note and its feature), each time with one link to #12.
    expect(notes.match(/\/pull\/12\)/g)).toHaveLength(2)
    expect(notes).not.toMatch(/Co-authored-by|Signed-off-by|&quot;|&#39;|\\\(/)
  })
})
