import type { Scenario } from '../scenario.js'
import type { MonorepoShape } from './monorepo-plan.js'
import { addRelease, age, HOUR, snapshot, type WorldSnapshot } from './world.js'

/**
 * The monorepo the campaign releases: an npm workspace of three packages, each released once. b depends on a, so
 * a version commit that releases a moves b's range too. With `customPrefix`, c is declared with its own name and
 * tag prefix (`tool-v0.3.0`) instead of the default `<name>@<version>`.
 */
export interface PackageDef {
  /** The package's name in the action (what `releases` and the reasons call it). */
  name: string
  path: string
  tagPrefix: string
  /** Its name in its package.json. */
  npmName: string
  /** The version of its first release, tagged before any run. */
  initial: string
}

export function packageDefs(customPrefix: boolean): PackageDef[] {
  return [
    { name: 'a', path: 'packages/a', tagPrefix: 'a@', npmName: '@acme/a', initial: '1.0.0' },
    { name: 'b', path: 'packages/b', tagPrefix: 'b@', npmName: '@acme/b', initial: '2.0.0' },
    customPrefix
      ? { name: 'tool', path: 'packages/c', tagPrefix: 'tool-v', npmName: '@acme/c', initial: '0.3.0' }
      : { name: 'c', path: 'packages/c', tagPrefix: 'c@', npmName: '@acme/c', initial: '0.3.0' }
  ]
}

/** What one package's release must end as. */
export interface PackageExpectation {
  name: string
  path: string
  tag: string
  version: string
  previousTag: string
  previousVersion: string
  /** This package deploys with its own workflow. */
  deploy: boolean
}

/** What a correct end state looks like for a monorepo seed. */
export interface MonorepoExpectation {
  declared: PackageDef[]
  /** The packages the commits since their last release touched, in declaration order: each is released once. */
  changed: PackageExpectation[]
  /** The packages no commit touched: never tagged, never released. */
  unchanged: PackageDef[]
  /** The commit the runs release (GITHUB_SHA). */
  target: string
  tagsBefore: string[]
  branch: string
  commitVersion: boolean
  /** Commits a developer pushed to the branch during the seed (touching no package): not version commits. */
  pushed: string[]
  /** The one package that deploys with its own workflow, how. */
  deploy: { package: string; workflow: string; wait: boolean; draft: boolean } | null
}

/** The commits after the first releases, by shape: which files each touches, and so which packages change. */
interface Change {
  message: string
  /** Indexes into the declared packages. */
  touches: number[]
  /** The bump it asks for. */
  bump: 'minor' | 'patch'
}

function changesOf(shape: Pick<MonorepoShape, 'change'>): Change[] {
  switch (shape.change) {
    case 'one':
      return [{ message: 'feat(b): dark mode', touches: [1], bump: 'minor' }]
    case 'two':
      // One commit touching two packages; b is touched by none.
      return [{ message: 'fix: shared date parsing', touches: [0, 2], bump: 'patch' }]
    case 'three':
      return [
        { message: 'feat(a): pagination', touches: [0], bump: 'minor' },
        { message: 'fix: shared retry', touches: [1, 2], bump: 'patch' }
      ]
  }
}

function bumped(version: string, bump: 'minor' | 'patch'): string {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number]
  return bump === 'minor' ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`
}

/** The packages a shape releases, with their versions (decided here from the commits, independently of the action). */
export function expectedReleases(
  shape: Pick<MonorepoShape, 'change' | 'customPrefix' | 'deploy'>
): PackageExpectation[] {
  const defs = packageDefs(shape.customPrefix)
  const changes = changesOf(shape)
  const released = defs
    .map((def, index) => {
      const asked = changes.filter(change => change.touches.includes(index)).map(change => change.bump)
      if (asked.length === 0) return null
      const version = bumped(def.initial, asked.includes('minor') ? 'minor' : 'patch')
      return {
        name: def.name,
        path: def.path,
        tag: `${def.tagPrefix}${version}`,
        version,
        previousTag: `${def.tagPrefix}${def.initial}`,
        previousVersion: def.initial,
        deploy: false
      }
    })
    .filter((item): item is PackageExpectation => item !== null)
  // The deploying package is the last one released: the first is the one earlier runs leave half done.
  if (shape.deploy) released[released.length - 1]!.deploy = true
  return released
}

export const manifest = (def: PackageDef, version: string, dependencies: Record<string, string> = {}) =>
  `${JSON.stringify(
    {
      name: def.npmName,
      version,
      ...(Object.keys(dependencies).length > 0 ? { dependencies } : {})
    },
    null,
    2
  )}\n`

function lockFile(defs: PackageDef[], versions: Record<string, string>): string {
  const packages: Record<string, unknown> = { '': { name: 'acme', workspaces: ['packages/*'] } }
  for (const def of defs) packages[def.path] = { name: def.npmName, version: versions[def.name] }
  return `${JSON.stringify({ name: 'acme', lockfileVersion: 3, packages }, null, 2)}\n`
}

/** Every declared package's files at the given versions (b's range on a follows a's version). */
function workspaceFiles(defs: PackageDef[], versions: Record<string, string>): Record<string, string> {
  const [a, b, c] = defs as [PackageDef, PackageDef, PackageDef]
  return {
    'package-lock.json': lockFile(defs, versions),
    [`${a.path}/package.json`]: manifest(a, versions[a.name]!),
    [`${b.path}/package.json`]: manifest(b, versions[b.name]!, { [a.npmName]: `^${versions[a.name]}` }),
    [`${c.path}/package.json`]: manifest(c, versions[c.name]!)
  }
}

/** A deploy workflow that takes the version, as the README's monorepo recipe has for web. */
export const PACKAGE_DEPLOY_YML = `name: Deploy
on:
  workflow_dispatch:
    inputs:
      version:
        required: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh "\${{ inputs.version }}"
`

export function deployWorkflowOf(name: string): string {
  return `deploy-${name}.yml`
}

/** The packages input of a shape: each package, c with its own name and prefix, the deploying one's workflow. */
export function packagesInput(shape: MonorepoShape): string {
  const deploying = expectedReleases(shape).find(release => release.deploy)?.name
  return packageDefs(shape.customPrefix)
    .map(def => {
      const lines = [`- path: ${def.path}`]
      if (def.tagPrefix !== `${def.name}@`)
        lines.push(`  name: ${def.name}`, `  tag-prefix: ${def.tagPrefix}`)
      if (def.name === deploying) {
        lines.push(`  deploy-workflow: ${deployWorkflowOf(def.name)}`)
        lines.push(`  deploy-inputs: '{"version": "{version}"}'`)
      }
      return lines.join('\n')
    })
    .join('\n')
}

/** The inputs a workflow of this shape gives the action. */
export function monorepoInputs(shape: MonorepoShape): Record<string, string> {
  const inputs: Record<string, string> = {
    packages: packagesInput(shape),
    'release-notes': shape.releaseNotes
  }
  if (shape.commitVersion) inputs['commit-version'] = 'true'
  if (shape.deploy) {
    Object.assign(inputs, {
      'deploy-timeout': '60',
      'draft-until-deployed': String(shape.draftUntilDeployed),
      'deploy-wait': String(shape.deployWait)
    })
  }
  return inputs
}

/** The subject of the version commit for these releases, as the default commit-message makes it. */
export function versionCommitSubject(released: readonly PackageExpectation[]): string {
  return `chore(release): ${released.map(release => release.tag).join(', ')} [skip ci]`
}

/**
 * The workspace with every package released once (tag and published release), then the commits of the shape: the
 * release is due for the packages they touch. What an interrupted earlier run would have left is put in place, an
 * hour old. Returns the commit to release.
 */
export function buildMonorepo(s: Scenario, shape: MonorepoShape): MonorepoExpectation {
  const defs = packageDefs(shape.customPrefix)
  const released = expectedReleases(shape)
  const deploying = released.find(release => release.deploy)
  const initial = Object.fromEntries(defs.map(def => [def.name, def.initial]))
  const files: Record<string, string> = {
    'README.md': '# acme\n',
    'package.json': `${JSON.stringify({ name: 'acme', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
    ...workspaceFiles(defs, initial),
    ...Object.fromEntries(defs.map(def => [`${def.path}/index.js`, `export const ${def.name} = 1\n`]))
  }
  if (deploying) files[`.github/workflows/${deployWorkflowOf(deploying.name)}`] = PACKAGE_DEPLOY_YML
  const init = s.repo.commit('chore: init', files)
  for (const def of defs) {
    const tag = `${def.tagPrefix}${def.initial}`
    s.repo.tag(tag, init)
    addRelease(s.state, tag, init, { draft: false })
  }
  if (shape.unrelatedCommit)
    s.repo.commit('docs: contributing guide', { 'CONTRIBUTING.md': '# How to help\n' })
  let target = init
  for (const [round, change] of changesOf(shape).entries()) {
    const touched = Object.fromEntries(
      change.touches.map(index => [`${defs[index]!.path}/index.js`, `export const v = ${round + 2}\n`])
    )
    target = s.repo.commit(change.message, touched)
  }
  const first = released[0]!
  let releaseCommit = target
  if (shape.leftover !== 'none' && shape.commitVersion) {
    // The earlier run made the version commit and moved the branch to it.
    const versions = { ...initial }
    for (const release of released) versions[release.name] = release.version
    releaseCommit = s.repo.commit(versionCommitSubject(released), workspaceFiles(defs, versions))
  }
  if (shape.leftover === 'first-tagged' || shape.leftover === 'first-released')
    s.repo.tag(first.tag, releaseCommit)
  if (shape.leftover === 'first-released') addRelease(s.state, first.tag, releaseCommit, { draft: false })
  // What is there before the first run was left by earlier runs, not by one going on now.
  age(s.state, HOUR)
  return {
    declared: defs,
    changed: released,
    unchanged: defs.filter(def => !released.some(release => release.name === def.name)),
    target,
    tagsBefore: defs.map(def => `${def.tagPrefix}${def.initial}`),
    branch: 'main',
    commitVersion: shape.commitVersion,
    pushed: [],
    deploy: deploying
      ? {
          package: deploying.name,
          workflow: deployWorkflowOf(deploying.name),
          wait: shape.deployWait,
          draft: shape.draftUntilDeployed
        }
      : null
  }
}

/**
 * A developer pushes a commit touching no package to the branch, on top of whatever runs put there (the fixture's
 * work tree is brought to the branch first: the emulator moves the branch without it).
 */
export function pushUnrelated(s: Scenario, expected: MonorepoExpectation): string {
  s.repo.git(['reset', '--quiet', '--hard', expected.branch])
  const sha = s.repo.commit('docs: fix a typo', { 'README.md': '# acme, the monorepo\n' })
  expected.pushed.push(sha)
  return sha
}

/** A commit on the release branch after the released commit: a version commit, or anything else. */
export interface BranchCommit {
  sha: string
  subject: string
  parents: string[]
}

/** The world of a monorepo run: the emulator's state, the commits the branch gained, and each package's version. */
export interface MonorepoSnapshot extends WorldSnapshot {
  /** Commits on the branch after the released commit, oldest first. */
  branchCommits: BranchCommit[]
  /** Each package's version in its package.json at the branch head, by package name. */
  headVersions: Record<string, string>
}

export function monorepoSnapshot(s: Scenario, expected: MonorepoExpectation): MonorepoSnapshot {
  const world = snapshot(s, expected.branch)
  const log = s.repo.git([
    'log',
    '--reverse',
    '--format=%H %P%x09%s',
    `${expected.target}..${expected.branch}`
  ])
  const branchCommits = log
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [shas, subject] = line.split('\t') as [string, string]
      const [sha, ...parents] = shas.split(' ')
      return { sha: sha!, subject, parents }
    })
  const headVersions: Record<string, string> = {}
  for (const def of expected.declared) {
    try {
      const text = s.repo.git(['show', `${world.branchHead}:${def.path}/package.json`])
      headVersions[def.name] = String((JSON.parse(text) as { version?: unknown }).version)
    } catch {
      headVersions[def.name] = '(unreadable)'
    }
  }
  return { ...world, branchCommits, headVersions }
}
