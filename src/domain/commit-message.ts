/**
 * A commit message read the Conventional Commits way in one pass over its lines, in time linear in its length.
 *
 * It replaces conventional-commits-parser, whose issue-reference regexes (and the never-matching regex it uses
 * when they are turned off) cost the square or cube of a line's length: one 3,000-character line took tens of
 * seconds. It reads what the parser reads for the version and the notes (header, breaking-change notes), and
 * `__tests__/unit/commit-message.test.ts` proves that on thousands of generated messages. Where it differs,
 * it does so on purpose:
 * - a breaking-change note ends at the next trailer (`Reviewed-by: x`, `Signed-off-by:`, `Refs: #12`), where the
 *   parser ends it only at an issue reference and otherwise takes the trailers into the note;
 * - a line such as `---` does not swallow the rest of the message (the parser's `-hash-` field lines);
 * - a breaking-change note right after a trailer that ended another note is still a note;
 * - a scope holds no parentheses, so `feat(api): support f(): x` has the scope `api`.
 */

export interface Trailer {
  /** As written: `Co-authored-by`, `Refs`, `Release-As`. */
  token: string
  value: string
}

export interface ParsedMessage {
  /** The first line. */
  header: string
  /** As written (`feat`, `Fix`), or null when the header is not a Conventional Commits header. */
  type: string | null
  scope: string | null
  subject: string | null
  /** `feat!:`, `feat(api)!:` */
  exclamation: boolean
  /** A `!` header or a breaking-change note, even an empty one. */
  breaking: boolean
  /** The texts of the `BREAKING CHANGE:` / `BREAKING-CHANGE:` notes (lines kept), or the subject of a `!` header. */
  notes: string[]
  /** `This reverts commit <sha>` lines (git's default revert message), shas as written. */
  revertedShas: string[]
  /** `Token: value` and `Token #value` lines after the header, in order. */
  trailers: Trailer[]
}

const WORD = /\w/
const LINE_TERMINATOR = /[\r\u2028\u2029]/
const NOTE_KEYWORD = /^BREAKING[ -]CHANGE$/i
// Single-word trailer tokens that end a note; any hyphenated token (`Reviewed-by`, `Release-As`) does too, so
// that a note's own `Migration: …` line is not taken for one.
const WORD_TRAILERS = new Set([
  'refs',
  'ref',
  'references',
  'closes',
  'close',
  'closed',
  'fixes',
  'fix',
  'fixed',
  'resolves',
  'resolve',
  'resolved',
  'related',
  'issue',
  'issues',
  'bug',
  'cc'
])
const TRAILER = /^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?:: | #)/
const REVERTS_COMMIT = /^This reverts commit ([0-9a-fA-F]{7,40})\b/
const FENCE = /^ {0,3}(`{3,}|~{3,})/

interface Header {
  type: string | null
  scope: string | null
  subject: string | null
  exclamation: boolean
}

/**
 * `type(scope)!: subject`, as the patterns `^(\w*)(?:\(([^()\r\n]*)\))?!?: (.*)$` would read it, by hand so
 * that no header, however long, makes a regex backtrack.
 */
export function parseHeader(header: string): Header {
  const none: Header = { type: null, scope: null, subject: null, exclamation: false }
  let index = 0
  while (index < header.length && WORD.test(header[index] as string)) index++
  const type = header.slice(0, index)
  let scope: string | null = null
  if (header[index] === '(') {
    const close = header.indexOf(')', index + 1)
    if (close === -1) return none
    scope = header.slice(index + 1, close)
    if (scope.includes('(') || LINE_TERMINATOR.test(scope)) return none
    index = close + 1
  }
  const exclamation = header[index] === '!'
  if (exclamation) index++
  if (header[index] !== ':' || header[index + 1] !== ' ') return none
  const subject = header.slice(index + 2)
  if (LINE_TERMINATOR.test(subject)) return none
  return { type: type || null, scope: scope || null, subject: subject || null, exclamation }
}

/** The text after `BREAKING CHANGE:` when the line starts a note (after spaces, `*` or `|`, any case). */
function noteStart(line: string): string | null {
  let index = 0
  while (index < line.length && /[\s|*]/.test(line[index] as string)) index++
  if (!NOTE_KEYWORD.test(line.slice(index, index + 15))) return null
  index += 15
  const textStart = index
  while (index < line.length && /[:\s]/.test(line[index] as string)) index++
  if (index === textStart) return null
  const end = line.slice(index).search(LINE_TERMINATOR)
  return end === -1 ? line.slice(index) : line.slice(index, index + end)
}

function trailerOf(line: string): Trailer | null {
  const match = TRAILER.exec(line)
  if (!match?.[1]) return null
  return { token: match[1], value: line.slice(match[0].length).trim() }
}

/** Whether a trailer ends a breaking-change note: hyphenated tokens and the usual reference words. */
function endsNote(trailer: Trailer): boolean {
  return trailer.token.includes('-') || WORD_TRAILERS.has(trailer.token.toLowerCase())
}

function trimNewlines(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && (text[start] === '\n' || text[start] === '\r')) start++
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--
  return text.slice(start, end)
}

export function parseMessage(message: string): ParsedMessage {
  // git drops signature lines from what it shows; so did the parser.
  const lines = trimNewlines(message)
    .split(/\r?\n/)
    .filter(line => !/^\s*gpg:/.test(line))
  const header = lines[0] ?? ''
  const parsed: ParsedMessage = {
    header,
    ...parseHeader(header),
    breaking: false,
    notes: [],
    revertedShas: [],
    trailers: []
  }
  let note: string[] | null = null
  let notesFound = 0
  // Inside a fenced code block (a migration example in YAML, say) nothing is a trailer.
  let fence: string | null = null
  const closeNote = () => {
    if (note) parsed.notes.push(note.join('\n').trim())
    note = null
  }
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index] as string
    const started = noteStart(line)
    if (started !== null) {
      closeNote()
      notesFound++
      note = [started]
      fence = null
      continue
    }
    const marker = FENCE.exec(line)?.[1]
    if (marker && fence === null) fence = marker
    else if (marker && fence !== null && marker[0] === fence[0] && marker.length >= fence.length) fence = null
    const trailer = fence === null && !marker ? trailerOf(line) : null
    if (trailer) parsed.trailers.push(trailer)
    const reverted = REVERTS_COMMIT.exec(line)
    if (reverted?.[1]) parsed.revertedShas.push(reverted[1])
    if (trailer && endsNote(trailer)) closeNote()
    else note?.push(line)
  }
  closeNote()
  parsed.notes = parsed.notes.filter(Boolean)
  // Like the parser: a `!` header's subject is the note when the message has none of its own.
  if (notesFound === 0 && parsed.exclamation && parsed.subject) parsed.notes.push(parsed.subject)
  parsed.breaking = notesFound > 0 || parsed.exclamation
  return parsed
}
