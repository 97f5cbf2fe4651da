/** The little of a source commit this needs. */
interface GraphCommit {
  sha: string
  parentShas?: string[]
}

/** The little of an analysed commit this reads and links. */
interface LinkedCommit {
  header: string
  pullRequest: number | null
  pullRequests: number[]
}

const MERGE_PULL_REQUEST = /^Merge pull request #(\d{1,9}) from /

/** The pull request a merge commit merged: `Merge pull request #12 from …`, or `feat: x (#12)` for a merge. */
function mergedPullRequest(commit: LinkedCommit): number | null {
  const number = MERGE_PULL_REQUEST.exec(commit.header)?.[1]
  return number ? Number(number) : commit.pullRequest
}

/**
 * Links the commits a merge brought in to its pull request when they name none of their own, from the parents'
 * shas alone: the range is a flat list, oldest first. The main line is the first-parent chain from the newest
 * commit; each of its merges, oldest first, claims what its other parents reach off the main line and not
 * claimed before, and a pull request merged into that branch claims its own commits. Each commit is visited
 * once.
 */
export function attributeMergedPullRequests(sources: readonly GraphCommit[], commits: LinkedCommit[]): void {
  if (!sources.some(source => (source.parentShas?.length ?? 0) > 1)) return
  const index = new Map<string, number>()
  sources.forEach((source, position) => index.set(source.sha, position))
  const parentsOf = (position: number) => sources[position]?.parentShas ?? []

  const isParent = new Set<string>()
  for (const source of sources) for (const parent of source.parentShas ?? []) isParent.add(parent)
  let head = -1
  for (let position = sources.length - 1; position >= 0 && head === -1; position--) {
    if (!isParent.has(sources[position]?.sha ?? '')) head = position
  }
  const mainLine: number[] = []
  const visited = new Set<number>()
  let position: number | undefined = head === -1 ? undefined : head
  while (position !== undefined && !visited.has(position)) {
    visited.add(position)
    mainLine.push(position)
    const first: string | undefined = parentsOf(position)[0]
    position = first === undefined ? undefined : index.get(first)
  }

  for (const merge of mainLine.reverse()) {
    const parents = parentsOf(merge)
    if (parents.length < 2) continue
    const stack: Array<[string, number | null]> = parents
      .slice(1)
      .map(parent => [parent, mergedPullRequest(commits[merge] as LinkedCommit)])
    while (stack.length > 0) {
      const [sha, pullRequest] = stack.pop() as [string, number | null]
      const position = index.get(sha)
      if (position === undefined || visited.has(position)) continue
      visited.add(position)
      const commit = commits[position] as LinkedCommit
      if (pullRequest !== null && commit.pullRequest === null) {
        commit.pullRequest = pullRequest
        // A new list: an empty one is shared between commits (see analyseCommit).
        if (!commit.pullRequests.includes(pullRequest))
          commit.pullRequests = [...commit.pullRequests, pullRequest]
      }
      const [first, ...others]: string[] = parentsOf(position)
      const own = others.length > 0 ? mergedPullRequest(commit) : null
      for (const other of others) stack.push([other, own ?? pullRequest])
      if (first !== undefined) stack.push([first, pullRequest])
    }
  }
}
