import { describe, expect, it } from 'vitest'
import { parseArray, parseWithItems } from '../../src/github/json-items.js'

const bytes = (text: string) => new TextEncoder().encode(text)

/** A small deterministic generator of JSON values with the strings that trip a naive splitter. */
function values(seed: number): unknown[] {
  let state = seed
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state % n
  }
  const strings = [
    '',
    'plain',
    'a "quoted" word',
    'back\\slash\\',
    '{[brace]}',
    ',:',
    'ünïcødé ✓ 🚀',
    'line\nbreak\t',
    '\\"',
    '"]}'
  ]
  const value = (depth: number): unknown => {
    switch (depth > 3 ? next(4) : next(7)) {
      case 0:
        return strings[next(strings.length)]
      case 1:
        return next(2000) - 1000 + next(100) / 100
      case 2:
        return [true, false, null][next(3)]
      case 3:
        return -1.5e-7
      case 4:
        return Array.from({ length: next(4) }, () => value(depth + 1))
      default:
        return Object.fromEntries(
          Array.from({ length: next(5) }, (_, index) => [
            `${strings[next(strings.length)]}${index}`,
            value(depth + 1)
          ])
        )
    }
  }
  return Array.from({ length: 1 + next(20) }, () => value(0))
}

describe('splitting a page of JSON into its items', () => {
  it.each(Array.from({ length: 200 }, (_, seed) => seed + 1))('agrees with JSON.parse (seed %i)', seed => {
    const items = values(seed)
    for (const text of [JSON.stringify(items), JSON.stringify(items, null, 2)]) {
      expect(parseArray(bytes(text), item => item)).toEqual(JSON.parse(text))
      const page = {
        status: 'ahead',
        ahead_by: items.length,
        commits: items,
        files: [{ filename: 'a "b" ]' }]
      }
      for (const pageText of [JSON.stringify(page), JSON.stringify(page, null, 2)])
        expect(parseWithItems(bytes(pageText), 'commits', item => item)).toEqual(JSON.parse(pageText))
    }
  })

  it('passes each item through the reader before the next is read, and keeps the other members', () => {
    const text = '{"before": {"commits": [9]}, "commits" : [ {"sha":"a"} , {"sha":"b"} ], "after": "]"}'
    const seen: string[] = []
    const page = parseWithItems(bytes(text), 'commits', item => {
      seen.push((item as { sha: string }).sha)
      return seen.length
    })
    expect(seen).toEqual(['a', 'b'])
    expect(page).toEqual({ before: { commits: [9] }, commits: [1, 2], after: ']' })
  })

  it('reads a page without the array, or an empty one, as JSON.parse does', () => {
    expect(parseWithItems(bytes('{"status":"identical","commits":[]}'), 'commits', item => item)).toEqual({
      status: 'identical',
      commits: []
    })
    expect(parseWithItems(bytes('{"status":"diverged"}'), 'commits', item => item)).toEqual({
      status: 'diverged'
    })
    expect(parseArray(bytes(' [ ] '), item => item)).toEqual([])
  })

  it.each(['[{"a": 1}', '[{"a": "1}]', '{"commits": [1 2]}', '[1,]'])(
    'throws on malformed JSON: %s',
    text => {
      expect(() => parseArray(bytes(text), item => item)).toThrow(SyntaxError)
      expect(() => parseWithItems(bytes(text), 'commits', item => item)).toThrow(SyntaxError)
    }
  )
})
