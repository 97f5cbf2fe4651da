import { compare, valid } from 'semver'
import type { ReleaseRecord } from './records.js'

/** Drafts and pre-releases are never GitHub's Latest. */
export function canBeLatest(release: ReleaseRecord): boolean {
  return !release.draft && !release.prerelease
}

/**
 * GitHub's `make_latest: legacy`: "based on the release creation date and higher semantic version". Here the
 * highest version wins, and among tags that are not versions the newest release.
 */
export function legacyLatest(releases: readonly ReleaseRecord[]): ReleaseRecord | null {
  const candidates = releases.filter(release => canBeLatest(release) && release.makeLatest !== 'false')
  let best: ReleaseRecord | null = null
  for (const release of candidates) {
    if (!best) best = release
    else if (rank(release, best) > 0) best = release
  }
  return best
}

function rank(a: ReleaseRecord, b: ReleaseRecord): number {
  const versionA = valid(a.tagName)
  const versionB = valid(b.tagName)
  if (versionA && versionB && versionA !== versionB) return compare(versionA, versionB)
  if (versionA && !versionB) return 1
  if (!versionA && versionB) return -1
  return a.createdAt === b.createdAt ? a.id - b.id : a.createdAt.localeCompare(b.createdAt)
}
