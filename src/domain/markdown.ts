import { cleanText } from './untrusted.js'

/**
 * Text from commits, pull requests, branches, labels, checks and BEAST MODE is untrusted. In Markdown it must
 * render as the text it is: no HTML (`<img onerror>`), no links, images, code, emphasis, maths or table cells it
 * did not come with, no heading or list it could start. It is escaped with no more than that takes, so that the
 * raw text (the release-notes output, a changelog, a notification) stays readable: a backslash escape renders as
 * nothing, and `<` and `&` become entities only where they would start a tag or an entity.
 */
const HTML_SPECIAL: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

/** Text for HTML (an attribute, an element's content): every character HTML gives a meaning to, escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => HTML_SPECIAL[char] ?? char)
}

/** Code spans, emphasis, strikethrough, links and images, table cells, maths; and the escape character itself. */
const ALWAYS_ESCAPED = new Set(['\\', '`', '*', '~', '[', ']', '|', '$'])
/**
 * What makes a line a heading, a quote, a list item or a thematic break: `#` to `######`, a `-`, `+` or number
 * with `.` or `)` before a blank (or the end), any `>`, and a line of nothing but `-` or `=` (and blanks).
 */
const BLOCK_START = /^(?:#{1,6}(?=\s|$)|[-+](?=\s|$)|\d{1,9}[.)](?=\s|$)|>|[-=][-=\s]*$)/
const TAG_START = /[A-Za-z/!?]/
const ENTITY = /^(?:#\d{1,8}|#[xX][\da-fA-F]{1,8}|[A-Za-z][A-Za-z\d]{0,31})/

/**
 * Untrusted text as one line of Markdown: cleaned and capped (see untrusted.ts), line breaks as spaces, and
 * escaped so that it renders as the same visible text wherever it is put — a list item, a table cell, after a
 * line's start — and so that no line of it is a workflow command.
 */
export function escapeMarkdown(text: string): string {
  return escapeInline(text, true)
}

/** A Markdown link whose text is escaped and whose URL we built ourselves. */
export function link(text: string, url: string): string {
  // Link text never starts a block, so `#12` stays as it is.
  return `[${escapeInline(text, false)}](${url})`
}

function escapeInline(text: string, mayStartBlock: boolean): string {
  const line = cleanText(text, { singleLine: true }).trim()
  // A block marker's first character is escaped (`\#`, `\-`, `\>`); a number's `.` or `)` (`1\.`).
  const block = mayStartBlock ? BLOCK_START.exec(line)?.[0] : undefined
  const blockMarker = block === undefined ? -1 : /^\d/.test(block) ? block.length - 1 : 0
  let escaped = ''
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!
    const first = mayStartBlock && index === 0
    if (ALWAYS_ESCAPED.has(char) || index === blockMarker) {
      escaped += `\\${char}`
    } else if (char === '_') {
      // Between two letters or digits (snake_case) an underscore cannot start or end emphasis.
      escaped += isWordChar(line[index - 1]) && isWordChar(line[index + 1]) ? '_' : '\\_'
    } else if (char === '<') {
      // At the end, whatever follows the text could open a tag.
      escaped += index + 1 === line.length || TAG_START.test(line[index + 1]!) ? '&lt;' : '<'
    } else if (char === '&') {
      escaped += startsEntity(line, index) ? '&amp;' : '&'
    } else if (first && char === ':' && line[1] === ':') {
      // `::name::` at a line's start is a workflow command to the runner.
      escaped += '\\:'
    } else {
      escaped += char
    }
  }
  return escaped
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char)
}

/** Whether the `&` at `index` starts something HTML would read as an entity (`&lt;`, `&#60;`, `&#x3C;`). */
function startsEntity(line: string, index: number): boolean {
  const name = ENTITY.exec(line.slice(index + 1, index + 34))?.[0]
  if (name === undefined) return false
  const after = index + 1 + name.length
  // At the end, whatever follows the text could end it.
  return line[after] === ';' || after === line.length
}
