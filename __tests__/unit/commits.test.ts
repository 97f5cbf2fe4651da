import { describe, expect, it } from 'vitest'
import { analyseCommit, analyseCommits, releaseTypeOf } from '../../src/domain/commits.js'

const commit = (message: string, parents = 1) => ({ sha: 'a'.repeat(40), message, parents })

describe('analyseCommit', () => {
  it.each([
    ['feat: add login', 'feat', 'minor', false],
    ['feat(api): add login', 'feat', 'minor', false],
    ['fix: crash on start', 'fix', 'patch', false],
    ['perf: faster parse', 'perf', 'patch', false],
    ['feat!: drop node 18', 'feat', 'major', true],
    ['refactor(core)!: new config format', 'refactor', 'major', true],
    ['fix: thing\n\nBREAKING CHANGE: removes the old flag', 'fix', 'major', true],
    ['chore: bump deps\n\nBREAKING-CHANGE: node 20 required', 'chore', 'major', true],
    ['chore: tidy', 'chore', null, false],
    ['docs: readme', 'docs', null, false],
    ['ci: cache', 'ci', null, false],
    ['Update README', null, null, false],
    ['WIP', null, null, false]
  ] as const)('%j → %s, %s', (message, type, releaseType, breaking) => {
    const analysed = analyseCommit(commit(message))
    expect(analysed.type).toBe(type)
    expect(analysed.releaseType).toBe(releaseType)
    expect(analysed.breaking).toBe(breaking)
  })

  it('takes the pull request number from a squash-merge header', () => {
    const analysed = analyseCommit(commit('feat(ui): dark mode (#42)'))
    expect(analysed.pullRequest).toBe(42)
    expect(analysed.subject).toBe('dark mode')
    expect(analysed.scope).toBe('ui')
  })

  it('keeps the breaking-change note text', () => {
    expect(
      analyseCommit(commit('feat: x\n\nBREAKING CHANGE: config moved to .release.yml')).breakingNotes
    ).toEqual(['config moved to .release.yml'])
  })
})

describe('releaseTypeOf', () => {
  it('takes the largest bump and leaves merge commits out', () => {
    const commits = analyseCommits([
      commit('fix: a'),
      commit('feat: b'),
      commit('Merge pull request #3 from x/y\n\nfeat!: big', 2)
    ])
    expect(commits).toHaveLength(2)
    expect(releaseTypeOf(commits)).toBe('minor')
  })

  it('is null when nothing is releasable', () => {
    expect(releaseTypeOf(analyseCommits([commit('chore: a'), commit('docs: b')]))).toBeNull()
  })
})
