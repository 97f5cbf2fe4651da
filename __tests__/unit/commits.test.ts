import { describe, expect, it } from 'vitest'
import {
  analyseCommit,
  analyseCommits,
  rangeFacts,
  releaseTypeOf,
  type SourceCommit
} from '../../src/domain/commits.js'

const commit = (message: string, parents = 1) => ({ sha: 'a'.repeat(40), message, parents })
const sha = (name: string) => name.padEnd(40, '0')

describe('analyseCommit', () => {
  it.each([
    ['feat: add login', 'feat', 'minor', false],
    ['feat(api): add login', 'feat', 'minor', false],
    ['fix: crash on start', 'fix', 'patch', false],
    ['perf: faster parse', 'perf', 'patch', false],
    ['Fix: capitalised type', 'fix', 'patch', false],
    ['feat!: drop node 18', 'feat', 'major', true],
    ['refactor(core)!: new config format', 'refactor', 'major', true],
    ['fix: thing\n\nBREAKING CHANGE: removes the old flag', 'fix', 'major', true],
    ['chore: bump deps\n\nBREAKING-CHANGE: node 20 required', 'chore', 'major', true],
    ['chore: tidy', 'chore', null, false],
    ['docs: readme', 'docs', null, false],
    ['ci: cache', 'ci', null, false],
    ['Update README', null, null, false],
    ['WIP', null, null, false],
    ['', null, null, false]
  ] as const)('%j → %s, %s', (message, type, releaseType, breaking) => {
    const analysed = analyseCommit(commit(message))
    expect(analysed.type).toBe(type)
    expect(analysed.releaseType).toBe(releaseType)
    expect(analysed.breaking).toBe(breaking)
  })

  it.each([
    [
      'no Conventional Commits type',
      'remove deprecated APIs (#1760)\n\nBREAKING CHANGE: the v1 client is gone'
    ],
    ['a chore', 'chore: drop node 18\n\nBREAKING CHANGE: node 20 is required'],
    ['a refactor', 'refactor(config): one file\n\nBREAKING-CHANGE: .releaserc is no longer read'],
    ['docs, CRLF', 'docs: x\r\n\r\nBREAKING CHANGE: y\r\n'],
    ['a bullet', 'build: x\n\n* BREAKING CHANGE: the bundle is ESM']
  ])('a breaking-change footer is a major bump whatever the header: %s', (_name, message) => {
    const analysed = analyseCommit(commit(message))
    expect(analysed.releaseType).toBe('major')
    expect(analysed.breaking).toBe(true)
    expect(analysed.breakingNotes).toHaveLength(1)
  })

  it('takes the pull request number from a squash-merge header', () => {
    const analysed = analyseCommit(commit('feat(ui): dark mode (#42)'))
    expect(analysed.pullRequest).toBe(42)
    expect(analysed.subject).toBe('dark mode')
    expect(analysed.scope).toBe('ui')
  })

  it.each([
    ['feat: port #45 to v2 (#50)', 'port #45 to v2', 50, [45, 50]],
    ['fix: x (#12) (#13)', 'x', 13, [12, 13]],
    ['fix: x (#12, #13)', 'x', 13, [12, 13]],
    ['fix: see #7 and #7 again', 'see #7 and #7 again', null, [7]],
    ['fix: not &#39;quoted&#39; nor a/#1 nor C#2 (#3)', 'not &#39;quoted&#39; nor a/#1 nor C#2', 3, [3]],
    ['remove deprecated APIs (#1760)', 'remove deprecated APIs', 1760, [1760]]
  ] as const)('finds every pull request of %j', (message, subject, pullRequest, pullRequests) => {
    expect(analyseCommit(commit(message))).toMatchObject({ subject, pullRequest, pullRequests })
  })

  it('keeps the breaking-change note text, lines and all, without the trailers after it', () => {
    const message = [
      'feat: x',
      '',
      'BREAKING CHANGE: config moved to .release.yml:',
      '',
      '- `branches` is now `release-branches`',
      '- `bump` is gone',
      'Refs: #12',
      'Reviewed-by: Kim',
      'Signed-off-by: Sam <sam@example.com>'
    ].join('\n')
    expect(analyseCommit(commit(message)).breakingNotes).toEqual([
      'config moved to .release.yml:\n\n- `branches` is now `release-branches`\n- `bump` is gone'
    ])
  })

  it.each([
    ['Release-As: 2.0.0', '2.0.0'],
    ['release-as: v3.1.0', '3.1.0'],
    ['Release-As: 1.0.0-rc.1', '1.0.0-rc.1'],
    ['Release-As: soon', 'soon']
  ])('reads the %j trailer', (trailer, releaseAs) => {
    expect(analyseCommit(commit(`chore: release\n\n${trailer}`)).releaseAs).toBe(releaseAs)
  })
})

describe('reverts', () => {
  const range = (...messages: string[]): SourceCommit[] =>
    messages.map((message, index) => ({ sha: sha(`c${index}`), message, parents: 1 }))

  it.each([
    [
      "git's revert of a released feat is a patch",
      [`Revert "feat: a"\n\nThis reverts commit ${sha('ffff')}.`],
      'patch'
    ],
    [
      'revert: of a released fix is a patch',
      [`revert: fix: b\n\nThis reverts commit ${sha('ffff')}.`],
      'patch'
    ],
    ['revert: naming no header is a patch', [`revert: undo the cache\n\nRefs: 1234abcd`], 'patch'],
    [
      'a revert of a released chore does not release',
      [`Revert "chore: c"\n\nThis reverts commit ${sha('ffff')}.`],
      null
    ],
    [
      'a revert of a released breaking change is a patch',
      [`Revert "feat!: d"\n\nThis reverts commit ${sha('ffff')}.`],
      'patch'
    ],
    [
      'a revert of an untyped commit does not release',
      [`Revert "Update README"\n\nThis reverts commit ${sha('ffff')}.`],
      null
    ],
    [
      'a feat and its revert in the range cancel out (full sha)',
      ['feat: a', `Revert "feat: a"\n\nThis reverts commit ${sha('c0')}.`],
      null
    ],
    [
      'a breaking change and its revert cancel out (abbreviated sha)',
      ['feat!: a', 'fix: b', `Revert "feat!: a"\n\nThis reverts commit ${sha('c0').slice(0, 7)}.`],
      'patch'
    ],
    [
      'matched by the quoted header when no sha is given',
      ['feat: a (#12)', 'Revert "feat: a (#12)" (#15)'],
      null
    ],
    ['revert: matched by its header', ['feat(ui): a', 'revert: feat(ui): a'], null],
    [
      'a revert of the revert brings the feat back',
      [
        'feat: a',
        `Revert "feat: a"\n\nThis reverts commit ${sha('c0')}.`,
        `Revert "Revert "feat: a""\n\nThis reverts commit ${sha('c1')}.`
      ],
      'minor'
    ],
    [
      'a revert of a revert released earlier is a patch',
      [`Revert "Revert "feat: a""\n\nThis reverts commit ${sha('ffff')}.`],
      'patch'
    ]
  ] as const)('%s', (_name, messages, expected) => {
    expect(releaseTypeOf(analyseCommits(range(...messages)))).toBe(expected)
  })

  it('marks both sides of a pair with each other', () => {
    const [feat, fix, revert] = analyseCommits(
      range('feat: a', 'fix: b', `Revert "feat: a"\n\nThis reverts commit ${sha('c0')}.`)
    )
    expect(feat).toMatchObject({ cancelledWith: sha('c2'), releaseType: null })
    expect(revert).toMatchObject({ cancelledWith: sha('c0'), releaseType: null, type: 'revert' })
    expect(fix).toMatchObject({ cancelledWith: null, releaseType: 'patch' })
  })

  it('does not take a revert of a sha outside the range for a commit with the same header inside it', () => {
    const analysed = analyseCommits(
      range('fix: typo', `Revert "fix: typo"\n\nThis reverts commit ${sha('ffff')}.`)
    )
    expect(analysed.map(commit => commit.cancelledWith)).toEqual([null, null])
    expect(analysed.map(commit => commit.releaseType)).toEqual(['patch', 'patch'])
  })
})

describe('merge commits', () => {
  // main: c0 ─ m1 (merges b1, b2: PR #7) ─ c3 ─ m2 (merges b3: PR #8, whose branch merged PR #9: b4)
  const history: SourceCommit[] = [
    { sha: sha('c0'), message: 'chore: start', parents: 1, parentShas: [sha('base')] },
    { sha: sha('b1'), message: 'feat: search', parents: 1, parentShas: [sha('c0')] },
    { sha: sha('b2'), message: 'fix: search paging (#21)', parents: 1, parentShas: [sha('b1')] },
    {
      sha: sha('m1'),
      message: 'Merge pull request #7 from acme/search\n\nfeat!: search',
      parents: 2,
      parentShas: [sha('c0'), sha('b2')]
    },
    { sha: sha('c3'), message: 'docs: readme', parents: 1, parentShas: [sha('m1')] },
    { sha: sha('b4'), message: 'perf: cache', parents: 1, parentShas: [sha('c3')] },
    { sha: sha('b3'), message: 'fix: x', parents: 1, parentShas: [sha('c3')] },
    {
      sha: sha('m3'),
      message: 'Merge pull request #9 from acme/cache',
      parents: 2,
      parentShas: [sha('b3'), sha('b4')]
    },
    {
      sha: sha('m2'),
      message: 'feat: v8 integration branch (#8)',
      parents: 2,
      parentShas: [sha('c3'), sha('m3')]
    }
  ]

  it('a Merge pull request commit counts for nothing; a merge titled as a Conventional Commit counts', () => {
    const analysed = analyseCommits(history)
    const bySha = (name: string) => analysed.find(commit => commit.sha === sha(name))
    expect(analysed).toHaveLength(history.length)
    expect(bySha('m1')).toMatchObject({ merge: true, type: null, releaseType: null, breaking: false })
    expect(bySha('m2')).toMatchObject({ merge: true, type: 'feat', releaseType: 'minor', pullRequest: 8 })
    expect(releaseTypeOf(analysed)).toBe('minor')
  })

  it('links the commits a merge brought in to its pull request, unless they name their own', () => {
    const analysed = analyseCommits(history)
    const pullRequests = Object.fromEntries(
      analysed.map(commit => [commit.sha.slice(0, 2), commit.pullRequests])
    )
    expect(pullRequests).toEqual({
      c0: [],
      b1: [7],
      b2: [21],
      m1: [7],
      c3: [],
      b4: [9],
      b3: [8],
      m3: [9],
      m2: [8]
    })
  })

  it('without parent shas, links nothing and still counts nothing twice', () => {
    const analysed = analyseCommits(history.map(({ parentShas: _parentShas, ...rest }) => rest))
    expect(analysed.find(commit => commit.sha === sha('b1'))?.pullRequests).toEqual([])
    expect(releaseTypeOf(analysed)).toBe('minor')
  })

  it('takes the largest bump and leaves merge commits out of it', () => {
    const commits = analyseCommits([
      commit('fix: a'),
      commit('feat: b'),
      commit('Merge pull request #3 from x/y\n\nfeat!: big', 2)
    ])
    expect(commits).toHaveLength(3)
    expect(releaseTypeOf(commits)).toBe('minor')
  })
})

describe('rangeFacts', () => {
  const range = (...messages: Array<string | [string, number]>): SourceCommit[] =>
    messages.map((entry, index) => {
      const [message, parents] = typeof entry === 'string' ? [entry, 1] : entry
      return { sha: sha(`e${index}`), message, parents }
    })

  it.each([
    [['chore: a', 'chore: b', ['Merge pull request #1 from a/b', 2]], { chore: 2, merge: 1 }],
    [['docs: a', 'Update README', 'ci: x', 'docs: b'], { docs: 2, untyped: 1, ci: 1 }],
    [['feat: a', `Revert "feat: a"\n\nThis reverts commit ${sha('e0')}.`], { 'reverted feat': 1, revert: 1 }],
    [['fix: a', 'chore: b'], { fix: 1, chore: 1 }]
  ] as const)('counts %j by kind', (messages, kinds) => {
    const facts = rangeFacts(analyseCommits(range(...(messages as unknown as string[]))))
    expect(facts.commitKinds).toEqual(Object.entries(kinds).map(([kind, count]) => ({ kind, count })))
    expect(facts.commitCount).toBe(messages.length)
  })

  it('takes the newest Release-As of a commit that counts', () => {
    const facts = rangeFacts(
      analyseCommits(
        range(
          'chore: a\n\nRelease-As: 2.0.0',
          'chore: b\n\nRelease-As: 3.0.0',
          'feat: c\n\nRelease-As: 4.0.0',
          `Revert "feat: c"\n\nThis reverts commit ${sha('e2')}.`
        )
      )
    )
    expect(facts.releaseAs).toEqual({ version: '3.0.0', sha: sha('e1') })
    expect(facts.commitsReleaseType).toBeNull()
  })
})

describe('what an analysed commit keeps of its message', () => {
  it.each([
    ['feat(cart): save carts across sessions', 'save carts across sessions'],
    ['fix: ünïcødé and 🚀 survive the copy, as they are', 'ünïcødé and 🚀 survive the copy, as they are'],
    [
      'fix: a lone surrogate \uD83D stays exactly as written',
      'a lone surrogate \uD83D stays exactly as written'
    ]
  ])('the header and subject, unchanged: %s', (message, subject) => {
    const commit = analyseCommit({ sha: 'a'.repeat(40), message: `${message}\n\nbody\n`, parents: 1 })
    expect(commit.header).toBe(message)
    expect(commit.subject).toBe(subject)
  })
})
