/** Pull request numbers in a commit header: `feat: x (#12)`, `fix: regression from #45 (#50, #51)`. */

// Nine digits at most: a larger "number" is not a pull request, and stays exact as a JavaScript number.
const MAX_DIGITS = 9
const TRAILING_GROUP = /^#\d{1,9}(?:,\s*#\d{1,9})*$/
/** `#12` standing alone: not `&#39;`, `a/#12`, `C#1`, `##12` or `#12a`. */
const INLINE_PULL_REQUEST = /(?<![\w&/#])#(\d{1,9})(?![\w])/g

export interface PullRequestSplit {
  /** The text without the trailing `(#12)` groups. */
  text: string
  /** Numbers of the trailing groups, in order. */
  trailing: number[]
}

function trimmedEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1] as string)) end--
  return end
}

/** Takes the `(#12)` groups (also `(#12, #13)`) off the end of a header: what GitHub adds when it squash-merges. */
export function splitTrailingPullRequests(text: string): PullRequestSplit {
  const groups: number[][] = []
  let end = trimmedEnd(text, text.length)
  while (end > 0 && text[end - 1] === ')') {
    const open = text.lastIndexOf('(', end - 2)
    if (open === -1) break
    const inner = text.slice(open + 1, end - 1)
    if (inner.length > 200 || !TRAILING_GROUP.test(inner)) break
    groups.unshift(inner.split(',').map(part => Number(part.trim().slice(1))))
    end = trimmedEnd(text, open)
  }
  return { text: text.slice(0, end), trailing: groups.flat() }
}

/** The `#12` references inside a text, in order, each once. */
export function inlinePullRequests(text: string): number[] {
  const found = new Set<number>()
  for (const match of text.matchAll(INLINE_PULL_REQUEST)) {
    if (match[1] && match[1].length <= MAX_DIGITS) found.add(Number(match[1]))
  }
  return [...found]
}
