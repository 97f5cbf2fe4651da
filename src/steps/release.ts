import { waitFor } from '../clock.js'
import { POLL } from '../domain/backoff.js'
import { ActionError } from '../errors.js'
import { createTag } from '../github/refs.js'
import { createRelease, findRelease, type Release } from '../github/releases.js'
import { blocked, passed, skipped, type Verdict, type WritingStep } from '../pipeline.js'
import type { ReleasePlan, ReleaseRecord } from '../plan.js'
import type { Runtime } from '../runtime.js'

// How long a run that lost the tag race waits to see the winner's release.
const CONCURRENT_RELEASE_WAIT_MS = 15_000

type Known = ReleasePlan & { releaseSha: string }
type Made = { release: ReleaseRecord }

/** Creates the tag (atomically) and the GitHub Release; resumes what an earlier run left half done. */
export const releaseStep: WritingStep<Known, Made> = {
  id: 'release',
  title: 'Tag and release',
  writes: true,
  simulate(known, runtime) {
    const { version, releaseSha, notes } = known
    const draft = isDraft(known, runtime)
    const existing = version.existing.release
    if (existing)
      return passed(`would pick up the draft release ${existing.tagName} from an earlier run`, {
        release: record(existing)
      })
    const release = { id: null, url: null, draft, notes }
    const kind = `${draft ? 'a draft' : 'a'} release`
    return passed(
      version.existing.tagSha
        ? `${version.tag} exists; would create its missing ${kind}`
        : `would tag ${version.tag} at ${releaseSha.slice(0, 7)} and create ${kind}`,
      { release }
    )
  },
  async run(known, runtime) {
    const { version, releaseSha, notes } = known
    const { repoClient, config } = runtime
    const existing = version.existing.release
    if (existing) {
      return passed(`the draft release ${existing.tagName} from an earlier run is picked up again`, {
        release: record(existing)
      })
    }
    if (!version.existing.tagSha) {
      const creation = await createTag(repoClient, version.tag, releaseSha)
      if (!creation.created) {
        if (creation.existingSha !== releaseSha) {
          return blocked(
            `the tag ${version.tag} was created at ${creation.existingSha?.slice(0, 7)} by someone else while this run was deciding; ` +
              `it is not ${releaseSha.slice(0, 7)}, so nothing was released. Check which commit should carry ${version.tag}.`
          )
        }
        return concurrentRun(known, runtime)
      }
    }
    const draft = isDraft(known, runtime)
    try {
      const creation = await createRelease(repoClient, {
        tag: version.tag,
        sha: releaseSha,
        name: version.tag,
        body: notes,
        draft,
        version: version.version,
        makeLatest: config.makeLatest
      })
      const release = record(creation.release)
      if (!creation.created) return existingRelease(creation.release)
      const resumed = version.existing.tagSha
        ? ' (the tag existed from an earlier run; the missing release was created)'
        : ''
      return passed(`created ${draft ? 'draft ' : ''}release ${version.tag}${resumed}`, { release })
    } catch (error) {
      // Never leave a tag without its release silently: say what exists, and that a rerun completes it.
      const cause = error instanceof Error ? error.message : String(error)
      throw new ActionError(
        error instanceof ActionError ? error.code : 'github-error',
        `${cause} The tag ${version.tag} exists at ${releaseSha.slice(0, 7)} but has no release yet; rerun the workflow to create it.`,
        error instanceof ActionError ? error.concerns : {}
      )
    }
  }
}

/** A release waits as a draft for its deploy when one is configured and draft-until-deployed is on. */
function isDraft(known: Known, runtime: Runtime): boolean {
  return known.deployPlan.kind !== 'none' && runtime.config.draftUntilDeployed
}

/**
 * Another run created the tag at this very commit a moment ago: it owns the release. Wait briefly to report it,
 * and never make a second one.
 */
async function concurrentRun(known: Known, runtime: Runtime): Promise<Verdict<Made>> {
  const { tag } = known.version
  runtime.log.info(`${tag} was just created at the same commit by another run; waiting for its release`)
  const release = await waitFor(
    runtime.clock,
    { policy: POLL, timeoutMs: CONCURRENT_RELEASE_WAIT_MS },
    () => findRelease(runtime.repoClient, tag),
    found => found !== null
  )
  if (!release)
    return skipped(
      `another run created ${tag} at this commit at the same moment and is completing the release`
    )
  return release.draft
    ? skipped(`another run is releasing ${tag} (its draft release is waiting for the deploy)`, {
        release: record(release)
      })
    : skipped(`already released as ${tag} by another run`, { release: record(release) })
}

/** A release another run made for this tag: published means done; a draft is picked up again. */
function existingRelease(release: Release): Verdict<Made> {
  return release.draft
    ? passed(`the draft release ${release.tagName} from an earlier run is picked up again`, {
        release: record(release)
      })
    : skipped(`already released as ${release.tagName}`, { release: record(release) })
}

function record(release: Release): ReleaseRecord {
  return { id: release.id, url: release.htmlUrl, draft: release.draft, notes: release.body }
}
