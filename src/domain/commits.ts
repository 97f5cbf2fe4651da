import { CommitParser } from 'conventional-commits-parser'

/** A commit as the version step sees it: read from the GitHub API, not from a checkout. */
export interface SourceCommit {
  sha: string
  message: string
  /** Number of parents; merge commits are left out of the analysis because their changes arrive with the merged commits. */
  parents: number
}

export type ReleaseType = 'major' | 'minor' | 'patch'

/** What one commit contributes to the release. */
export interface AnalysedCommit {
  sha: string
  type: string | null
  scope: string | null
  subject: string
  breaking: boolean
  breakingNotes: string[]
  /** Pull request number referenced as `(#12)` at the end of the header or by a merge commit. */
  pullRequest: number | null
  releaseType: ReleaseType | null
}

// The Conventional Commits 1.0 header, with the `!` breaking marker that the parser's defaults do not know.
const parser = new CommitParser({
  headerPattern: /^(\w*)(?:\((.*)\))?!?: (.*)$/,
  breakingHeaderPattern: /^(\w*)(?:\((.*)\))?!: (.*)$/,
  noteKeywords: ['BREAKING CHANGE', 'BREAKING-CHANGE']
})

const PATCH_TYPES = new Set(['fix', 'perf'])
const PULL_REQUEST_SUFFIX = /\(#(\d+)\)\s*$/

export function analyseCommit(commit: SourceCommit): AnalysedCommit {
  const parsed = parser.parse(commit.message)
  const type = parsed.type ? parsed.type.toLowerCase() : null
  const breakingNotes = parsed.notes.map(note => note.text.trim()).filter(Boolean)
  const breaking = parsed.notes.length > 0 && type !== null
  const header = (parsed.header ?? commit.message.split('\n', 1)[0] ?? '').trim()
  const pr = PULL_REQUEST_SUFFIX.exec(header)
  const subject = (parsed.subject ?? header).replace(PULL_REQUEST_SUFFIX, '').trim()
  let releaseType: ReleaseType | null = null
  if (breaking) releaseType = 'major'
  else if (type === 'feat') releaseType = 'minor'
  else if (type !== null && PATCH_TYPES.has(type)) releaseType = 'patch'
  return {
    sha: commit.sha,
    type,
    scope: parsed.scope ?? null,
    subject,
    breaking,
    breakingNotes,
    pullRequest: pr?.[1] ? Number(pr[1]) : null,
    releaseType
  }
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

export function analyseCommits(commits: readonly SourceCommit[]): AnalysedCommit[] {
  return commits.filter(commit => commit.parents <= 1).map(analyseCommit)
}
