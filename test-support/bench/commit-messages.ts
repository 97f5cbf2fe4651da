import { Rng } from '../chaos/rng.js'

/**
 * What kind of change a generated commit is, as every Conventional Commits tool should read it: `fix` is any patch
 * (fix or perf), `other` a typed change that releases nothing (chore, docs, refactor, ...).
 */
export type CommitKind = 'breaking' | 'feature' | 'fix' | 'other' | 'non-conventional'

export interface GeneratedMessage {
  kind: CommitKind
  /** The whole message as git stores it (header, blank line, body paragraphs, trailers). */
  message: string
  /** A path under `src/` the commit changes, so trees differ from commit to commit as in a real project. */
  path: string
  author: Person
}

export interface Person {
  name: string
  email: string
}

const TYPES: ReadonlyArray<readonly [string, number]> = [
  ['feat', 24],
  ['fix', 30],
  ['chore', 14],
  ['docs', 9],
  ['perf', 4],
  ['refactor', 8],
  ['test', 6],
  ['ci', 2],
  ['build', 1]
]

const SCOPES = [
  'api',
  'cli',
  'config',
  'deps',
  'auth',
  'notes',
  'release',
  'deploy',
  'parser',
  'cache',
  'ui',
  'docs',
  'tests',
  'deps-dev'
]

const VERBS = [
  'add',
  'support',
  'handle',
  'avoid',
  'remove',
  'use',
  'allow',
  'retry',
  'validate',
  'cache',
  'skip',
  'report',
  'document',
  'rename',
  'simplify',
  'speed up'
]

const OBJECTS = [
  'empty release notes',
  'the tag prefix in compare links',
  'pagination of long histories',
  'a missing version file',
  'secondary rate limits',
  'scoped package names',
  'annotated tags',
  'the changelog header',
  'unicode in commit subjects',
  'a draft release left by an earlier run',
  'timeouts on slow networks',
  'the deploy workflow inputs',
  'Windows line endings in bodies',
  'the config file lookup',
  'token masking in logs',
  'pre-release identifiers',
  'merge commits from the merge queue',
  'nested workspaces'
]

const SENTENCES = [
  'The previous behaviour was surprising when the repository had no tags at all.',
  'This keeps the request count flat however long the history grows.',
  'Users reported that the summary was cut off for very long release notes, see the discussion in the issue.',
  'No change for repositories that already use the default settings.',
  'The old code path is kept behind a flag until the next major version.',
  'Measured on a repository with 12k commits: 40% less time spent parsing.',
  'We now read the value once and pass it down instead of reading it in every step.',
  'Follow-up to the refactoring of the configuration readers.',
  'Tests cover the empty, single and many-commit cases.',
  'This mirrors what the GitHub UI shows for the same comparison.',
  'Errors now name the input involved and the accepted values.',
  'Keeps backwards compatibility with configurations written for v0.x.'
]

/** Lines no one wraps: log excerpts, URLs, tables pasted from a terminal. */
const LONG_LINES = [
  'Error: HttpError: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0C4E:2B1F:9A1D3:1B2C4D:66A0B1C2 and timestamp 2026-01-14 09:31:07 UTC.',
  'See https://github.com/acme/widgets/actions/runs/1234567890/job/9876543210?pr=4321#step:7:118 for the failing run and https://docs.github.com/en/rest/commits/commits#compare-two-commits for the paging rules.',
  '| repository | commits | before | after | change |  | acme/widgets | 10,000 | 14.2 s | 1.9 s | -87% |  | acme/gadgets | 1,200 | 3.1 s | 0.8 s | -74% |  | acme/tools | 240 | 1.0 s | 0.6 s | -40% |',
  `    at async Promise.all (index 7)    at async compareAll (file:///home/runner/work/_actions/acme/autonomous-release/v1/dist/index.js:48213:19)    at async historySince (file:///home/runner/work/_actions/acme/autonomous-release/v1/dist/index.js:48377:24)`
]

const PEOPLE: Person[] = [
  { name: 'Ada Lovelace', email: 'ada@example.com' },
  { name: 'Grace Hopper', email: 'grace@example.com' },
  { name: 'José Martínez', email: 'jose.martinez@example.org' },
  { name: 'Zoë Van der Berg', email: 'zoe@example.net' },
  { name: 'Li Wei', email: 'li.wei@example.com' },
  { name: 'Amara Okafor', email: '31415926+amara@users.noreply.github.com' },
  { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
  { name: 'Søren Kierkegaard', email: 'soren@example.dk' }
]

/** Share of commits that are breaking changes, and of commits that are not Conventional Commits at all. */
const BREAKING_SHARE = 0.01
const NON_CONVENTIONAL_SHARE = 0.02

/**
 * Commit messages such as a busy project writes: typed and scoped headers, bodies of a few wrapped lines (some
 * pasted lines far longer), `Refs:`/`Closes`/`Co-authored-by:`/`Signed-off-by:` trailers, ~1% breaking changes
 * with a `BREAKING CHANGE:` footer (half also marked `!`), ~2% not conventional at all. The same seed gives
 * the same history, so every tool reads the same commits on every machine.
 */
export class CommitMessages {
  private readonly rng: Rng

  constructor(seed: number) {
    this.rng = new Rng(seed)
  }

  next(index: number): GeneratedMessage {
    const rng = this.rng
    const author = rng.pick(PEOPLE)
    const scope = rng.pick(SCOPES)
    const path = `src/${scope}/${rng.pick(['index', 'read', 'write', 'format', 'types', 'errors'])}-${rng.int(0, 20)}.ts`
    if (rng.chance(NON_CONVENTIONAL_SHARE))
      return { kind: 'non-conventional', message: this.plain(index), path, author }
    const breaking = rng.chance(BREAKING_SHARE)
    const type = breaking ? rng.pick(['feat', 'fix', 'refactor']) : rng.weighted(TYPES)
    const kind: CommitKind = breaking
      ? 'breaking'
      : type === 'feat'
        ? 'feature'
        : type === 'fix' || type === 'perf'
          ? 'fix'
          : 'other'
    const scoped = rng.chance(0.7) ? `(${scope})` : ''
    const bang = breaking && rng.chance(0.5) ? '!' : ''
    let subject = `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}`
    if (rng.chance(0.03)) subject += ` when ${rng.pick(OBJECTS)} and ${rng.pick(OBJECTS)} meet in one run`
    if (rng.chance(0.15)) subject += ` (#${rng.int(100, 9999)})`
    const paragraphs = this.body()
    const trailers = this.trailers(author)
    if (breaking) {
      trailers.unshift(
        `BREAKING CHANGE: ${rng.pick(OBJECTS)} is now read from the configuration file; the old input is ignored.`
      )
    }
    const parts = [`${type}${scoped}${bang}: ${subject}`, ...paragraphs]
    if (trailers.length > 0) parts.push(trailers.join('\n'))
    return { kind, message: parts.join('\n\n'), path, author }
  }

  /** 0 to 3 paragraphs of 1 to 4 lines, wrapped at 72 columns, now and then a long unwrapped line. */
  private body(): string[] {
    const rng = this.rng
    const paragraphs: string[] = []
    const count = rng.weighted([
      [0, 15],
      [1, 40],
      [2, 30],
      [3, 15]
    ] as const)
    for (let index = 0; index < count; index++) {
      if (rng.chance(0.06)) {
        paragraphs.push(rng.pick(LONG_LINES))
        continue
      }
      paragraphs.push(wrap(this.distinct(SENTENCES, rng.int(1, 3)).join(' '), 72))
    }
    if (rng.chance(0.1)) paragraphs.push(['- first point', '- second point', '  continued'].join('\n'))
    return paragraphs
  }

  private trailers(author: Person): string[] {
    const rng = this.rng
    const trailers: string[] = []
    if (rng.chance(0.4)) trailers.push(`Refs: #${rng.int(1, 4000)}`)
    if (rng.chance(0.08)) trailers.push(`Closes #${rng.int(1, 4000)}`)
    if (rng.chance(0.2)) {
      for (const person of new Set([rng.pick(PEOPLE), rng.pick(PEOPLE)]))
        if (person !== author) trailers.push(`Co-authored-by: ${person.name} <${person.email}>`)
    }
    if (rng.chance(0.1)) trailers.push(`Signed-off-by: ${author.name} <${author.email}>`)
    return trailers
  }

  /** `count` different items, in a random order. */
  private distinct<T>(items: readonly T[], count: number): T[] {
    const pool = [...items]
    return Array.from(
      { length: Math.min(count, pool.length) },
      () => pool.splice(this.rng.int(0, pool.length - 1), 1)[0]!
    )
  }

  private plain(index: number): string {
    const rng = this.rng
    return rng.pick([
      `Merge pull request #${rng.int(100, 9999)} from acme/feature-${index}\n\n${rng.pick(SENTENCES)}`,
      'Update README.md',
      `Merge branch 'main' into release-${rng.int(1, 40)}`,
      'WIP',
      `Bump version after ${rng.pick(OBJECTS)}`
    ])
  }
}

function wrap(text: string, width: number): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.join('\n')
}
