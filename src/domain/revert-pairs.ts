import { splitTrailingPullRequests } from './pull-request-references.js'

/** The little of an analysed commit pairing reads and sets (R: its release type). */
interface PairedCommit<R> {
  sha: string
  header: string
  reverts: { header: string | null; shas: string[] } | null
  releaseType: R | null
  cancelledWith: string | null
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Removes `(#12)` groups and spaces so that `feat: x (#12)` and `feat: x` name the same commit. */
function headerKey(header: string): string {
  return splitTrailingPullRequests(header.trim()).text
}

/**
 * Pairs each revert with the commit it reverts when that commit is in the range too: both cancel out. A revert
 * of a revert brings the first commit back. Matches by sha (full or abbreviated), else by the quoted header.
 */
export function pairReverts<R>(commits: Array<PairedCommit<R>>): void {
  const own = commits.map(commit => commit.releaseType)
  const bySha = new Map<string, number>()
  const byPrefix = new Map<string, number[]>()
  const byHeader = new Map<string, number[]>()
  commits.forEach((commit, index) => {
    const sha = commit.sha.toLowerCase()
    bySha.set(sha, index)
    append(byPrefix, sha.slice(0, 7), index)
    append(byHeader, headerKey(commit.header), index)
  })
  const find = (sha: string): number | undefined =>
    bySha.get(sha) ??
    byPrefix.get(sha.slice(0, 7))?.find(index => commits[index]?.sha.toLowerCase().startsWith(sha))
  const partners = new Map<number, number[]>()
  const link = (a: number, b: number) => {
    append(partners, a, b)
    append(partners, b, a)
  }
  const drop = (from: number, to: number) =>
    partners.set(from, partners.get(from)?.filter(index => index !== to) ?? [])
  const unlink = (a: number, b: number) => {
    drop(a, b)
    drop(b, a)
  }

  commits.forEach((commit, index) => {
    if (!commit.reverts) return
    const { shas, header } = commit.reverts
    const targets: number[] = []
    let outside = false
    for (const sha of shas) {
      const target = find(sha)
      if (target === undefined || target === index) outside = true
      else targets.push(target)
    }
    if (shas.length === 0 && header) {
      const candidates = byHeader.get(headerKey(header)) ?? []
      const target = candidates.filter(other => other < index && !partners.get(other)?.length).pop()
      if (target === undefined) outside = true
      else targets.push(target)
    }
    for (const target of targets) {
      const taken = partners.get(target) ?? []
      if (taken.length === 0) link(target, index)
      else if (commits[target]?.reverts) {
        // Reverting a revert: the commit that revert had cancelled counts again.
        for (const other of taken) unlink(target, other)
        link(target, index)
      }
      // Otherwise the commit was reverted already; this revert counts for nothing.
    }
    if (targets.length > 0 && !outside && !partners.get(index)?.length) own[index] = null
  })

  commits.forEach((commit, index) => {
    const partner = partners.get(index)?.[0]
    commit.cancelledWith = partner === undefined ? null : (commits[partner]?.sha ?? null)
    commit.releaseType = partner === undefined ? (own[index] ?? null) : null
  })
}
