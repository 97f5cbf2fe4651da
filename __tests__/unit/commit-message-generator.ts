// Generated commit messages for the analysis tests: realistic shapes (types, scopes, `!`, bodies, lists,
// breaking-change notes, trailers, CRLF), deterministic for a seed so a failure can be replayed.

export type Random = () => number

/** mulberry32: small, fast and good enough to vary test data. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
const chance = (random: Random, p: number) => random() < p
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1))

const TYPES = ['feat', 'fix', 'perf', 'chore', 'docs', 'refactor', 'ci', 'test', 'build', 'style', 'revert']
const ODD_TYPES = ['Feat', 'FIX', 'feature', 'deps']
const SCOPES = ['api', 'ui', 'core/db', 'deps-dev', 'cli', 'my scope', '']
const WORDS = [
  'add',
  'remove',
  'the',
  'config',
  'parser',
  'cache',
  'when',
  'empty',
  'handle',
  'release',
  'notes',
  'support',
  'for',
  'retry',
  'timeout',
  'token',
  'docs',
  'user_id',
  'snake_case',
  'it’s',
  "don't",
  '"quoted"',
  'a < b',
  'x & y',
  'v2',
  '50%',
  'a/b',
  'foo.bar',
  '__init__'
]
const HEADER_EXTRAS = ['`render()`', '`--dry-run`', '<details>', 'issue #45', '(see #7)', '[link](x)', '*ptr']
const PLAIN_HEADERS = [
  'Update README.md',
  'WIP',
  'fix typo',
  'remove deprecated APIs (#1760)',
  'Merge pull request #12 from acme/feature-x',
  "Merge branch 'main' into feature-x",
  'Feat : spaced colon',
  'feat:missing space',
  '  feat: leading spaces',
  'Initial commit'
]
const TRAILERS: ReadonlyArray<(random: Random) => string> = [
  random => `Refs: #${between(random, 1, 999)}`,
  () => 'Closes #34',
  () => 'Fixes #8',
  () => 'Co-authored-by: Jane Doe <jane@example.com>',
  () => 'Signed-off-by: Sam Roe <sam@example.com>',
  () => 'Reviewed-by: Kim',
  () => 'Acked-by: Lee <lee@example.com>',
  random => `Release-As: 2.${between(random, 0, 3)}.0`
]

function words(random: Random, low: number, high: number): string {
  return Array.from({ length: between(random, low, high) }, () => pick(random, WORDS)).join(' ')
}

function subject(random: Random): string {
  let text = words(random, 2, 8)
  if (chance(random, 0.2)) text += ` ${pick(random, HEADER_EXTRAS)}`
  if (chance(random, 0.4)) text += ` (#${between(random, 1, 9999)})`
  return text
}

function header(random: Random): string {
  const roll = random()
  if (roll < 0.1) return pick(random, PLAIN_HEADERS)
  if (roll < 0.15) return `Revert "${pick(random, TYPES)}: ${words(random, 2, 5)}"`
  const type = chance(random, 0.05) ? pick(random, ODD_TYPES) : pick(random, TYPES)
  const scope = chance(random, 0.4) ? `(${pick(random, SCOPES)})` : ''
  const bang = chance(random, 0.08) ? '!' : ''
  return `${type}${scope}${bang}: ${subject(random)}`
}

/** A body paragraph: prose, a list, a line with references, a URL or a mention. */
function paragraph(random: Random, maxLine: number): string[] {
  const roll = random()
  if (roll < 0.2) return Array.from({ length: between(random, 2, 4) }, () => `- ${words(random, 2, 6)}`)
  if (roll < 0.3)
    return [`${words(random, 2, 5)} #${between(random, 1, 500)} and fixes #${between(random, 1, 500)}`]
  if (roll < 0.35) return [`See https://github.com/acme/app/issues/12#issuecomment-1 by @someone`]
  if (roll < 0.4) return ['```', '  key: value', 'npm run build', '```']
  return Array.from({ length: between(random, 1, 4) }, () => words(random, 3, 12).slice(0, maxLine))
}

/** A breaking-change note: one line, a paragraph, a list under an empty first line, or with a code block. */
function note(random: Random): string[] {
  const keyword = pick(random, ['BREAKING CHANGE', 'BREAKING CHANGE', 'BREAKING-CHANGE', 'breaking change'])
  const roll = random()
  if (roll < 0.4) return [`${keyword}: ${words(random, 3, 10)}`]
  if (roll < 0.6) return [`${keyword}: ${words(random, 3, 8)}`, words(random, 3, 8), words(random, 2, 6)]
  if (roll < 0.75) return [`${keyword}:`, `- ${words(random, 2, 5)}`, `- ${words(random, 2, 5)}`]
  if (roll < 0.85)
    return [`${keyword}: ${words(random, 3, 6)}`, '', words(random, 3, 8), '```', '  old: value', '```']
  return [`* ${keyword}: ${words(random, 3, 6)}`]
}

export interface MessageOptions {
  /** Longest prose line; keep short where the reference parser (quadratic per line) has to read it. */
  maxLine?: number
}

/** One commit message. Trailers never sit between two breaking-change notes (see the parser's known faults). */
export function generateCommitMessage(random: Random, options: MessageOptions = {}): string {
  const maxLine = options.maxLine ?? 200
  const lines = [header(random)]
  // git's revert message: the reverted commit right under the header.
  if (lines[0]?.startsWith('Revert "')) lines.push('', `This reverts commit ${hex(random, 40)}.`)
  const paragraphs = between(random, 0, 3)
  for (let index = 0; index < paragraphs; index++) lines.push('', ...paragraph(random, maxLine))
  const notes = chance(random, 0.25) ? between(random, 1, 2) : 0
  const trailersFirst = notes === 1 && chance(random, 0.2)
  const trailers = chance(random, 0.5) ? between(random, 1, 3) : 0
  const trailerLines = Array.from({ length: trailers }, () => pick(random, TRAILERS)(random))
  if (trailersFirst) lines.push('', ...trailerLines)
  if (notes > 0) {
    lines.push('')
    for (let index = 0; index < notes; index++) lines.push(...note(random))
  }
  if (!trailersFirst && trailers > 0)
    lines.push(...(notes > 0 && chance(random, 0.5) ? [] : ['']), ...trailerLines)
  const eol = chance(random, 0.15) ? '\r\n' : '\n'
  return lines.join(eol) + (chance(random, 0.3) ? eol : '')
}

function hex(random: Random, length: number): string {
  return Array.from({ length }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('')
}

/** `count` realistic commits with distinct shas, oldest first. */
export function generateCommits(count: number, seed: number, options: MessageOptions = {}) {
  const random = seededRandom(seed)
  return Array.from({ length: count }, (_, index) => ({
    sha: index.toString(16).padStart(8, '0') + hex(random, 32),
    message: generateCommitMessage(random, options),
    parents: 1
  }))
}
