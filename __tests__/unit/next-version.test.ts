import { describe, expect, it } from 'vitest'
import { nextVersion, VersionRuleError, type VersionRequest } from '../../src/domain/next-version.js'

const base: VersionRequest = {
  bump: { kind: 'auto' },
  lastVersion: '1.1.0',
  commitsReleaseType: null,
  commitCount: 3,
  prereleaseId: '',
  initialVersion: '0.1.0'
}

describe('nextVersion', () => {
  it.each([
    ['feat on 1.1.0 bumps minor', { commitsReleaseType: 'minor' }, '1.2.0'],
    ['fix on 1.1.0 bumps patch', { commitsReleaseType: 'patch' }, '1.1.1'],
    ['breaking on 1.1.0 bumps major', { commitsReleaseType: 'major' }, '2.0.0'],
    [
      'breaking on 0.4.2 bumps minor (pre-1.0 rule)',
      { lastVersion: '0.4.2', commitsReleaseType: 'major' },
      '0.5.0'
    ],
    ['feat on 0.4.2 bumps minor', { lastVersion: '0.4.2', commitsReleaseType: 'minor' }, '0.5.0'],
    [
      'explicit major on 0.4.2 reaches 1.0.0',
      { lastVersion: '0.4.2', bump: { kind: 'type', type: 'major' } },
      '1.0.0'
    ],
    ['explicit patch with only chores', { bump: { kind: 'type', type: 'patch' } }, '1.1.1'],
    ['explicit version', { bump: { kind: 'exact', version: '3.0.0' } }, '3.0.0'],
    ['first release uses the initial version', { lastVersion: null, initialVersion: '1.0.0' }, '1.0.0'],
    ['first release as a pre-release', { lastVersion: null, prereleaseId: 'beta' }, '0.1.0-beta.0'],
    [
      '1.1.0 + feat with rc starts 1.2.0-rc.0',
      { commitsReleaseType: 'minor', prereleaseId: 'rc' },
      '1.2.0-rc.0'
    ],
    [
      '1.2.0-rc.0 + fix continues the counter',
      { lastVersion: '1.2.0-rc.0', commitsReleaseType: 'patch', prereleaseId: 'rc' },
      '1.2.0-rc.1'
    ],
    [
      '1.2.0-rc.1 + feat is covered by the pre-release',
      { lastVersion: '1.2.0-rc.1', commitsReleaseType: 'minor', prereleaseId: 'rc' },
      '1.2.0-rc.2'
    ],
    [
      '1.2.0-rc.1 + breaking starts 2.0.0-rc.0',
      { lastVersion: '1.2.0-rc.1', commitsReleaseType: 'major', prereleaseId: 'rc' },
      '2.0.0-rc.0'
    ],
    [
      '1.2.1-rc.0 + feat starts 1.3.0-rc.0',
      { lastVersion: '1.2.1-rc.0', commitsReleaseType: 'minor', prereleaseId: 'rc' },
      '1.3.0-rc.0'
    ],
    [
      '1.2.0-beta.3 switched to rc',
      { lastVersion: '1.2.0-beta.3', commitsReleaseType: 'patch', prereleaseId: 'rc' },
      '1.2.0-rc.0'
    ],
    [
      'bump: prerelease defaults to rc',
      { bump: { kind: 'prerelease' }, commitsReleaseType: 'patch' },
      '1.1.1-rc.0'
    ],
    [
      'a stable run after 1.2.0-rc.2 graduates it',
      { lastVersion: '1.2.0-rc.2', commitsReleaseType: 'patch' },
      '1.2.0'
    ]
  ] as const)('%s', (_name, overrides, expected) => {
    const decision = nextVersion({ ...base, ...overrides } as VersionRequest)
    expect(decision).toMatchObject({ release: true, version: expected })
  })

  it.each([
    ['only chores', { commitsReleaseType: null }, /no releasable commits since 1\.1\.0/],
    [
      'chores and a merge, saying what the range holds',
      {
        commitsReleaseType: null,
        commitKinds: [
          { kind: 'chore', count: 2 },
          { kind: 'merge', count: 1 }
        ]
      },
      'no releasable commits since 1.1.0 (3 commits: 2 chore, 1 merge)'
    ],
    [
      'one commit, in the singular',
      { commitsReleaseType: null, commitCount: 1, commitKinds: [{ kind: 'docs', count: 1 }] },
      'no releasable commits since 1.1.0 (1 commit: 1 docs)'
    ],
    [
      'a feat and its revert',
      {
        commitsReleaseType: null,
        commitCount: 2,
        commitKinds: [
          { kind: 'reverted feat', count: 1 },
          { kind: 'revert', count: 1 }
        ]
      },
      'no releasable commits since 1.1.0 (2 commits: 1 reverted feat, 1 revert)'
    ],
    [
      'no commits at all, even with an explicit bump',
      { commitCount: 0, bump: { kind: 'type', type: 'patch' } },
      'no commits since 1.1.0'
    ],
    [
      'no commits at all, even with a Release-As (it would be in the range)',
      { commitCount: 0, releaseAs: { version: '2.0.0', sha: 'a'.repeat(40) } },
      'no commits since 1.1.0'
    ]
  ] as const)('does not release with %s', (_name, overrides, reason) => {
    const decision = nextVersion({ ...base, ...overrides } as VersionRequest)
    expect(decision.release).toBe(false)
    if (typeof reason === 'string') expect(decision.reason).toBe(reason)
    else expect(decision.reason).toMatch(reason)
  })

  describe('Release-As', () => {
    const releaseAs = (version: string) => ({ releaseAs: { version, sha: 'abcdef1234'.padEnd(40, '0') } })

    it.each([
      [
        'forces the version over the commits',
        { ...releaseAs('3.0.0'), commitsReleaseType: 'patch' },
        '3.0.0'
      ],
      ['releases with only chores', { ...releaseAs('1.5.0'), commitsReleaseType: null }, '1.5.0'],
      [
        'comes before a bump type or label',
        { ...releaseAs('1.1.5'), bump: { kind: 'type', type: 'major' } },
        '1.1.5'
      ],
      ['is taken as given on a pre-release run', { ...releaseAs('2.0.0'), prereleaseId: 'rc' }, '2.0.0'],
      ['may name a pre-release', { ...releaseAs('2.0.0-beta.1') }, '2.0.0-beta.1'],
      ['overrides the pre-1.0 rule', { ...releaseAs('1.0.0'), lastVersion: '0.9.3' }, '1.0.0'],
      ['is the first release', { ...releaseAs('1.0.0'), lastVersion: null }, '1.0.0'],
      [
        'loses to an exact version given to the action',
        { ...releaseAs('9.0.0'), bump: { kind: 'exact', version: '2.0.0' } },
        '2.0.0'
      ]
    ] as const)('%s', (_name, overrides, expected) => {
      expect(nextVersion({ ...base, ...overrides } as VersionRequest)).toMatchObject({
        release: true,
        version: expected
      })
    })

    it('says where the version comes from', () => {
      expect(nextVersion({ ...base, ...releaseAs('2.0.0') }).reason).toBe(
        'Release-As: 2.0.0 in commit abcdef1'
      )
    })

    it.each([
      ['1.1.0', /Release-As: 1\.1\.0 in commit abcdef1 is not greater than the last release 1\.1\.0/],
      ['1.0.0', /is not greater than the last release 1\.1\.0/],
      ['1.1.0-rc.1', /is not greater than the last release 1\.1\.0/],
      ['soon', /Release-As: soon in commit abcdef1 is not a version/]
    ])('refuses Release-As: %s after 1.1.0, with the reason', (version, message) => {
      const request = { ...base, ...releaseAs(version) }
      expect(() => nextVersion(request)).toThrow(VersionRuleError)
      expect(() => nextVersion(request)).toThrow(message)
    })
  })

  it.each(['1.1.0', '1.0.9', '1.1.0-rc.1'])(
    'refuses an explicit version %s that is not above 1.1.0',
    version => {
      expect(() => nextVersion({ ...base, bump: { kind: 'exact', version } })).toThrow(VersionRuleError)
      expect(() => nextVersion({ ...base, bump: { kind: 'exact', version } })).toThrow(
        /not greater than the last release 1\.1\.0/
      )
    }
  )
})
