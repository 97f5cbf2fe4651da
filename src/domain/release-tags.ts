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
