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
      'no commits at all, even with an explicit bump',
      { commitCount: 0, bump: { kind: 'type', type: 'patch' } },
      /no commits since 1\.1\.0/
    ]
  ] as const)('does not release with %s', (_name, overrides, reason) => {
    const decision = nextVersion({ ...base, ...overrides } as VersionRequest)
    expect(decision.release).toBe(false)
    expect(decision.reason).toMatch(reason)
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
