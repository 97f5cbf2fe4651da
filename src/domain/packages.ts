import semver from 'semver'
import type { ReleaseType } from './commits.js'

interface Linked {
  sha: string
  parentShas: readonly string[]
}

/**
 * The commits of a history (read from a head back to some base, e.g. one compare) that are not in the history of
 * `base`: a package's range when `base`, its last release, lies inside that history. Null when `base` is not one of
 * the commits (the range reaches further back than the history read).
 */
export function commitsAfter<T extends Linked>(commits: readonly T[], base: string): T[] | null {
  const bySha = new Map(commits.map(commit => [commit.sha, commit]))
  if (!bySha.has(base)) return null
  const before = new Set<string>()
  const stack = [base]
  while (stack.length > 0) {
    const sha = stack.pop() as string
    const commit = bySha.get(sha)
    if (!commit || before.has(sha)) continue
    before.add(sha)
    stack.push(...commit.parentShas)
  }
  return commits.filter(commit => !before.has(commit.sha))
}

const ORDER: readonly ReleaseType[] = ['patch', 'minor', 'major']

/** The largest of some bumps, or null when there is none. */
export function highestBump(bumps: ReadonlyArray<ReleaseType | null>): ReleaseType | null {
  let highest: ReleaseType | null = null
  for (const bump of bumps)
    if (bump && (!highest || ORDER.indexOf(bump) > ORDER.indexOf(highest))) highest = bump
  return highest
}

export interface GroupMember {
  /** Its last release; null when it has none. */
  lastVersion: string | null
  /** The version its own commits ask for; null when they ask for none. */
  planned: string | null
}

/**
 * The one version of a fixed group (packages that always share one version), when any member releases: the
 * highest bump any member's commits ask for applies to all, and the version is the highest that makes (so no
 * member goes backwards, even one that had drifted ahead of the others). Null when no member releases.
 */
export function fixedGroupVersion(members: readonly GroupMember[], bump: ReleaseType | null): string | null {
  const planned = members
    .map(member => member.planned)
    .filter((version): version is string => version !== null)
  if (planned.length === 0) return null
  const candidates = [
    ...planned,
    ...members.map(member =>
      member.lastVersion && bump ? semver.inc(member.lastVersion, bump) : member.lastVersion
    )
  ].filter((version): version is string => version !== null)
  return candidates.reduce((highest, version) => (semver.gt(version, highest) ? version : highest))
}

/** A file of a package: `file` inside its folder ('.' is the repository's root). */
export function fileInPackage(path: string, file: string): string {
  return path === '.' ? file : `${path}/${file}`
}
