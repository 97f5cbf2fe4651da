/**
 * Commit text as release-notes Markdown that reads like a person wrote it: quotes, apostrophes, parentheses and
 * `snake_case` stay as they are, inline code stays code, lists stay lists. What must not happen cannot: no HTML
 * (`<img onerror>` is shown, not run), no links or images the text did not come with, no emphasis running across
 * an entry, no heading or rule that fakes a section. `#12` becomes a link to the pull request.
 *
 * The rules, in one pass over the text:
 * - a code span (`` `x` ``, ``` `` a ` b `` ```) is copied as it is: Markdown shows it literally;
 * - `<` before a letter, `/`, `!` or `?` (a tag, a comment, an autolink) becomes `&lt;`; `a < b` stays;
 * - `[` and `]` are escaped, so no link, image, footnote or reference definition forms;
 * - `*`, `_` and `~` are escaped where they could close emphasis (after a non-space), except `_` inside a word;
 *   without a closer nothing can open;
 * - `$` is escaped (GitHub renders `$…$` as maths), and `&` where it starts an entity (`&lt;` stays `&lt;`);
 * - a backslash before punctuation is doubled, so that it escapes nothing of ours;
 * - an unmatched backtick is escaped;
 * - control characters and the invisible ones that hide or reorder text (bidi overrides, zero-width space) go,
 *   and a line never starts a workflow command (`::name::`) for a runner that prints the notes.
 */

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/
const ALPHANUMERIC = /[\p{L}\p{N}]/u
const SPACE = /\s/
const TAG_START = /[A-Za-z/!?]/
const ENTITY = /^(?:#\d{1,8}|#[xX][\da-fA-F]{1,8}|[A-Za-z][A-Za-z\d]{0,31});/
const HIDDEN =
  // eslint-disable-next-line no-control-regex -- control characters are what it is about
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u180e\u200b\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff]/g

/** Drops control characters and invisible ones; keeps tab and line feed. */
function visible(text: string): string {
  return text.replace(HIDDEN, '')
}

export interface InlineOptions {
  /** The URL of pull request `n`; `#n` becomes a link to it. Omitted: `#n` stays text. */
  pullRequestUrl?: (number: number) => string
  /** Numbers linked so far; `#n` is added when linked. */
  linked?: Set<number>
}

/**
 * The code spans of a text, start → end, as CommonMark finds them: a run of n backticks opens a span that the
 * next run of exactly n closes; an opener without a closer is text. Linear: each run knows the next of its length.
 */
function codeSpans(text: string): Map<number, number> {
  const runs: Array<{ start: number; end: number }> = []
  for (let index = 0; index < text.length;) {
    if (text[index] !== '`') {
      index++
      continue
    }
    const start = index
    while (text[index] === '`') index++
    runs.push({ start, end: index })
  }
  const nextOfLength: number[] = new Array<number>(runs.length).fill(-1)
  const seen = new Map<number, number>()
  for (let index = runs.length - 1; index >= 0; index--) {
    const run = runs[index] as { start: number; end: number }
    nextOfLength[index] = seen.get(run.end - run.start) ?? -1
    seen.set(run.end - run.start, index)
  }
  const spans = new Map<number, number>()
  for (let index = 0; index < runs.length; index++) {
    const closer = nextOfLength[index] as number
    if (closer === -1) continue
    spans.set((runs[index] as { start: number }).start, (runs[closer] as { end: number }).end)
    index = closer
  }
  return spans
}

function pullRequestAt(text: string, index: number): { number: number; end: number } | null {
  const before = text[index - 1]
  if (before !== undefined && /[\w&/#]/.test(before)) return null
  let end = index + 1
  while (end < text.length && end - index <= 10 && /\d/.test(text[end] as string)) end++
  const digits = end - index - 1
  if (digits < 1 || digits > 9) return null
  if (end < text.length && /\w/.test(text[end] as string)) return null
  return { number: Number(text.slice(index + 1, end)), end }
}

/** One line of commit text as inline Markdown (line breaks become spaces). */
export function inlineMarkdown(source: string, options: InlineOptions = {}): string {
  const text = visible(source.replace(/\r\n|[\r\n\u2028\u2029]/g, ' '))
  const spans = codeSpans(text)
  let out = ''
  for (let index = 0; index < text.length;) {
    const char = text[index] as string
    const previous = text[index - 1]
    const next = text[index + 1]
    const spanEnd = spans.get(index)
    if (spanEnd !== undefined) {
      out += text.slice(index, spanEnd)
      index = spanEnd
      continue
    }
    if (char === '`') {
      while (text[index] === '`') {
        out += '\\`'
        index++
      }
      continue
    }
    if (char === '#' && options.pullRequestUrl) {
      const reference = pullRequestAt(text, index)
      if (reference) {
        out += `[#${reference.number}](${options.pullRequestUrl(reference.number)})`
        options.linked?.add(reference.number)
        index = reference.end
        continue
      }
    }
    out +=
      char === '&' && ENTITY.test(text.slice(index + 1, index + 35))
        ? '&amp;'
        : escapeChar(char, previous, next)
    index++
  }
  return out
}

function escapeChar(char: string, previous: string | undefined, next: string | undefined): string {
  switch (char) {
    case '$':
      return '\\$'
    case '\\':
      return next !== undefined && ASCII_PUNCTUATION.test(next) ? '\\\\' : char
    case '<':
      // The entity, not `\\<`: no renderer reads it as a tag, not even one whose autolinking of a URL just
      // before it swallows a backslash; and the text says `<img` nowhere.
      return next !== undefined && TAG_START.test(next) ? '&lt;' : char
    case '[':
    case ']':
      return `\\${char}`
    case '*':
    case '~':
    case '_': {
      const afterSpace = previous === undefined || SPACE.test(previous)
      if (afterSpace) return char
      const inWord =
        char === '_' && ALPHANUMERIC.test(previous) && next !== undefined && ALPHANUMERIC.test(next)
      return inWord ? char : `\\${char}`
    }
    default:
      return char
  }
}

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])(\s+)(.*)$/
const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/
const RULE_OR_UNDERLINE = /^\s*([-=_*])(?:\s*\1)*\s*$/

// Lists nest this deep in one line (`- - - x`); a deeper marker is shown as text.
const MAX_MARKERS = 8

/**
 * One line that is not code: list markers kept (a list stays a list), and what follows each of them, like the
 * start of the line, can start nothing else: no heading, quote, rule or setext underline, workflow command.
 */
function blockLine(line: string, options: InlineOptions): string {
  let prefix = ''
  let rest = line
  for (let depth = 0; ; depth++) {
    if (RULE_OR_UNDERLINE.test(rest)) return prefix + rest.trim().replace(/[-=_*]/g, '\\$&')
    const item = LIST_ITEM.exec(rest)
    if (!item) break
    if (depth === MAX_MARKERS) return `${prefix}\\${inlineMarkdown(rest.trim(), options)}`
    prefix += `${item[1]}${item[2]} `
    rest = item[4] ?? ''
  }
  const indent = /^\s*/.exec(rest)?.[0] ?? ''
  const text = inlineMarkdown(rest.slice(indent.length), options)
  // A leading `#` would make a heading, a leading `>` a quote, `::` a workflow command: all are shown as the
  // characters they are.
  return prefix + indent + (/^(?:[#>]|::)/.test(text) ? `\\${text}` : text)
}

/**
 * Several lines of commit text (a breaking-change note) as Markdown blocks: paragraphs, lists (nested by their
 * indentation) and fenced code blocks keep their shape; each line's text is made safe as `inlineMarkdown` does.
 * An unclosed code block is closed.
 */
export function blockMarkdown(source: string, options: InlineOptions = {}): string[] {
  const out: string[] = []
  let fence: string | null = null
  for (const raw of source.split(/\r\n|[\r\n\u2028\u2029]/)) {
    const line = visible(raw).trimEnd()
    const fenceLine = FENCE.exec(line)
    if (fence) {
      const closes =
        fenceLine?.[2]?.[0] === fence[0] &&
        (fenceLine?.[2]?.length ?? 0) >= fence.length &&
        !fenceLine?.[3]?.trim()
      out.push(closes ? fence : line)
      if (closes) fence = null
      continue
    }
    if (fenceLine && !(fenceLine[2]?.startsWith('`') && fenceLine[3]?.includes('`'))) {
      const marker = fenceLine[2] ?? '```'
      // The info string names a language; nothing else of it is kept. The fence starts the line, where
      // Markdown takes it for one whatever its indentation was (indented four spaces, it would be text).
      const language = /^\s*([\w+#.-]{0,30})/.exec(fenceLine[3] ?? '')?.[1] ?? ''
      fence = marker
      out.push(`${marker}${language}`)
      continue
    }
    if (!line.trim()) {
      out.push('')
      continue
    }
    out.push(blockLine(line, options))
  }
  if (fence) out.push(fence)
  return out
}
