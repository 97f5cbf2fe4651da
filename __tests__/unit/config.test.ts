import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import { inputs as reader } from './input-reader.js'

describe('readConfig', () => {
  it('has safe defaults', () => {
    expect(readConfig(reader({}))).toMatchObject({
      repository: null,
      dryRun: false,
      releaseBranches: [],
      requireGreen: true,
      waitForChecksSeconds: 0,
      releaseLabel: 'release',
      bump: { kind: 'auto' },
      tagPrefix: 'v',
      releaseNotes: 'conventional',
      draftUntilDeployed: true,
      makeLatest: 'true'
    })
  })

  it.each([
    [{ bump: 'minor' }, { bump: { kind: 'type', type: 'minor' } }],
    [{ bump: 'v2.0.0' }, { bump: { kind: 'exact', version: '2.0.0' } }],
    [
      { bump: 'prerelease', 'prerelease-id': 'beta' },
      { bump: { kind: 'prerelease' }, prereleaseId: 'beta' }
    ],
    [{ repository: 'acme/app' }, { repository: { owner: 'acme', repo: 'app' } }],
    [{ 'release-branches': 'main, release/*\nhotfix' }, { releaseBranches: ['main', 'release/*', 'hotfix'] }],
    [{ 'tag-prefix': 'release-' }, { tagPrefix: 'release-' }],
    [{ 'dry-run': 'True' }, { dryRun: true }],
    [{ 'wait-for-checks': '300' }, { waitForChecksSeconds: 300 }],
    [{ 'release-notes': 'GitHub' }, { releaseNotes: 'github' }],
    [{ 'version-file': 'packages/app/package.json' }, { versionFile: 'packages/app/package.json' }]
  ])('reads %j', (inputs, expected) => {
    expect(readConfig(reader(inputs))).toMatchObject(expected)
  })

  it.each([
    [{ bump: 'huge' }, "Invalid input 'bump': 'huge' is not one of auto, major, minor, patch, prerelease"],
    [{ 'tag-prefix': 'v 1' }, "Invalid input 'tag-prefix': 'v 1' cannot start a git tag name"],
    [{ 'tag-prefix': 'v..' }, "Invalid input 'tag-prefix'"],
    [{ 'wait-for-checks': '-1' }, "Invalid input 'wait-for-checks': '-1' is not a whole number of seconds"],
    [{ 'wait-for-checks': 'soon' }, "Invalid input 'wait-for-checks'"],
    [
      { repository: 'foo' },
      "Invalid input 'repository': 'foo' is not a repository. Expected format {owner}/{repo}."
    ],
    [
      { 'release-notes': 'fancy' },
      "Invalid input 'release-notes': 'fancy' is not one of conventional, github, none."
    ],
    [{ 'dry-run': 'yes' }, "Invalid input 'dry-run': 'yes' is not a boolean. Use true or false."],
    [{ 'initial-version': '1.0' }, "Invalid input 'initial-version': '1.0' is not a semantic version"],
    [{ 'prerelease-id': 'rc 1' }, "Invalid input 'prerelease-id'"],
    [{ 'make-latest': 'maybe' }, "Invalid input 'make-latest'"],
    [{ 'version-file': '../outside/package.json' }, "Invalid input 'version-file'"],
    [{ 'github-token': '' }, "Invalid input 'github-token'"]
  ])('rejects %j naming the input', (inputs, message) => {
    expect(() => readConfig(reader(inputs))).toThrow(message)
  })
})
