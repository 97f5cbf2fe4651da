import type { AnalysedCommit } from './commits.js'

export interface ReleasedPullRequests {
  /** The pull requests that landed commits of the release, from the commits themselves, ascending. */
  numbers: number[]
  /** Commits that name none (a rebase merge, a direct push): GitHub's commit→pull request association may know. */
  unattributed: string[]
}

/**
 * The pull requests a release ships, as far as the commits tell: `(#12)` at the end of a header (a squash
 * merge), `Merge pull request #12 from …` and the commits such a merge brought in (linkCommits). Merge commits
 * that name none (`Merge branch 'main' into …`) bring nothing of their own and are not looked up.
 */
export function releasedPullRequests(commits: readonly AnalysedCommit[]): ReleasedPullRequests {
  const numbers = new Set<number>()
  const unattributed: string[] = []
  for (const commit of commits) {
    if (commit.pullRequest !== null) numbers.add(commit.pullRequest)
    else if (!commit.merge) unattributed.push(commit.sha)
  }
  return { numbers: [...numbers].sort((a, b) => a - b), unattributed }
}
