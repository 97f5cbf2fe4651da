/**
 * The issues a pull request description says it closes, as GitHub reads them: a closing keyword (close, closes,
 * closed, fix, fixes, fixed, resolve, resolves, resolved, any case, an optional colon) before `#12` or the URL of
 * an issue of this repository. References to other repositories (`owner/repo#12`) are left out: a comment there
 * is not this repository's to make.
 */
const CLOSING =
  /(?<![\w-])(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+(?:#(\d{1,9})|(https?:\/\/\S+?\/issues\/(\d{1,9})))(?![\w/-])/gi

export function closingIssueNumbers(body: string, issuesUrl: string | null = null): number[] {
  const found = new Set<number>()
  // A long description is read up to 64 KB: GitHub's own limit for a body.
  for (const match of body.slice(0, 65_536).matchAll(CLOSING)) {
    if (match[1]) found.add(Number(match[1]))
    else if (
      match[2] &&
      match[3] &&
      issuesUrl &&
      match[2].toLowerCase() === `${issuesUrl}/${match[3]}`.toLowerCase()
    )
      found.add(Number(match[3]))
  }
  return [...found]
}
