import semver from 'semver'
import type { ReleaseType } from './commits.js'

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
 * - an exact version must be greater than the last release.
 */
export function nextVersion(request: VersionRequest): VersionDecision {
  const { bump, lastVersion } = request
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
      reason: `no releasable commits since ${lastVersion} (only changes that do not bump the version: chore, docs, ci, test, style, refactor, build)`
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
