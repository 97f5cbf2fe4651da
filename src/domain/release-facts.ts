/**
 * The facts of one release, built once and used wherever they are shown or handed on: placeholders in
 * deploy-inputs, deploy-ref and commit-message, and the RELEASE_* variables of quality and deploy commands.
 */
export interface ReleaseFacts {
  version: string
  tag: string
  previousVersion: string | null
  /** The released commit: the target, or the version commit made on top of it once there is one. */
  sha: string
  branch: string
  /** The release page, once the release exists. */
  releaseUrl: string
}

export function releaseFacts(
  version: { version: string; tag: string; previousVersion: string | null },
  at: { sha: string; branch: string },
  releaseUrl = ''
): ReleaseFacts {
  return {
    version: version.version,
    tag: version.tag,
    previousVersion: version.previousVersion,
    sha: at.sha,
    branch: at.branch,
    releaseUrl
  }
}

/** The environment a quality or deploy command gets. */
export function releaseEnv(facts: ReleaseFacts): Record<string, string> {
  return {
    RELEASE_VERSION: facts.version,
    RELEASE_TAG: facts.tag,
    RELEASE_PREVIOUS_VERSION: facts.previousVersion ?? '',
    RELEASE_SHA: facts.sha,
    RELEASE_BRANCH: facts.branch,
    RELEASE_URL: facts.releaseUrl
  }
}
