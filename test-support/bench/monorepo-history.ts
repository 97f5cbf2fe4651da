import semver from 'semver'
import { Rng } from '../chaos/rng.js'
import { GitFixture } from '../git-fixture.js'
import { CommitMessages, type CommitKind } from './commit-messages.js'
import type { Bump } from './history.js'

/** One package of a generated monorepo, with what its commits call for. */
export interface MonorepoPackage {
  /** p0, p1, …: the packages input's default name (the folder's last segment). */
  readonly name: string
  /** packages/p0, … */
  readonly path: string
  /** Its first release, `<name>@1.0.0`, the action's default tag prefix. */
  readonly lastTag: string
  readonly lastVersion: string
  /** The commit its last tag points at. */
  readonly tagSha: string
  /** Generated commits before its tag: the tag is on the commit after the first `taggedAfter` (0: the set-up commit). */
  readonly taggedAfter: number
  /** Commits in lastTag..head, whatever they touch: the range the request budget counts (⌈range/100⌉ + 2). */
  readonly range: number
  /** The highest bump the generator lets a commit touching this package carry (null: none releases). */
  readonly ceiling: Bump | null
  /** Commits of the range that touch its folder, by kind (a commit touching two packages counts in both). */
  readonly counts: Readonly<Record<CommitKind, number>>
  /** Commits of the range that touch its folder: the sum of `counts`. */
  readonly touching: number
  /** Of `touching`, those that touch another package too. */
  readonly shared: number
  /** What the action should decide for it: the same rules as history.ts's `expected`, on its own commits. */
  readonly expected: { bump: Bump | null; version: string | null }
}

/** One generated commit: its kind and the indexes of the packages it touches (none: root files only). */
export interface GeneratedChange {
  readonly kind: CommitKind
  readonly packages: readonly number[]
}

/** A generated monorepo: packages/p0… each released once (at different commits), then `size` commits. */
export interface MonorepoHistory {
  readonly dir: string
  /** Generated commits since the oldest package's tag. */
  readonly size: number
  readonly head: string
  readonly packages: readonly MonorepoPackage[]
  /** Every generated commit, oldest first. */
  readonly changes: readonly GeneratedChange[]
  /** Generated commits by how many packages they touch. */
  readonly spread: Readonly<{ root: number; one: number; two: number }>
  /** The packages input that declares them (YAML). */
  readonly packagesInput: string
  remove(): void
}

export interface MonorepoOptions {
  /** Generated commits after the set-up commit (default 5,000). */
  size?: number
  /** How many packages (default 10, at least 4: see `ceilingOf`). */
  packages?: number
  seed?: number
  /** Share of commits that touch two packages (default 0.1). */
  twoShare?: number
  /** Share of commits that touch no package, only root files (default 0.02). */
  rootShare?: number
  /** How far into the history the last package's tag sits, as a share of `size` (default 0.45). */
  tagSpread?: number
}

const ORDER: ReadonlyArray<Bump | null> = [null, 'patch', 'minor', 'major']
const FIRST_VERSION = '1.0.0'

/** The bump a commit kind calls for (history.ts's rules): breaking → major, feature → minor, fix → patch. */
export function bumpOf(kind: CommitKind): Bump | null {
  return kind === 'breaking' ? 'major' : kind === 'feature' ? 'minor' : kind === 'fix' ? 'patch' : null
}

/**
 * So that the packages do not all come out as majors (1% of commits are breaking: every busy package gets one),
 * the last three take only some kinds: the last none that releases, the one before it fixes at most, the one before
 * that features at most. The others take everything.
 */
export function ceilingOf(index: number, count: number): Bump | null {
  return index === count - 1 ? null : index === count - 2 ? 'patch' : index === count - 3 ? 'minor' : 'major'
}

const allows = (ceiling: Bump | null, kind: CommitKind) =>
  ORDER.indexOf(bumpOf(kind)) <= ORDER.indexOf(ceiling)

function emptyCounts(): Record<CommitKind, number> {
  return { breaking: 0, feature: 0, fix: 0, other: 0, 'non-conventional': 0 }
}

/** The bump a set of commits calls for, by history.ts's rules. */
export function bumpFor(counts: Readonly<Record<CommitKind, number>>): Bump | null {
  return counts.breaking > 0 ? 'major' : counts.feature > 0 ? 'minor' : counts.fix > 0 ? 'patch' : null
}

/**
 * release-please's manifest set-up for the packages, as its release pull request for 1.0.0 leaves it: one entry
 * per folder with its component, tags `<component>@<version>` (tag-separator '@', no 'v') like the action's.
 */
function releasePleaseFiles(names: readonly string[]): Record<string, string> {
  const packages = Object.fromEntries(
    names.map(name => [`packages/${name}`, { component: name, 'release-type': 'simple' }])
  )
  const config = {
    'tag-separator': '@',
    'include-v-in-tag': false,
    'include-component-in-tag': true,
    'separate-pull-requests': false,
    'commit-search-depth': 1_000_000,
    packages
  }
  const manifest = Object.fromEntries(names.map(name => [`packages/${name}`, FIRST_VERSION]))
  return {
    'release-please-config.json': JSON.stringify(config, null, 2) + '\n',
    '.release-please-manifest.json': JSON.stringify(manifest, null, 2) + '\n'
  }
}

/**
 * Builds the monorepo with `git fast-import`: a set-up commit with packages/p0…p{n-1} (each a package.json with its
 * name and version 1.0.0) and p0@1.0.0 on it; then `size` generated commits (commit-messages.ts), five minutes
 * apart, each changing one file of one package, `twoShare` of them a file of a second package too, `rootShare` of
 * them only a root file. Package i is tagged `p<i>@1.0.0` after i × tagSpread × size / (n − 1) of them, so the
 * ranges differ. The kinds a package takes are capped by `ceilingOf`, so the expected bumps differ too.
 */
export function buildMonorepoHistory(options: MonorepoOptions = {}): MonorepoHistory {
  const size = options.size ?? 5_000
  const count = options.packages ?? 10
  const seed = options.seed ?? size
  const twoShare = options.twoShare ?? 0.1
  const rootShare = options.rootShare ?? 0.02
  const tagSpread = options.tagSpread ?? 0.45
  if (count < 4) throw new Error('a generated monorepo has at least 4 packages (see ceilingOf)')
  const names = Array.from({ length: count }, (_, index) => `p${index}`)
  const taggedAfter = names.map((_, index) => Math.round((index * tagSpread * size) / (count - 1)))
  const ceilings = names.map((_, index) => ceilingOf(index, count))

  const repo = new GitFixture('main')
  const files: Record<string, string> = {
    'README.md': '# acme monorepo\n',
    'package.json':
      JSON.stringify({ name: 'acme', private: true, workspaces: ['packages/*'] }, null, 2) + '\n',
    ...releasePleaseFiles(names)
  }
  for (const name of names) {
    files[`packages/${name}/package.json`] = JSON.stringify({ name, version: FIRST_VERSION }, null, 2) + '\n'
    files[`packages/${name}/src/index.ts`] = `export const name = '${name}'\n`
  }
  repo.commit('chore: set up the workspace', files)
  const parent = repo.head()

  const messages = new CommitMessages(seed)
  // A stream of its own, so that the messages are those of a single-package history of the same seed.
  const route = new Rng(seed + 1)
  const changes: GeneratedChange[] = []
  const start = Number(repo.git(['log', '-1', '--format=%ct'])) + 600
  const chunks: string[] = []
  for (let index = 0; index < size; index++) {
    const { kind, message, path, author } = messages.next(index)
    const eligible = names.flatMap((_, at) => (allows(ceilings[at]!, kind) ? [at] : []))
    const touched: number[] = []
    if (!route.chance(rootShare)) {
      const first = route.pick(eligible)
      touched.push(first)
      const others = eligible.filter(at => at !== first)
      if (others.length > 0 && route.chance(twoShare)) touched.push(route.pick(others))
    }
    changes.push({ kind, packages: touched })
    const when = start + index * 300
    const content = `export const change${index} = ${JSON.stringify(message.split('\n', 1)[0])}\n`
    const paths =
      touched.length === 0
        ? [`tools/${path.slice('src/'.length)}`]
        : touched.map(at => `packages/${names[at]}/${path}`)
    chunks.push(
      'commit refs/heads/main',
      `mark :${index + 1}`,
      `author ${author.name} <${author.email}> ${when} +0000`,
      `committer ${author.name} <${author.email}> ${when + 30} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      index === 0 ? `from ${parent}` : `from :${index}`
    )
    for (const file of paths)
      chunks.push(`M 100644 inline ${file}`, `data ${Buffer.byteLength(content)}`, content)
  }
  for (const [at, name] of names.entries()) {
    const after = taggedAfter[at]!
    chunks.push('', `reset refs/tags/${name}@${FIRST_VERSION}`, `from ${after === 0 ? parent : `:${after}`}`)
  }
  repo.git(['fast-import', '--quiet'], chunks.join('\n') + '\n\n')
  repo.git(['reset', '--quiet', '--hard'])
  repo.git(['gc', '--quiet', '--prune=now'])

  const packages = names.map((name, at): MonorepoPackage => {
    const counts = emptyCounts()
    let shared = 0
    for (const change of changes.slice(taggedAfter[at])) {
      if (!change.packages.includes(at)) continue
      counts[change.kind]++
      if (change.packages.length > 1) shared++
    }
    const bump = bumpFor(counts)
    const lastTag = `${name}@${FIRST_VERSION}`
    return {
      name,
      path: `packages/${name}`,
      lastTag,
      lastVersion: FIRST_VERSION,
      tagSha: repo.head(lastTag),
      taggedAfter: taggedAfter[at]!,
      range: size - taggedAfter[at]!,
      ceiling: ceilings[at]!,
      counts,
      touching: Object.values(counts).reduce((sum, value) => sum + value, 0),
      shared,
      expected: { bump, version: bump ? semver.inc(FIRST_VERSION, bump) : null }
    }
  })
  const spread = { root: 0, one: 0, two: 0 }
  for (const change of changes)
    spread[change.packages.length === 0 ? 'root' : change.packages.length === 1 ? 'one' : 'two']++
  return {
    dir: repo.dir,
    size,
    head: repo.head(),
    packages,
    changes,
    spread,
    packagesInput: names.map(name => `- path: packages/${name}\n`).join(''),
    remove: () => repo.remove()
  }
}
