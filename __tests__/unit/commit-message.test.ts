import { CommitParser, type Commit } from 'conventional-commits-parser'
import { describe, expect, it } from 'vitest'
import { parseMessage } from '../../src/domain/commit-message.js'
import { analyseCommit, analyseCommits, type ReleaseType } from '../../src/domain/commits.js'
import { generateCommits } from './commit-message-generator.js'

// The reference: conventional-commits-parser as the action configured it, with a scope that holds no
// parentheses (its `(.*)` took `api): x (y` for the scope of `feat(api): x (y): z`).
const reference = new CommitParser({
  headerPattern: /^(\w*)(?:\(([^()\r\n]*)\))?!?: (.*)$/,
  breakingHeaderPattern: /^(\w*)(?:\(([^()\r\n]*)\))?!: (.*)$/,
  noteKeywords: ['BREAKING CHANGE', 'BREAKING-CHANGE']
})

// The trailers the generator writes. The parser ends a note only at an issue reference (`Refs: #12`), and takes
// `Reviewed-by: x` and the like into it: the rule this scanner fixes, applied to the parser's notes here.
const GENERATED_TRAILER =
  /^(Refs|Closes|Fixes|Co-authored-by|Signed-off-by|Reviewed-by|Acked-by|Release-As)(: | #)/i

function referenceNotes(commit: Commit): string[] {
  return commit.notes
    .map(note => {
      const lines = note.text.split('\n')
      const end = lines.findIndex(line => GENERATED_TRAILER.test(line))
      return (end === -1 ? lines : lines.slice(0, end)).join('\n').trim()
    })
    .filter(Boolean)
}

/** The version rules applied to what the parser read. */
function referenceBump(message: string, depth = 0): ReleaseType | null {
  const commit = reference.parse(message)
  const type = commit.type?.toLowerCase() ?? null
  if (commit.notes.length > 0) return 'major'
  const revertedHeader = commit.revert?.header ?? (type === 'revert' ? commit.subject : null)
  if (revertedHeader !== null && revertedHeader !== undefined) {
    const inner = revertedHeader.replace(/\s*\(#\d+\)\s*$/, '')
    const knows = commit.revert || reference.parse(inner || '-').type
    if (!knows || depth > 8) return 'patch'
    return referenceBump(inner || '-', depth + 1) ? 'patch' : null
  }
  if (type === 'feat') return 'minor'
  if (type === 'fix' || type === 'perf') return 'patch'
  return null
}

describe('parseMessage reads what conventional-commits-parser reads', () => {
  const commits = generateCommits(3_000, 20_240_611)

  it('on 3,000 generated messages: type, scope, subject, breaking, notes, bump and revert', () => {
    const differences: string[] = []
    for (const { message, sha } of commits) {
      const expected = reference.parse(message)
      const parsed = parseMessage(message)
      const analysed = analyseCommit({ sha, message, parents: 1 })
      const actual = {
        type: parsed.type,
        scope: parsed.scope,
        subject: parsed.subject,
        breaking: parsed.breaking,
        notes: parsed.notes,
        bump: analysed.releaseType,
        revert: expected.revert ? { header: analysed.reverts?.header, sha: analysed.reverts?.shas[0] } : null
      }
      const wanted = {
        type: expected.type ?? null,
        scope: expected.scope ?? null,
        subject: expected.subject ?? null,
        breaking: expected.notes.length > 0,
        notes: referenceNotes(expected),
        bump: referenceBump(message),
        revert: expected.revert ? { header: expected.revert.header, sha: expected.revert.hash } : null
      }
      try {
        expect(actual).toEqual(wanted)
      } catch {
        differences.push(
          `${JSON.stringify(message)}\n  parser:  ${JSON.stringify(wanted)}\n  scanner: ${JSON.stringify(actual)}`
        )
      }
    }
    expect(differences.slice(0, 5).join('\n')).toBe('')
  })

  it('the generated messages cover what matters', () => {
    const analysed = analyseCommits(commits)
    const count = (test: (index: number) => boolean) => commits.filter((_, index) => test(index)).length
    const has = (pattern: RegExp) => count(index => pattern.test(commits[index]?.message ?? ''))
    expect(count(index => analysed[index]?.releaseType === 'major')).toBeGreaterThan(300)
    expect(count(index => analysed[index]?.releaseType === 'minor')).toBeGreaterThan(100)
    expect(count(index => analysed[index]?.releaseType === 'patch')).toBeGreaterThan(300)
    expect(count(index => analysed[index]?.releaseType === null)).toBeGreaterThan(600)
    expect(
      count(index => analysed[index]?.breakingNotes.some(note => note.includes('\n')) ?? false)
    ).toBeGreaterThan(100)
    expect(count(index => analysed[index]?.scope !== null)).toBeGreaterThan(500)
    expect(count(index => analysed[index]?.reverts !== null)).toBeGreaterThan(200)
    expect(has(/\r\n/)).toBeGreaterThan(300)
    expect(has(/^BREAKING-CHANGE:/m)).toBeGreaterThan(50)
    expect(
      has(/BREAKING[ -]CHANGE:.*\r?\n(?:.+\r?\n)*(Refs|Co-authored-by|Reviewed-by|Signed-off-by)/i)
    ).toBeGreaterThan(50)
    expect(has(/^[a-z]+(\(.*\))?!:/)).toBeGreaterThan(100)
    expect(has(/^(?!Refs|Closes|Fixes).*#\d+/m)).toBeGreaterThan(500)
  })
})

describe('parseMessage, where it reads better than the parser', () => {
  it.each([
    [
      'a note ends at the next trailer',
      'feat: x\n\nBREAKING CHANGE: the config moved\nReviewed-by: Kim\nSigned-off-by: Sam <sam@example.com>',
      ['the config moved']
    ],
    [
      'a note ends at a reference',
      'feat: x\n\nBREAKING-CHANGE: the config moved\nRefs: #12\nmore footer text',
      ['the config moved']
    ],
    [
      'a `---` line does not hide a later note',
      'feat: x\n\nSome body\n---\n\nBREAKING CHANGE: the config moved',
      ['the config moved']
    ],
    [
      'a note right after a trailer that ended another one is a note',
      'feat: x\n\nBREAKING CHANGE: one\nRefs: #12\nBREAKING CHANGE: two',
      ['one', 'two']
    ],
    [
      'a note keeps its lines, lists and code',
      'feat: x\n\nBREAKING CHANGE:\n- `a` is gone\n- `b` is renamed\n\n```yaml\nrelease-branches: main\n```\nCo-authored-by: Jane <j@example.com>',
      ['- `a` is gone\n- `b` is renamed\n\n```yaml\nrelease-branches: main\n```']
    ],
    [
      'a note keeps a line that only looks like a trailer',
      'feat: x\n\nBREAKING CHANGE: the config moved.\nMigration: run `npx migrate`.',
      ['the config moved.\nMigration: run `npx migrate`.']
    ],
    ['CRLF line ends', 'fix: x\r\n\r\nBREAKING CHANGE: a\r\nb\r\nReviewed-by: Kim\r\n', ['a\nb']]
  ])('%s', (_name, message, notes) => {
    expect(parseMessage(message).notes).toEqual(notes)
  })

  it('reads an empty message without throwing', () => {
    expect(parseMessage('')).toMatchObject({ header: '', type: null, notes: [], breaking: false })
  })

  it('takes a scope without parentheses', () => {
    expect(parseMessage('feat(api): support f(): x')).toMatchObject({
      type: 'feat',
      scope: 'api',
      subject: 'support f(): x'
    })
  })
})

describe('analysis time grows with the length of the message, not its square', () => {
  // No timing assertion: the test timeout is the bound. Each of these took seconds to hours with the parser.
  const line = (length: number, unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)

  it.each([
    ['spaces', ' '],
    ['one word', 'a'],
    ['a path', 'src/a-b.c/'],
    ['prose', 'word #1 and '],
    ['parentheses and colons', '(): ']
  ])('a 3,000-character line of %s, in the header and in the body', (_name, unit) => {
    const text = line(3_000, unit)
    for (const message of [
      text,
      `fix: ${text}`,
      `feat(${text}): x`,
      `fix: x\n\n${text}`,
      `fix: x\n\nBREAKING CHANGE: ${text}`
    ]) {
      expect(analyseCommit({ sha: 'a'.repeat(40), message, parents: 1 }).sha).toHaveLength(40)
    }
  })

  it('a 1 MB message, as one line and as many', () => {
    const oneLine = `feat: ${line(1_000_000, 'x #1 ')}`
    const manyLines = `fix: x\n\n${line(1_000_000, 'a line of text (#12) with `code`\n')}\nBREAKING CHANGE: y`
    const spaces = `chore: x\n\n${line(1_000_000, ' ')}`
    expect(analyseCommit({ sha: 'a'.repeat(40), message: oneLine, parents: 1 }).releaseType).toBe('minor')
    expect(analyseCommit({ sha: 'b'.repeat(40), message: manyLines, parents: 1 }).releaseType).toBe('major')
    expect(analyseCommit({ sha: 'c'.repeat(40), message: spaces, parents: 1 }).releaseType).toBeNull()
  })

  it('500 messages with 2 KB bodies', () => {
    const commits = Array.from({ length: 500 }, (_, index) => ({
      sha: index.toString(16).padStart(40, '0'),
      message: `fix(core): change ${index}\n\n${line(2_048, `body text #${index} `)}`,
      parents: 1
    }))
    expect(analyseCommits(commits).filter(commit => commit.releaseType === 'patch')).toHaveLength(500)
  })
})
