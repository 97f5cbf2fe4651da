import { parseHeader, parseMessage } from './commit-message.js'
import { attributeMergedPullRequests } from './merged-pull-requests.js'
import { pairReverts } from './revert-pairs.js'
import { inlinePullRequests, splitTrailingPullRequests } from './pull-request-references.js'

/** A commit as the version step sees it: read from the GitHub API, not from a checkout. */
export interface SourceCommit {
  sha: string
  message: string
  /** Number of parents: more than one for a merge commit. */
  parents: number
  /**
   * The parents' shas, first parent first (GitHub's `parents[].sha`). With them, the commits a
   * `Merge pull request #N` brought in are found and linked to #N; without them they are not.
   */
  parentShas?: string[]
  /** The committer's date (ISO 8601), when the API gave it: a monorepo's path filter starts from the oldest. */
  committedAt?: string | null
}

export type ReleaseType = 'major' | 'minor' | 'patch'

/** What a revert commit reverts: git's `Revert "<header>"` with `This reverts commit <sha>.`, or `revert: …`. */
export interface RevertTarget {
  /** The reverted commit's header, when the message names it. */
  header: string | null
  /** The reverted commits' shas (full or abbreviated), when the message names them. */
  shas: string[]
}

/** What one commit contributes to the release. */
export interface AnalysedCommit {
  sha: string
  /** The first line of the message. */
  header: string
  /** Lower case; `revert` for git's `Revert "…"` too; null when the header is not a Conventional Commits header. */
  type: string | null
  scope: string | null
  /** The header after `type(scope):`, without trailing `(#12)`; for git's revert, the reverted header. */
  subject: string
  /** A `!` header or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` note, whatever the header looks like. */
  breaking: boolean
  /** The notes' texts, their lines kept; the subject of a `!` header without a note. */
  breakingNotes: string[]
  /** The pull request that landed the commit: `(#12)` at the end of the header, else the merge that brought it in. */
  pullRequest: number | null
  /** Every pull request to link: each `#12` of the header, then the merge's; each once. */
  pullRequests: number[]
  /** What the commit asks for in this range: null when it does not release or cancels out with a revert. */
  releaseType: ReleaseType | null
  /** More than one parent. */
  merge: boolean
  /** The parents' shas, first parent first: with them, the commits a merge brought in are linked to its PR. */
  parentShas: string[]
  /** Set for a revert commit. */
  reverts: RevertTarget | null
  /** The commit in this range it cancels out with (a revert and the commit it reverts); null when it counts. */
  cancelledWith: string | null
  /** A `Release-As: 1.2.3` trailer: the version the commit asks to be released as (a leading `v` dropped). */
  releaseAs: string | null
}

const PATCH_TYPES = new Set(['fix', 'perf'])
const GIT_REVERT = 'Revert "'
// `Revert "Revert "Revert "…"""` is read this deep; deeper is taken to release.
const MAX_REVERT_DEPTH = 8
const MERGE_PULL_REQUEST = /^Merge pull request #(\d{1,9}) from /

/** git's `Revert "<header>"` (GitHub may add ` (#15)`): the quoted header and what follows it. */
function gitRevert(header: string): { quoted: string; rest: string } | null {
  if (!header.startsWith(GIT_REVERT)) return null
  const close = header.lastIndexOf('"')
  if (close < GIT_REVERT.length) return null
  return { quoted: header.slice(GIT_REVERT.length, close), rest: header.slice(close + 1) }
}

/** The release a bare header asks for: what a revert of an earlier-released commit with that header undoes. */
function headerReleaseType(header: string, depth: number): ReleaseType | null {
  const revert = gitRevert(header)
  if (revert) return revertReleases(revert.quoted, depth + 1) ? 'patch' : null
  const parsed = parseHeader(header)
  const type = parsed.type?.toLowerCase() ?? null
  if (parsed.exclamation) return 'major'
  if (type === 'revert') return revertReleases(parsed.subject ?? '', depth + 1, true) ? 'patch' : null
  if (type === 'feat') return 'minor'
  if (type !== null && PATCH_TYPES.has(type)) return 'patch'
  return null
}

/**
 * Whether reverting a commit released before this range is a release: it is when the reverted commit released.
 * A header that is not a Conventional Commits header (`revert: undo the cache`) cannot tell, and counts as a fix.
 */
function revertReleases(revertedHeader: string, depth = 0, unknownReleases = false): boolean {
  if (depth > MAX_REVERT_DEPTH) return true
  const header = splitTrailingPullRequests(revertedHeader).text
  if (unknownReleases && !gitRevert(header) && parseHeader(header).type === null) return true
  return headerReleaseType(header, depth) !== null
}

function normaliseVersion(value: string): string | null {
  const version = value.trim().replace(/^v(?=\d)/i, '')
  return version || null
}

/**
 * A copy of a piece of a message that keeps nothing else alive. V8 makes a substring a view into the string it was
 * cut from, so a kept header would keep its whole message, and a long range's messages would all stay in memory.
 * What a commit keeps is ~380 bytes (50,000 commits: 18 MB).
 */
const LONE_SURROGATE = /\p{Cs}/u

function detached<T extends string | null>(text: T): T {
  // A JSON round trip makes a flat copy: no view, no second string behind it.
  if (text === null || text.length < 13) return text
  // Through UTF-8 and back: a flat copy (a slice of a copy would be a view plus the copy); lone surrogates, which
  // UTF-8 cannot carry, are copied by slicing instead.
  return (LONE_SURROGATE.test(text) ? (' ' + text).slice(1) : Buffer.from(text).toString()) as T
}

/** Types and scopes repeat across a range: one string each. */
const WORDS = new Map<string, string>()

function word(text: string): string {
  const known = WORDS.get(text)
  if (known !== undefined) return known
  if (WORDS.size < 10_000) WORDS.set(text, text)
  return text
}

/** Most commits have no notes, pull requests or second parent: they share one empty list, frozen (never mutated). */
const NONE: never[] = Object.freeze([]) as unknown as never[]

function listOf<T>(items: T[]): T[] {
  return items.length === 0 ? NONE : items
}

export function analyseCommit(commit: SourceCommit): AnalysedCommit {
  const parsed = parseMessage(commit.message)
  const merge = commit.parents > 1
  const header = parsed.header.trim()
  const git = gitRevert(header)
  const type = git ? 'revert' : (parsed.type?.toLowerCase() ?? null)
  let text = git ? git.quoted : (parsed.subject ?? header)
  const trailing: number[] = []
  if (git) trailing.push(...splitTrailingPullRequests(git.rest).trailing)
  const split = splitTrailingPullRequests(text)
  text = split.text.trim()
  trailing.unshift(...split.trailing)
  const reverts: RevertTarget | null =
    type === 'revert'
      ? { header: detached(git ? git.quoted : text) || null, shas: revertedShas(parsed).map(detached) }
      : null

  let releaseType: ReleaseType | null = null
  // `Merge pull request #12 from …`, `Merge branch 'x'`: the commits it brought in count, not the merge.
  const ownMerge = merge && type === null
  if (ownMerge) releaseType = null
  else if (parsed.breaking) releaseType = 'major'
  else if (reverts) releaseType = revertReleases(reverts.header ?? '', 0, !git) ? 'patch' : null
  else if (type === 'feat') releaseType = 'minor'
  else if (type !== null && PATCH_TYPES.has(type)) releaseType = 'patch'

  const releaseAs = parsed.trailers.filter(trailer => /^release-as$/i.test(trailer.token)).pop()
  const kept = detached(header)
  const pullRequest = MERGE_PULL_REQUEST.exec(header)?.[1]
  return {
    sha: commit.sha,
    header: kept,
    type: type === null ? null : word(detached(type)),
    scope: git || parsed.scope === null ? null : word(detached(parsed.scope)),
    // Most subjects end the header: a view into the header's copy costs less than a copy of their own.
    subject: kept.endsWith(text) ? kept.slice(kept.length - text.length) : detached(text),
    breaking: !ownMerge && parsed.breaking,
    breakingNotes: ownMerge ? NONE : listOf(parsed.notes.map(detached)),
    pullRequest: trailing.at(-1) ?? (pullRequest ? Number(pullRequest) : null),
    pullRequests: listOf([...new Set([...inlinePullRequests(text), ...trailing])]),
    releaseType,
    merge,
    parentShas: listOf(commit.parentShas ?? []),
    reverts,
    cancelledWith: null,
    releaseAs: releaseAs ? detached(normaliseVersion(releaseAs.value)) : null
  }
}

/** `This reverts commit <sha>` lines, else a `Refs: 676104e, a215868` trailer (the Conventional Commits FAQ). */
function revertedShas(parsed: ReturnType<typeof parseMessage>): string[] {
  if (parsed.revertedShas.length > 0) return parsed.revertedShas.map(sha => sha.toLowerCase())
  return parsed.trailers
    .filter(trailer => /^refs?$/i.test(trailer.token))
    .flatMap(trailer => trailer.value.split(/[\s,]+/))
    .filter(value => /^[0-9a-f]{7,40}$/i.test(value) && !/^\d+$/.test(value))
    .map(sha => sha.toLowerCase())
}

const RANK: Record<ReleaseType, number> = { patch: 1, minor: 2, major: 3 }

/** The largest release type any commit asks for, or null when no commit is releasable. */
export function releaseTypeOf(commits: readonly AnalysedCommit[]): ReleaseType | null {
  let best: ReleaseType | null = null
  for (const commit of commits) {
    if (commit.releaseType && (!best || RANK[commit.releaseType] > RANK[best])) best = commit.releaseType
  }
  return best
}

/**
 * The commits since the last release, oldest first, each with what it asks for in this range: merge commits
 * that are not themselves Conventional Commits count for nothing (their pull request is linked to the commits
 * they brought in), and a revert cancels out with the commit it reverts when both are in the range.
 */
export function analyseCommits(commits: readonly SourceCommit[]): AnalysedCommit[] {
  return linkCommits(commits.map(analyseCommit))
}

/**
 * The second half of `analyseCommits`, once every commit of the range is analysed: reverts paired, merged pull
 * requests linked. The history is read through `analyseCommit` page by page, so no message outlives its page.
 */
export function linkCommits(analysed: AnalysedCommit[]): AnalysedCommit[] {
  pairReverts(analysed)
  attributeMergedPullRequests(analysed, analysed)
  return analysed
}

export interface CommitKindCount {
  /** `chore`, `merge`, `untyped`, `revert`, `reverted feat`… (see commitKind) */
  kind: string
  count: number
}

/** What the version rules need to know of a range. */
export interface RangeFacts {
  commitsReleaseType: ReleaseType | null
  commitCount: number
  /** How many commits of each kind, most frequent first: `[{ kind: 'chore', count: 2 }, { kind: 'merge', count: 1 }]`. */
  commitKinds: CommitKindCount[]
  /** The newest `Release-As:` trailer of a commit that counts. */
  releaseAs: { version: string; sha: string } | null
}

/** What a commit is, in the words of "3 commits: 2 chore, 1 merge". */
export function commitKind(commit: AnalysedCommit): string {
  if (commit.cancelledWith !== null) return commit.reverts ? 'revert' : `reverted ${commit.type ?? 'commit'}`
  if (commit.type !== null) return commit.type
  if (commit.merge) return 'merge'
  return commit.breaking ? 'breaking change' : 'untyped'
}

export function rangeFacts(commits: readonly AnalysedCommit[]): RangeFacts {
  const counts = new Map<string, number>()
  let releaseAs: RangeFacts['releaseAs'] = null
  for (const commit of commits) {
    const kind = commitKind(commit)
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
    if (commit.releaseAs && commit.cancelledWith === null)
      releaseAs = { version: commit.releaseAs, sha: commit.sha }
  }
  return {
    commitsReleaseType: releaseTypeOf(commits),
    commitCount: commits.length,
    commitKinds: [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
    releaseAs
  }
}
