import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { readConfig, secretsToMask } from '../../src/config/index.js'
import { isValidRefName } from '../../src/config/git-ref.js'
import { quoted } from '../../src/config/readers.js'
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
      makeLatest: 'true',
      passRunnerTokens: false,
      quality: 'auto'
    })
  })

  it.each([
    [{}, 'auto'],
    [{ 'beast-mode-api-url': 'https://bm.example', 'beast-mode-api-key': 'k' }, 'beast-mode'],
    [{ 'beast-mode-command': 'npx beast-mode ci check' }, 'beast-mode'],
    [{ quality: 'none', 'beast-mode-api-url': 'https://bm.example', 'beast-mode-api-key': 'k' }, 'none'],
    [{ quality: 'beast-mode' }, 'beast-mode'],
    [{ 'quality-commands': 'npm test' }, 'auto']
  ])('quality: auto is settled by the inputs when they say where BEAST MODE is (%j)', (inputs, quality) => {
    expect(readConfig(reader(inputs)).quality).toBe(quality)
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
    [{ 'version-file': 'packages/app/package.json' }, { versionFile: 'packages/app/package.json' }],
    [{ 'tag-prefix': '' }, { tagPrefix: '' }],
    [{ 'tag-prefix': 'app/v' }, { tagPrefix: 'app/v' }],
    [{ 'pass-runner-tokens': 'true' }, { passRunnerTokens: true }],
    [
      { 'commit-version': 'true', 'changelog-file': 'docs/CHANGELOG.md' },
      { commitVersion: true, changelogFile: 'docs/CHANGELOG.md' }
    ],
    [
      { 'release-branches': 'main\nrelease/*\nv[0-9]*' },
      { releaseBranches: ['main', 'release/*', 'v[0-9]*'] }
    ],
    [{ repository: 'acme/.github' }, { repository: { owner: 'acme', repo: '.github' } }],
    [
      { 'beast-mode-api-url': 'https://BM.example/api/', 'beast-mode-api-key': 'k' },
      { beastModeApiUrl: 'https://bm.example/api' }
    ],
    [
      { 'beast-mode-api-url': 'http://127.0.0.1:8080', 'beast-mode-api-key': 'k' },
      { beastModeApiUrl: 'http://127.0.0.1:8080' }
    ],
    [
      {
        quality: 'command',
        'quality-commands': `node -e "console.log('a b')"\n# a comment\nnpx eslint 'src/**/*.ts'`
      },
      {
        qualityCommands: [
          { text: `node -e "console.log('a b')"`, argv: ['node', '-e', "console.log('a b')"] },
          { text: `npx eslint 'src/**/*.ts'`, argv: ['npx', 'eslint', 'src/**/*.ts'] }
        ]
      }
    ],
    [
      { 'deploy-command': `deploy --message="a;b" --literal '$HOME' \\$PATH` },
      {
        deployCommand: {
          text: `deploy --message="a;b" --literal '$HOME' \\$PATH`,
          argv: ['deploy', '--message=a;b', '--literal', '$HOME', '$PATH']
        }
      }
    ]
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
    [{ 'github-token': '' }, "Invalid input 'github-token'"],
    [{ 'tag-prefix': '-' }, "Invalid input 'tag-prefix': '-' cannot start a git tag name"],
    [
      { 'tag-prefix': 'v\u202e' },
      "Invalid input 'tag-prefix': it contains line breaks, control or invisible"
    ],
    [
      { 'tag-prefix': 'v\u200b' },
      "Invalid input 'tag-prefix': it contains line breaks, control or invisible"
    ],
    [{ 'tag-prefix': '{version}' }, "Invalid input 'tag-prefix': '{version}' cannot start a git tag name"],
    [{ 'tag-prefix': 'release-1' }, "Invalid input 'tag-prefix': 'release-1' ends with a digit"],
    [{ 'tag-prefix': 'refs/tags/v' }, "Invalid input 'tag-prefix': 'refs/tags/v' starts with refs/"],
    [{ 'tag-prefix': 'v.lock/' }, "Invalid input 'tag-prefix': 'v.lock/' cannot start a git tag name"],
    [{ 'prerelease-id': '01' }, "Invalid input 'prerelease-id': '01' is not a pre-release identifier"],
    [{ 'prerelease-id': '-' }, "Invalid input 'prerelease-id'"],
    [
      { 'changelog-file': 'CHANGELOG.md' },
      "Invalid input 'changelog-file': it is written only in the version commit"
    ],
    [{ 'commit-version': 'true', 'changelog-file': 'a\nb' }, "Invalid input 'changelog-file': it contains"],
    [
      { 'commit-version': 'true', 'changelog-file': 'x'.repeat(5_000) },
      'it is 5000 characters long; at most 255'
    ],
    [{ 'commit-version': 'true', 'changelog-file': 'docs/.git/config' }, 'not under .git'],
    [{ 'commit-version': 'true', 'changelog-file': 'package.json' }, 'a file the version commit rewrites'],
    [{ 'commit-version': 'true', 'changelog-file': '{version}.md' }, "has '{' in it"],
    [{ 'commit-version': 'true', 'changelog-file': '.github/workflows/ci.yml' }, 'is a workflow file'],
    [{ 'version-file': '~/VERSION' }, "Invalid input 'version-file'"],
    [{ repository: '../..' }, "Invalid input 'repository': '../..' is not a repository"],
    [{ repository: 'acme/app.git' }, "Invalid input 'repository': 'acme/app.git' ends with .git"],
    [{ repository: 'https://github.com/acme/app' }, "Invalid input 'repository'"],
    [
      { 'release-branches': 'refs/heads/main' },
      "Invalid input 'release-branches': 'refs/heads/main' is a full ref"
    ],
    [
      { 'release-branches': 'main, release..x' },
      "Invalid input 'release-branches': 'release..x' is not a branch name"
    ],
    [{ 'release-branches': 'HEAD' }, "Invalid input 'release-branches': 'HEAD' is not a branch name"],
    [{ 'release-label': '::error::x' }, "Invalid input 'release-label': it contains workflow-command syntax"],
    [
      { 'required-checks': 'build, ::add-mask::x' },
      "Invalid input 'required-checks': it contains workflow-command"
    ],
    [
      { 'bump-label-prefix': 'x ##[set-output name=a;]b' },
      "Invalid input 'bump-label-prefix': it contains workflow-command"
    ],
    [
      { 'wait-for-checks': '1e20' },
      "Invalid input 'wait-for-checks': '1e20' is not a whole number of seconds"
    ],
    [{ 'quality-timeout': 'NaN' }, "Invalid input 'quality-timeout'"],
    [{ 'deploy-timeout': '86401' }, "Invalid input 'deploy-timeout'"],
    [{ 'pass-runner-tokens': 'yes' }, "Invalid input 'pass-runner-tokens': 'yes' is not a boolean"],
    [{ 'quality-commands': 'npm test && npm run lint' }, "has '&' in it, which only a shell understands"],
    [{ 'quality-commands': 'npm test; npm run lint' }, "has ';' in it"],
    [{ 'quality-commands': 'echo $(id)' }, 'has something a shell would expand'],
    [{ 'quality-commands': 'echo `id`' }, 'has something a shell would expand'],
    [{ 'quality-commands': 'FOO=1 npm test' }, 'starts with a NAME=value assignment'],
    [{ 'quality-commands': "echo 'unclosed" }, 'has a quote that is not closed'],
    [{ 'beast-mode-command': '~/bin/beast-mode ci check' }, 'has something a shell would expand']
  ])('rejects %j naming the input', (inputs, message) => {
    expect(() => readConfig(reader(inputs))).toThrow(message)
  })

  it.each([
    ['github-token', 'ghs_abc\nghs_def'],
    ['github-token', 'ghs_abc def'],
    ['github-token', `ghs_${'a'.repeat(2_000)}`],
    ['beast-mode-api-key', 'bm_abc\r\nbm_def'],
    ['beast-mode-api-key', 'bm_"quoted"']
  ])('a %s that is not one token is refused without echoing any of it', (input, secret) => {
    const inputs = { [input]: secret, 'beast-mode-api-url': 'https://bm.example' }
    if (input === 'github-token') inputs['beast-mode-api-key'] = 'k'
    expect(() => readConfig(reader(inputs))).toThrow(`Invalid input '${input}': it `)
    try {
      readConfig(reader(inputs))
    } catch (error) {
      for (const part of secret.split(/\s+/)) expect((error as Error).message).not.toContain(part.slice(0, 6))
    }
  })
})

describe('secretsToMask', () => {
  it('gives each secret input whole, trimmed, and line by line, without blanks', () => {
    const read = reader({ 'github-token': 'ghs_one\r\nghs_two\n\n', 'beast-mode-api-key': ' bm_key ' })
    expect(secretsToMask(read)).toEqual([
      'ghs_one\r\nghs_two\n\n',
      'ghs_one\r\nghs_two',
      'ghs_one',
      'ghs_two',
      ' bm_key ',
      'bm_key'
    ])
  })
})

describe('quoted', () => {
  it.each([
    ['v\u202e', "'v\\u{202E}'"],
    ['a\nb', "'a\\nb'"],
    ['::error::x', "':\\u{3A}error:\\u{3A}x'"],
    ['##[group]x', "'#\\u{23}[group]x'"],
    ['x'.repeat(100), `'${'x'.repeat(80)}…'`]
  ])('shows %j as %s: nothing in it can act on the log', (raw, shown) => {
    expect(quoted(raw)).toBe(shown)
  })
})

describe('isValidRefName agrees with git check-ref-format', () => {
  it.each([
    ['refs/tags/v1.2.3', true],
    ['refs/heads/release/1.x', true],
    ['refs/tags/v1.2.3+build.1', true],
    ['refs/heads/a..b', false],
    ['refs/heads/a.lock', false],
    ['refs/heads/.a', false],
    ['refs/heads/a/', false],
    ['refs/heads/a//b', false],
    ['refs/heads/a.', false],
    ['refs/heads/a@{b', false],
    ['refs/heads/a b', false],
    ['refs/heads/a~b', false],
    ['refs/heads/a^b', false],
    ['refs/heads/a:b', false],
    ['refs/heads/a?b', false],
    ['refs/heads/a*b', false],
    ['refs/heads/a[b', false],
    ['refs/heads/a\\b', false],
    ['refs/heads/a\u007fb', false],
    ['@', false],
    ['main', false]
  ])('%j: %s', (ref, valid) => {
    expect(isValidRefName(ref)).toBe(valid)
    expect(spawnSync('git', ['check-ref-format', ref]).status === 0).toBe(valid)
  })
})
