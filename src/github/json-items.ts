/**
 * A page of history is 150–400 KB of JSON. Parsed whole, its text lands in V8's large-object space and every
 * commit object GitHub sends (author, committer, URLs, verification) is built only to be thrown away: at 50,000
 * commits that garbage, not what is kept, decides the peak memory. So a page's bytes are split into its items
 * first, and each item (a kilobyte or two) is parsed on its own; the rest of the page is parsed without them.
 *
 * The splitter only finds where each value ends: strings (with their escapes) and nesting. It trusts the bytes to
 * be JSON, as JSON.parse then checks: anything malformed throws there.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COMMA = 0x2c
const COLON = 0x3a

const decoder = new TextDecoder()

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
}

function skipSpace(bytes: Uint8Array, at: number): number {
  while (isSpace(bytes[at])) at++
  return at
}

/** The index after the string that starts at `at` (its opening quote). */
function skipString(bytes: Uint8Array, at: number): number {
  for (let index = at + 1; index < bytes.length; index++) {
    const byte = bytes[index]
    if (byte === BACKSLASH) index++
    else if (byte === QUOTE) return index + 1
  }
  throw new SyntaxError('Unterminated string in JSON')
}

/** The index after the value that starts at `at` (no leading space). */
function skipValue(bytes: Uint8Array, at: number): number {
  const first = bytes[at]
  if (first === QUOTE) return skipString(bytes, at)
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let index = at
    while (index < bytes.length) {
      const byte = bytes[index]
      if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) break
      index++
    }
    return index
  }
  let depth = 0
  for (let index = at; index < bytes.length; index++) {
    const byte = bytes[index]
    if (byte === QUOTE) index = skipString(bytes, index) - 1
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++
    else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) return index + 1
  }
  throw new SyntaxError('Unexpected end of JSON input')
}

/** The items of the array that starts at `at` (its `[`), parsed one by one, and the index after it. */
function arrayItems<T>(
  bytes: Uint8Array,
  at: number,
  item: (value: unknown) => T
): { items: T[]; end: number } {
  const items: T[] = []
  let index = skipSpace(bytes, at + 1)
  if (bytes[index] === CLOSE_BRACKET) return { items, end: index + 1 }
  for (;;) {
    const end = skipValue(bytes, index)
    items.push(item(JSON.parse(decoder.decode(bytes.subarray(index, end)))))
    index = skipSpace(bytes, end)
    if (bytes[index] === CLOSE_BRACKET) return { items, end: index + 1 }
    if (bytes[index] !== COMMA) throw new SyntaxError(`Expected ',' or ']' at ${index} in JSON`)
    index = skipSpace(bytes, index + 1)
  }
}

/** A JSON array, each item parsed on its own and passed through `item` before the next is read. */
export function parseArray<T>(bytes: Uint8Array, item: (value: unknown) => T): T[] {
  const start = skipSpace(bytes, 0)
  if (bytes[start] !== OPEN_BRACKET) return (JSON.parse(decoder.decode(bytes)) as unknown[]).map(item)
  return arrayItems(bytes, start, item).items
}

/**
 * A JSON object whose member `key` is an array: that array's items are parsed one by one through `item`, the
 * rest of the object at once. Returns the object with the mapped items under `key`.
 */
export function parseWithItems<T>(
  bytes: Uint8Array,
  key: string,
  item: (value: unknown) => T
): Record<string, unknown> {
  let index = skipSpace(bytes, 0)
  if (bytes[index] === OPEN_BRACE) {
    index = skipSpace(bytes, index + 1)
    while (bytes[index] === QUOTE) {
      const keyEnd = skipString(bytes, index)
      const name = JSON.parse(decoder.decode(bytes.subarray(index, keyEnd))) as string
      index = skipSpace(bytes, keyEnd)
      if (bytes[index] !== COLON) break
      const valueStart = skipSpace(bytes, index + 1)
      if (name === key && bytes[valueStart] === OPEN_BRACKET) {
        const { items, end } = arrayItems(bytes, valueStart, item)
        const rest = `${decoder.decode(bytes.subarray(0, valueStart))}[]${decoder.decode(bytes.subarray(end))}`
        return { ...(JSON.parse(rest) as Record<string, unknown>), [key]: items }
      }
      index = skipSpace(bytes, skipValue(bytes, valueStart))
      if (bytes[index] !== COMMA) break
      index = skipSpace(bytes, index + 1)
    }
  }
  const whole = JSON.parse(decoder.decode(bytes)) as Record<string, unknown>
  const list = whole[key]
  return Array.isArray(list) ? { ...whole, [key]: list.map(item) } : whole
}
