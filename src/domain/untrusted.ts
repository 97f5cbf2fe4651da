/**
 * Untrusted text: commit messages, pull request titles and labels, check names, BEAST MODE's answers, the output
 * of quality and deploy commands, GitHub's generated notes. Wherever it goes — the job log, annotations, the job
 * summary, step outputs, release bodies — it goes through this module first, so that it stays text:
 *
 * - Control characters go (but tab and line feed), as do terminal escape sequences and the invisible characters
 *   that hide or reorder text (zero-width space, word joiner, byte order mark, bidi embeddings, overrides and
 *   isolates). Line breaks become `\n`: the runner also ends a line at a lone `\r`.
 * - Every line is capped at MAX_LINE_LENGTH characters, with a visible CUT marker.
 * - Workflow commands are neutralised. The runner reads `::name::` at the start of a line (after blanks) and the
 *   legacy `##[name]` anywhere in a line; in plain text a zero-width space goes between the two characters that
 *   would start one, in Markdown a backslash escape (which renders as nothing).
 * - In Markdown, no HTML: a `<` that could open a tag, comment or autolink becomes `&lt;`.
 *
 * Everything here is a single pass over the text (or a few), with regular expressions that cannot backtrack
 * more than linearly, so a 10 MB answer costs milliseconds.
 */

/** The longest line of untrusted text kept, in UTF-16 code units. */
export const MAX_LINE_LENGTH = 4096

/** Replaces what was cut. */
export const CUT = '…(cut)'

/** Inserted where a workflow command would start in plain text; it is invisible and not a blank to the runner. */
const ZERO_WIDTH_SPACE = '\u200b'

/**
 * C0 controls except tab and line feed, DEL and the C1 controls; zero-width space, word joiner and the invisible
 * operators, bidi embeddings, overrides and isolates, the byte order mark, the Mongolian vowel separator and the
 * interlinear annotation characters. (Zero-width joiners and non-joiners stay: emoji and several scripts need them.)
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex -- control characters are what it is about
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u180e\u200b\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g

/**
 * Terminal escape sequences: CSI (colours, cursor moves) and OSC (titles, hyperlinks) up to their terminator.
 * The classes are disjoint and an OSC ends at the next ESC, so every match attempt is bounded by the next ESC.
 */
// eslint-disable-next-line no-control-regex -- escape sequences start with the ESC control character
const TERMINAL_ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g

const LINE_BREAK = /\r\n|\r|\n/

export interface TextLimits {
  /** The longest line kept (default MAX_LINE_LENGTH); the rest of the line is replaced by CUT. */
  maxLineLength?: number
  /** The longest text kept in all (default: no limit); the lines after it are replaced by a CUT line. */
  maxLength?: number
  /** Line breaks become spaces (for a table cell, a title, one line of Markdown). */
  singleLine?: boolean
}

/**
 * Untrusted text made safe for plain-text sinks — the job log, annotations, plain step outputs: cleaned, capped,
 * and no line of it a workflow command. Lines stay lines.
 */
export function untrusted(text: string, limits: TextLimits = {}): string {
  return mapLines(text, limits, neutraliseLine)
}

/** Untrusted text cleaned and capped, but not neutralised: for sinks that escape it themselves (Markdown). */
export function cleanText(text: string, limits: TextLimits = {}): string {
  return mapLines(text, limits, line => line)
}

/**
 * A Markdown document from elsewhere — GitHub's generated release notes, a release body — made inert while its
 * Markdown (headings, lists, links, emphasis) keeps working: HTML comments are dropped (they render as nothing),
 * every other `<` that could open a tag, comment or autolink becomes `&lt;` (so `<img onerror>` or `<script>`
 * show as the text they are, also inside code, where `&lt;` shows as written), images become text, and no line
 * is a workflow command. Applying it twice changes nothing more.
 */
export function sanitiseMarkdownDocument(text: string, limits: TextLimits = {}): string {
  const maxLineLength = limits.maxLineLength ?? MAX_DOCUMENT_LINE_LENGTH
  // Cleaned with room to spare, then escaped, then capped: so that a second pass finds nothing more to cut.
  return mapLines(stripHtmlComments(text), { ...limits, maxLineLength: maxLineLength * 4 }, line =>
    cutText(escapeDocumentLine(line), maxLineLength)
  )
}

/** Release bodies hold up to 125,000 characters; a line of a document may be longer than a line of a title. */
export const MAX_DOCUMENT_LINE_LENGTH = 16_384

/** The number of bytes the text takes in UTF-8, as GitHub counts output and summary sizes. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (isSurrogatePairAt(text, index)) {
      bytes += 4
      index++
    } else bytes += 3
  }
  return bytes
}

function isSurrogatePairAt(text: string, index: number): boolean {
  const high = text.charCodeAt(index)
  const low = text.charCodeAt(index + 1)
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff
}

/**
 * The text cut to at most `maxBytes` bytes of UTF-8 including `marker`, at a line break when one is near the
 * end, never inside a character; the text itself when it fits.
 */
export function cutToBytes(text: string, maxBytes: number, marker: string): string {
  if (utf8Length(text) <= maxBytes) return text
  const room = maxBytes - utf8Length(marker)
  if (room <= 0) return ''
  let kept = 0
  let bytes = 0
  while (kept < text.length) {
    const code = text.charCodeAt(kept)
    const pair = isSurrogatePairAt(text, kept)
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3
    if (bytes + size > room) break
    bytes += size
    kept += pair ? 2 : 1
  }
  const lineEnd = text.lastIndexOf('\n', kept - 1)
  const end = lineEnd >= kept / 2 ? lineEnd : kept
  return text.slice(0, end) + marker
}

/** The first `length` code units, without splitting a surrogate pair. */
export function sliceWhole(text: string, length: number): string {
  if (text.length <= length) return text
  return text.slice(0, length > 0 && isSurrogatePairAt(text, length - 1) ? length - 1 : length)
}

/** Text cut to `length` code units with the CUT marker; the text itself when it is short enough. */
export function cutText(text: string, length: number): string {
  return text.length <= length ? text : sliceWhole(text, length) + CUT
}

function mapLines(text: string, limits: TextLimits, neutralise: (line: string) => string): string {
  const maxLineLength = limits.maxLineLength ?? MAX_LINE_LENGTH
  const maxLength = limits.maxLength ?? Infinity
  const source = limits.singleLine ? text.replace(/[\r\n]+/g, ' ') : text
  const lines = source.split(LINE_BREAK)
  const kept: string[] = []
  let length = 0
  for (const [index, line] of lines.entries()) {
    const clean = neutralise(cleanLine(line, maxLineLength))
    const room = maxLength - length
    if (clean.length > room) {
      if (room > 0) kept.push(cutText(clean, room))
      const rest = lines.length - index - (room > 0 ? 1 : 0)
      if (rest > 0) kept.push(`…(cut: ${rest} more line${rest === 1 ? '' : 's'})`)
      break
    }
    kept.push(clean)
    length += clean.length + 1
  }
  return kept.join('\n')
}

function cleanLine(line: string, maxLength: number): string {
  // A line is read at most four times its cap (escape sequences and hidden characters shrink it), so a single
  // 10 MB line costs no more than a short one.
  const bound = Number.isFinite(maxLength) ? maxLength * 4 : Infinity
  const read = line.length > bound ? line.slice(0, bound) : line
  let clean = read.replace(TERMINAL_ESCAPE, '').replace(HIDDEN, '')
  if (clean.length > maxLength) clean = sliceWhole(clean, maxLength) + CUT
  else if (read.length < line.length) clean += CUT
  return clean
}

/** A blank-led `::` (the runner trims blanks before it reads a command). */
const LEADING_COMMAND = /^(\s*):(?=:)/

function neutraliseLine(line: string): string {
  let safe = line.replace(LEADING_COMMAND, `$1:${ZERO_WIDTH_SPACE}`)
  if (safe.includes('##[')) safe = safe.replaceAll('##[', `##${ZERO_WIDTH_SPACE}[`)
  // core's escapes for command data (%0A, %0D, %25): inert in text, broken for whoever builds commands from it.
  if (safe.includes('%')) safe = safe.replace(/%(?=0[ad]|25)/gi, `%${ZERO_WIDTH_SPACE}`)
  return safe
}

/** In Markdown, a backslash before the second character of a command keeps the text as it renders. */
export function neutraliseMarkdownLine(line: string): string {
  let safe = line.replace(LEADING_COMMAND, '$1\\:')
  if (safe.includes('##[')) safe = safe.replaceAll('##[', '##\\[')
  return safe
}

/**
 * What follows a `<` that starts HTML: a tag or closing tag (`<img`, `</x`), a comment, declaration or CDATA (`<!`), a
 * processing instruction (`<?`); and URL autolinks, whose scheme starts with a letter. Nothing else is HTML to
 * CommonMark or GitHub, so `a < b` and `a <= b` stay as they are.
 */
const HTML_START_CHAR = /[A-Za-z/!?]/

function escapeDocumentLine(line: string): string {
  let safe = line.includes('<') ? escapeTags(line) : line
  if (safe.includes('![')) safe = safe.replaceAll('![', '!\\[')
  return neutraliseMarkdownLine(safe)
}

/**
 * Every `<` that starts HTML becomes `&lt;`. One already escaped with a backslash (`\<img`) loses the backslash
 * for the entity, which shows the same and leaves no `<img` in the text for a less careful renderer to read.
 */
function escapeTags(line: string): string {
  let escaped = ''
  let from = 0
  for (let index = line.indexOf('<'); index >= 0; index = line.indexOf('<', index + 1)) {
    if (!HTML_START_CHAR.test(line[index + 1] ?? '')) continue
    let backslashes = 0
    while (index - backslashes - 1 >= from && line[index - backslashes - 1] === '\\') backslashes++
    escaped += line.slice(from, backslashes % 2 === 1 ? index - 1 : index) + '&lt;'
    from = index + 1
  }
  return escaped + line.slice(from)
}

/** Drops `<!-- … -->` comments, which render as nothing; an unclosed one stays, to be escaped with the rest. */
function stripHtmlComments(text: string): string {
  if (!text.includes('<!--')) return text
  let kept = ''
  let from = 0
  for (;;) {
    const open = text.indexOf('<!--', from)
    if (open < 0) break
    const close = text.indexOf('-->', open + 4)
    if (close < 0) break
    kept += text.slice(from, open)
    from = close + 3
  }
  return kept + text.slice(from)
}

/**
 * `@name`, `@org/team` (and `@everyone`-style words) that GitHub would turn into mentions, notifying people, in
 * Markdown that goes into a comment: a zero-width space (as an entity, which survives GitHub's sanitiser and
 * any cleaning of invisible characters) goes after the `@`, so it reads the same and notifies no one. An `@`
 * inside a word (an e-mail address) is no mention and stays as it is.
 */
export function neutraliseMentions(markdown: string): string {
  return markdown.replace(MENTION, '$1@&#8203;')
}

const MENTION = /(^|[^\p{L}\p{N}_`@])@(?=[\p{L}\p{N}])/gu
