import semver from 'semver'
import { GitFixture } from '../git-fixture.js'
import { CommitMessages, type CommitKind } from './commit-messages.js'

export type Bump = 'major' | 'minor' | 'patch'

/** A generated repository: a few early releases, then `size` commits since the last one. */
export interface BenchHistory {
  readonly dir: string
  readonly size: number
  readonly lastTag: string
  readonly lastVersion: string
  readonly head: string
  /** How many commits since the last tag are of each kind. */
  readonly counts: Readonly<Record<CommitKind, number>>
  /** What every Conventional Commits tool should decide for these commits. */
  readonly expected: { bump: Bump | null; version: string | null }
  remove(): void
}

/**
 * release-please's manifest set-up for the one package at the root, as its release pull request for 1.0.0 leaves
 * it. Its commit search stops at the last release's commit; the default depth (500 commits) would stop first.
 */
function releasePleaseFiles(version: string): Record<string, string> {
  const config = { packages: { '.': { 'release-type': 'simple' } }, 'commit-search-depth': 1_000_000 }
  return {
    'release-please-config.json': JSON.stringify(config, null, 2) + '\n',
    '.release-please-manifest.json': JSON.stringify({ '.': version }, null, 2) + '\n'
  }
}

/**
 * Builds the repository with `git fast-import` (50,000 commits in a few seconds): the early history with
 * v0.1.0, v0.2.0 and v1.0.0 through ordinary commits, then `size` generated commits on main, each changing one
 * file under src/, five minutes apart, by several authors.
 */
export function buildHistory(size: number, seed = size): BenchHistory {
  const repo = new GitFixture('main')
  repo.commit('chore: initial commit', { 'README.md': '# widgets\n', 'package.json': '{"name":"widgets"}\n' })
  repo.tag('v0.1.0')
  repo.commit('feat(api): first public endpoints', { 'src/api/index-0.ts': 'export {}\n' })
  repo.tag('v0.2.0')
  repo.commit('feat!: stable configuration format\n\nBREAKING CHANGE: the old format is gone.', {
    'src/config/index-0.ts': 'export {}\n',
    ...releasePleaseFiles('1.0.0')
  })
  const lastTag = 'v1.0.0'
  repo.tag(lastTag)

  const messages = new CommitMessages(seed)
  const counts: Record<CommitKind, number> = {
    breaking: 0,
    feature: 0,
    fix: 0,
    other: 0,
    'non-conventional': 0
  }
  const parent = repo.head()
  // Commit dates must grow along the history: git's reachability walks (`git tag --merged`, which
  // semantic-release uses) stop early on a descendant older than its parent.
  const start = Number(repo.git(['log', '-1', '--format=%ct'])) + 600
  const chunks: string[] = []
  for (let index = 0; index < size; index++) {
    const { kind, message, path, author } = messages.next(index)
    counts[kind]++
    const when = start + index * 300
    const content = `export const change${index} = ${JSON.stringify(message.split('\n', 1)[0])}\n`
    chunks.push(
      'commit refs/heads/main',
      `mark :${index + 1}`,
      `author ${author.name} <${author.email}> ${when} +0000`,
      `committer ${author.name} <${author.email}> ${when + 30} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      index === 0 ? `from ${parent}` : `from :${index}`,
      'M 100644 inline ' + path,
      `data ${Buffer.byteLength(content)}`,
      content
    )
  }
  repo.git(['fast-import', '--quiet'], chunks.join('\n') + '\n')
  repo.git(['reset', '--quiet', '--hard'])
  repo.git(['gc', '--quiet', '--prune=now'])

  const lastVersion = semver.clean(lastTag)!
  const bump: Bump | null =
    counts.breaking > 0 ? 'major' : counts.feature > 0 ? 'minor' : counts.fix > 0 ? 'patch' : null
  return {
    dir: repo.dir,
    size,
    lastTag,
    lastVersion,
    head: repo.head(),
    counts,
    expected: { bump, version: bump ? semver.inc(lastVersion, bump) : null },
    remove: () => repo.remove()
  }
}
