import semver from 'semver'

/**
 * A tag that follows a line of stable releases: `v1` follows 1.x (major-tag), `v1.2` follows 1.2.x (minor-tag).
 * Action users pin `@v1`; the release that is the highest of its line moves it.
 */
export interface MajorTag {
  /** The tag's name: the prefix and the line, e.g. v1 or v1.2. */
  readonly name: string
  /** The line it follows, e.g. 1 or 1.2. */
  readonly line: string
}

// Numbers as semver writes them: no leading zeros.
const LINE = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))?$/

/**
 * Whether a name is a major or minor tag of this prefix (v1, v1.2), never a release tag (v1.2.3) nor anything else:
 * these are the only refs the action ever force-moves.
 */
export function isMajorTagName(name: string, prefix: string): boolean {
  return name.startsWith(prefix) && LINE.test(name.slice(prefix.length))
}

/** The tags a stable release moves: v1 with `major`, v1.2 with `minor`; none for a pre-release. */
export function majorTagsFor(
  version: string,
  prefix: string,
  asked: { major: boolean; minor: boolean }
): MajorTag[] {
  const parsed = semver.parse(version)
  if (!parsed || parsed.prerelease.length > 0) return []
  const lines = [
    ...(asked.major ? [`${parsed.major}`] : []),
    ...(asked.minor ? [`${parsed.major}.${parsed.minor}`] : [])
  ]
  return lines.map(line => ({ name: `${prefix}${line}`, line }))
}

/** The version a release tag names (`v1.2.3` with prefix `v`), or null when it is not exactly prefix + version. */
export function versionOfTag(tagName: string, prefix: string): string | null {
  if (!tagName.startsWith(prefix)) return null
  const version = semver.valid(tagName.slice(prefix.length))
  return version !== null && `${prefix}${version}` === tagName ? version : null
}

/**
 * The highest stable version of the tag's line above `version`, among the versions released (published, not
 * pre-releases), or null: then the tag may move to `version`. A 1.2.5 patch released after 1.3.0 leaves v1 alone.
 */
export function higherInLine(tag: MajorTag, version: string, released: readonly string[]): string | null {
  const [major, minor] = tag.line.split('.').map(Number)
  const higher = released
    .filter(other => semver.prerelease(other) === null && semver.gt(other, version))
    .filter(other => semver.major(other) === major && (minor === undefined || semver.minor(other) === minor))
    .sort(semver.rcompare)
  return higher[0] ?? null
}
