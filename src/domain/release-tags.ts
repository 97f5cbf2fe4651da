import semver from 'semver'

export interface Tag {
  name: string
  sha: string
}

export interface ReleaseTag extends Tag {
  version: string
}

/** Release tags: the prefix followed by a semantic version (nothing else), highest first. */
export function releaseTags(tags: readonly Tag[], prefix: string): ReleaseTag[] {
  return tags
    .filter(tag => tag.name.startsWith(prefix))
    .map(tag => ({ ...tag, version: semver.valid(tag.name.slice(prefix.length)) }))
    .filter((tag): tag is ReleaseTag => tag.version !== null && `${prefix}${tag.version}` === tag.name)
    .sort((a, b) => semver.rcompare(a.version, b.version))
}

export function isPrerelease(version: string): boolean {
  return semver.prerelease(version) !== null
}

export type MakeLatest = 'true' | 'false' | 'legacy'

/** GitHub refuses to mark a pre-release as the latest release: those are never latest, whatever was asked. */
export function makeLatestFor(version: string, asked: MakeLatest): MakeLatest {
  return isPrerelease(version) ? 'false' : asked
}

/**
 * A pre-release number never reused: `1.2.0-rc.1` becomes `1.2.0-rc.3` when `1.2.0-rc.2` exists anywhere (a re-cut
 * release candidate on another line of history included).
 */
export function afterExistingPrereleases(version: string, existing: readonly string[]): string {
  const parsed = semver.parse(version)
  const [id, number] = parsed?.prerelease ?? []
  if (!parsed || typeof id !== 'string' || typeof number !== 'number') return version
  const base = `${parsed.major}.${parsed.minor}.${parsed.patch}`
  let highest = -1
  for (const other of existing) {
    const candidate = semver.parse(other)
    const [otherId, otherNumber] = candidate?.prerelease ?? []
    if (candidate && `${candidate.major}.${candidate.minor}.${candidate.patch}` === base && otherId === id)
      if (typeof otherNumber === 'number') highest = Math.max(highest, otherNumber)
  }
  return highest >= number ? `${base}-${id}.${highest + 1}` : version
}
