import semver from 'semver'
import type { CommitKindCount, ReleaseType } from './commits.js'

/** How the next version is chosen: from the commits, by a named bump, or given outright. */
export type BumpRequest =
  | { kind: 'auto' }
  | { kind: 'prerelease' }
  | { kind: 'type'; type: ReleaseType }
  | { kind: 'exact'; version: string }

export interface VersionRequest {
  bump: BumpRequest
  /** The last release, or null when the repository has never been released. */
  lastVersion: string | null
  /** What the commits since the last release ask for; null when none is releasable. */
  commitsReleaseType: ReleaseType | null
  /** Commits since the last release, releasable or not. */
  commitCount: number
  /** Set for pre-releases (`rc` → `1.2.0-rc.0`); `bump: prerelease` without one uses `rc`. */
  prereleaseId: string
  initialVersion: string
  /** A `Release-As: 2.0.0` trailer in the range (`rangeFacts(commits).releaseAs`): that version is released. */
  releaseAs?: { version: string; sha: string } | null
  /** The commits by kind (`rangeFacts(commits).commitKinds`), so that "nothing to release" says what there was. */
  commitKinds?: readonly CommitKindCount[]
}

export type VersionDecision =
  | { release: true; version: string; releaseType: ReleaseType | 'exact' | 'initial'; reason: string }
  | { release: false; reason: string }

export class VersionRuleError extends Error {}

const DEFAULT_PRERELEASE_ID = 'rc'

/**
 * The next version, by these rules:
 * - no earlier release: `initialVersion` (as a pre-release when one is asked for), or the exact version given;
 * - `auto`: the largest bump the Conventional Commits ask for; before 1.0.0 a breaking change bumps the minor
 *   version (0.x is unstable by SemVer's own rule, so 0.4.2 + breaking → 0.5.0, not 1.0.0);
 * - a pre-release continues the counter when the current pre-release already covers the bump
 *   (1.2.0-rc.0 + fix → 1.2.0-rc.1) and starts a new one otherwise (1.1.0 + feat → 1.2.0-rc.0);
 * - an exact version must be greater than the last release;
 * - a `Release-As: x.y.z` trailer in the range releases x.y.z, which must be greater than the last release; only
 *   an exact version given to the action comes before it (it is the newer decision).
 */
export function nextVersion(request: VersionRequest): VersionDecision {
  const { bump, lastVersion } = request
  if (bump.kind !== 'exact' && request.releaseAs && request.commitCount > 0) {
    return releaseAsDecision(request.releaseAs, lastVersion)
  }
  if (bump.kind === 'exact') {
    if (lastVersion && !semver.gt(bump.version, lastVersion)) {
      throw new VersionRuleError(
        `The version ${bump.version} is not greater than the last release ${lastVersion}. Give a version above ${lastVersion}, or use bump: auto.`
      )
    }
    return {
      release: true,
      version: bump.version,
      releaseType: 'exact',
      reason: `version ${bump.version} was asked for`
    }
  }
  const prereleaseId = request.prereleaseId || (bump.kind === 'prerelease' ? DEFAULT_PRERELEASE_ID : '')
  if (!lastVersion) {
    const version = prereleaseId ? `${request.initialVersion}-${prereleaseId}.0` : request.initialVersion
    return {
      release: true,
      version,
      releaseType: 'initial',
      reason: `first release (no earlier release tag)`
    }
  }
  if (request.commitCount === 0) {
    return { release: false, reason: `no commits since ${lastVersion}` }
  }
  let type: ReleaseType | null = bump.kind === 'type' ? bump.type : request.commitsReleaseType
  if (!type) {
    return {
      release: false,
      reason: `no releasable commits since ${lastVersion} (${rangeContents(request)})`
    }
  }
  const demoted = type === 'major' && bump.kind !== 'type' && semver.major(lastVersion) === 0
  if (demoted) type = 'minor'
  const version = prereleaseId
    ? nextPrerelease(lastVersion, type, prereleaseId)
    : semver.inc(lastVersion, type)
  if (!version) throw new VersionRuleError(`Cannot bump ${lastVersion} by ${type}.`)
  const why =
    bump.kind === 'type'
      ? `bump: ${type} was asked for`
      : `${type} bump from the commits${demoted ? ' (breaking change before 1.0.0 bumps minor)' : ''}`
  return { release: true, version, releaseType: type, reason: why }
}

function releaseAsDecision(
  forced: { version: string; sha: string },
  lastVersion: string | null
): VersionDecision {
  const where = `Release-As: ${forced.version} in commit ${forced.sha.slice(0, 7)}`
  const version = semver.valid(forced.version)
  if (!version) {
    throw new VersionRuleError(
      `${where} is not a version. Write a SemVer version such as Release-As: 2.0.0 in a new commit.`
    )
  }
  if (lastVersion && !semver.gt(version, lastVersion)) {
    throw new VersionRuleError(
      `${where} is not greater than the last release ${lastVersion}. Push a commit with Release-As: and a version above ${lastVersion}, or revert that commit.`
    )
  }
  return {
    release: true,
    version,
    releaseType: 'exact',
    reason: `${where}${lastVersion ? '' : ' (first release)'}`
  }
}

/** "3 commits: 2 chore, 1 merge", or the old wording when the kinds are not known. */
function rangeContents(request: VersionRequest): string {
  const commits = `${request.commitCount} commit${request.commitCount === 1 ? '' : 's'}`
  const kinds = request.commitKinds ?? []
  if (kinds.length === 0) {
    return `${commits}, only changes that do not bump the version: chore, docs, ci, test, style, refactor, build`
  }
  return `${commits}: ${kinds.map(({ kind, count }) => `${count} ${kind}`).join(', ')}`
}

function nextPrerelease(last: string, type: ReleaseType, id: string): string | null {
  const parsed = semver.parse(last)
  if (!parsed) return null
  if (parsed.prerelease.length > 0 && coversBump(parsed, type)) return semver.inc(last, 'prerelease', id)
  return semver.inc(last, `pre${type}`, id)
}

/** Whether a pre-release's base version already contains a bump of this size (2.0.0-rc.1 covers any). */
function coversBump(version: semver.SemVer, type: ReleaseType): boolean {
  if (type === 'major') return version.minor === 0 && version.patch === 0
  if (type === 'minor') return version.patch === 0
  return true
}
