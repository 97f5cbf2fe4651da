import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import { parsePackages } from '../../src/config/packages.js'
import { commitsAfter, fixedGroupVersion, highestBump } from '../../src/domain/packages.js'
import { joinedFacts, matchesTemplate } from '../../src/domain/placeholders.js'
import { releaseFacts } from '../../src/domain/release-facts.js'
import { movedRange, writeDependencyRanges, writeWorkspaceLock } from '../../src/domain/version-file.js'
import { ActionError } from '../../src/errors.js'
import { inputs } from './input-reader.js'

function refusal(values: Record<string, string>): string {
  try {
    readConfig(inputs(values))
  } catch (error) {
    if (error instanceof ActionError) return error.message
    throw error
  }
  throw new Error('accepted')
}

describe('the packages input', () => {
  it('reads a list with the defaults: name from the folder, tag prefix <name>@, version file in the folder', () => {
    const config = readConfig(inputs({ packages: '- path: packages/api\n- path: ./apps/web/\n  name: site' }))
    expect(config.packages?.packages).toEqual([
      {
        name: 'api',
        path: 'packages/api',
        tagPrefix: 'api@',
        versionFile: null,
        initialVersion: null,
        deployWorkflow: null,
        deployInputs: null
      },
      {
        name: 'site',
        path: 'apps/web',
        tagPrefix: 'site@',
        versionFile: null,
        initialVersion: null,
        deployWorkflow: null,
        deployInputs: null
      }
    ])
    expect(config.packagesFile).toBeNull()
  })

  it('reads a map with packages and fixed groups, each entry’s own settings checked like the inputs of that name', () => {
    const declared = parsePackages(
      [
        'packages:',
        '  - {path: packages/api, tag-prefix: api-v, initial-version: v0.4.0, deploy-workflow: deploy-api.yml,',
        '     deploy-inputs: {environment: production}}',
        '  - {path: packages/web, version-file: packages/web/VERSION}',
        '  - {path: ., name: root}',
        'fixed: [[api, web]]'
      ].join('\n'),
      'packages'
    )
    expect(declared.fixed).toEqual([['api', 'web']])
    expect(declared.packages.map(spec => [spec.name, spec.tagPrefix, spec.versionFile])).toEqual([
      ['api', 'api-v', null],
      ['web', 'web@', 'packages/web/VERSION'],
      ['root', 'root@', null]
    ])
    expect(declared.packages[0]).toMatchObject({
      initialVersion: '0.4.0',
      deployWorkflow: 'deploy-api.yml',
      deployInputs: { environment: 'production' }
    })
  })

  it('a path ending in .yml names a file in the repository, read at the released commit', () => {
    const config = readConfig(inputs({ packages: '.github/release-packages.yml' }))
    expect(config).toMatchObject({ packages: null, packagesFile: '.github/release-packages.yml' })
  })

  it('empty: one package, the repository, as before', () => {
    expect(readConfig(inputs({}))).toMatchObject({ packages: null, packagesFile: null, package: null })
  })

  it.each([
    [
      'overlapping paths',
      '- path: packages/api\n- path: packages/api/internal',
      "Invalid input 'packages': the paths of api (packages/api) and internal (packages/api/internal) overlap"
    ],
    [
      'duplicate names',
      '- path: packages/api\n- path: services/api',
      "Invalid input 'packages': two packages are named 'api'; give each its own name."
    ],
    [
      'a tag prefix another starts with',
      '- {path: packages/api, tag-prefix: api-}\n- {path: packages/api-v2, tag-prefix: api-v2-}',
      "Invalid input 'packages': the tag prefix of api-v2 ('api-v2-') starts with that of api ('api-')"
    ],
    [
      'an absolute path',
      '- path: /srv/api',
      "Invalid input 'packages': package 1: path: '/srv/api' must be a relative path inside the repository"
    ],
    [
      'a path out of the repository',
      '- path: packages/../../etc',
      "Invalid input 'packages': package 1: path: 'packages/../../etc' must be a relative path inside the repository"
    ],
    ['the root without a name', '- path: .', "Invalid input 'packages': package 1 (path .) needs a name"],
    ['an unknown key', '- path: a\n  tagprefix: a-', "Invalid input 'packages': package 1 has 'tagprefix'"],
    [
      'a fixed group naming no package',
      'packages: [{path: a}, {path: b}]\nfixed: [[a, c]]',
      "Invalid input 'packages': fixed group 1 names 'c', which is not one of the packages (a, b)."
    ],
    [
      'a tag prefix git refuses',
      '- {path: a, tag-prefix: "a..b"}',
      "Invalid input 'packages': package 1 (a): tag-prefix: 'a..b' cannot start a git tag name"
    ],
    ['not YAML', '- path: [a', "Invalid input 'packages': it is not YAML"]
  ])('refuses %s before any request, naming the input', (_case, packages, message) => {
    expect(refusal({ packages })).toContain(message)
  })

  it('a bump by hand names its package; a package must be one of them', () => {
    const two = '- path: packages/api\n- path: packages/web'
    expect(refusal({ packages: two, bump: 'minor' })).toBe(
      "Invalid input 'package': a bump or version given by hand is for one package: name it with package (e.g. package: api), or use bump: auto."
    )
    expect(refusal({ packages: two, package: 'cli' })).toBe(
      "Invalid input 'package': 'cli' is not one of the packages: api, web."
    )
    expect(refusal({ package: 'api' })).toContain("Invalid input 'package': it names one of the packages")
    expect(readConfig(inputs({ packages: two, bump: 'minor', package: 'web' }))).toMatchObject({
      package: 'web',
      bump: { kind: 'type', type: 'minor' }
    })
  })

  it('two packages may not share a deploy workflow: their runs would be told apart by commit alone', () => {
    expect(refusal({ packages: '- path: a\n- path: b', 'deploy-workflow': 'deploy.yml' })).toContain(
      'a and b would both deploy with deploy.yml'
    )
    expect(
      readConfig(
        inputs({
          packages: '- {path: a, deploy-workflow: deploy-a.yml}\n- {path: b}',
          'deploy-workflow': 'deploy.yml'
        })
      ).packages?.packages.map(spec => spec.deployWorkflow)
    ).toEqual(['deploy-a.yml', null])
  })

  it('with commit-version, each package keeps its own CHANGELOG.md unless changelog-file says none', () => {
    const packages = '- path: a'
    expect(readConfig(inputs({ packages, 'commit-version': 'true' })).changelogFile).toBe('CHANGELOG.md')
    expect(
      readConfig(inputs({ packages, 'commit-version': 'true', 'changelog-file': 'none' })).changelogFile
    ).toBeNull()
    expect(
      readConfig(inputs({ packages, 'commit-version': 'true', 'changelog-file': 'HISTORY.md' })).changelogFile
    ).toBe('HISTORY.md')
    expect(readConfig(inputs({ packages })).changelogFile).toBeNull()
    expect(readConfig(inputs({ 'commit-version': 'true' })).changelogFile).toBeNull()
  })

  it('version-file is set per package', () => {
    expect(refusal({ packages: '- path: a', 'version-file': 'a/package.json' })).toContain(
      "Invalid input 'version-file': with packages each package has its own"
    )
  })

  it('major tags are for one package', () => {
    expect(refusal({ packages: '- path: a', 'major-tag': 'true' })).toContain("Invalid input 'major-tag'")
  })
})

describe('package ranges', () => {
  // a ← b ← c ← m (merge of c and x) ← d, with x ← a on a side branch
  const history = [
    { sha: 'a', parentShas: [] },
    { sha: 'b', parentShas: ['a'] },
    { sha: 'x', parentShas: ['a'] },
    { sha: 'c', parentShas: ['b'] },
    { sha: 'm', parentShas: ['c', 'x'] },
    { sha: 'd', parentShas: ['m'] }
  ]
  it.each([
    ['a', ['b', 'x', 'c', 'm', 'd']],
    ['b', ['x', 'c', 'm', 'd']],
    ['c', ['x', 'm', 'd']],
    ['x', ['b', 'c', 'm', 'd']],
    ['d', []]
  ])('after %s: the commits not in its history', (base, expected) => {
    expect(commitsAfter(history, base)?.map(commit => commit.sha)).toEqual(expected)
  })
  it('a base outside the history read is no answer', () => {
    expect(commitsAfter(history, 'z')).toBeNull()
  })
})

describe('fixed groups', () => {
  it.each([
    [
      'the highest bump applies to all',
      [
        { lastVersion: '1.0.0', planned: '1.1.0' },
        { lastVersion: '1.0.0', planned: null }
      ],
      'minor',
      '1.1.0'
    ],
    [
      'no member goes backwards',
      [
        { lastVersion: '1.0.0', planned: '1.0.1' },
        { lastVersion: '1.4.0', planned: null }
      ],
      'patch',
      '1.4.1'
    ],
    ['nothing planned, nothing released', [{ lastVersion: '1.0.0', planned: null }], 'minor', null],
    [
      'a member never released takes the version',
      [
        { lastVersion: '2.0.0', planned: '3.0.0' },
        { lastVersion: null, planned: null }
      ],
      'major',
      '3.0.0'
    ]
  ] as const)('%s', (_case, members, bump, expected) => {
    expect(fixedGroupVersion(members, bump)).toBe(expected)
  })
  it('the highest bump', () => {
    expect(highestBump(['patch', null, 'minor'])).toBe('minor')
    expect(highestBump([null])).toBeNull()
  })
})

describe('dependency ranges', () => {
  it.each([
    ['^1.0.0', '^1.1.0'],
    ['~1.0.0', '~1.1.0'],
    ['1.0.0', '1.1.0'],
    ['>=1.0.0', '>=1.1.0'],
    ['workspace:^1.0.0', 'workspace:^1.1.0'],
    ['workspace:*', null],
    ['*', null],
    ['^1.1.0', null],
    ['>=1 <2', null],
    ['github:acme/api', null]
  ])('%s → %s', (range, moved) => {
    expect(movedRange(range, '1.1.0')).toBe(moved)
  })

  it('moves the ranges on released packages in every field, keeping the formatting', () => {
    const text =
      '{\n    "name": "@acme/web",\n    "dependencies": {\n        "@acme/api": "^1.0.0",\n        "left-pad": "^1.0.0"\n    },\n    "devDependencies": {\n        "@acme/cli": "~0.3.0"\n    }\n}\n'
    const { text: written, updates } = writeDependencyRanges(
      text,
      new Map([
        ['@acme/api', '1.1.0'],
        ['@acme/cli', '0.4.0']
      ])
    )
    expect(written).toBe(
      text.replace('"^1.0.0",\n        "left', '"^1.1.0",\n        "left').replace('~0.3.0', '~0.4.0')
    )
    expect(updates).toEqual([
      { name: '@acme/api', field: 'dependencies', from: '^1.0.0', to: '^1.1.0' },
      { name: '@acme/cli', field: 'devDependencies', from: '~0.3.0', to: '~0.4.0' }
    ])
  })

  it('updates the workspace lock entries of released packages only', () => {
    const lock =
      JSON.stringify(
        { packages: { '': {}, 'packages/api': { version: '1.0.0' }, 'packages/web': { version: '2.0.0' } } },
        null,
        2
      ) + '\n'
    const written = JSON.parse(writeWorkspaceLock(lock, new Map([['packages/api', '1.1.0']]))!)
    expect(written.packages['packages/api'].version).toBe('1.1.0')
    expect(written.packages['packages/web'].version).toBe('2.0.0')
    expect(writeWorkspaceLock(lock, new Map([['packages/cli', '1.0.0']]))).toBeNull()
  })
})

describe('the version commit of several packages', () => {
  const target = { sha: 'f'.repeat(40), branch: 'main' }
  const api = releaseFacts({ version: '1.1.0', tag: 'api@1.1.0', previousVersion: '1.0.0' }, target)
  const web = releaseFacts({ version: '2.0.1', tag: 'web@2.0.1', previousVersion: '2.0.0' }, target)
  const template = 'chore(release): {tag} [skip ci]'
  const subject = 'chore(release): api@1.1.0, web@2.0.1 [skip ci]'

  it('names every tag, and each package recognises it as its own', () => {
    expect(joinedFacts([api, web])).toMatchObject({ tag: 'api@1.1.0, web@2.0.1', version: '1.1.0, 2.0.1' })
    expect(matchesTemplate(template, api, subject, { among: true })).toBe(true)
    expect(matchesTemplate(template, web, subject, { among: true })).toBe(true)
  })

  it('a subject without the tag, or another template, is not it', () => {
    const cli = releaseFacts({ version: '0.3.1', tag: 'cli@0.3.1', previousVersion: '0.3.0' }, target)
    expect(matchesTemplate(template, cli, subject, { among: true })).toBe(false)
    expect(
      matchesTemplate(template, api, 'chore(release): api@1.1.0x, web@2.0.1 [skip ci]', { among: true })
    ).toBe(false)
    expect(matchesTemplate('release {version}', api, subject, { among: true })).toBe(false)
    // One package's subject, as a repository with one package writes it, still matches as before.
    expect(matchesTemplate(template, api, 'chore(release): api@1.1.0 [skip ci]')).toBe(true)
  })
})
