import semver from 'semver'
import { waitFor } from '../clock.js'
import { POLL } from '../domain/backoff.js'
import { releaseTags } from '../domain/release-tags.js'
import { latestToComplete } from '../config/packages.js'
import { ActionError } from '../errors.js'
import { isAncestor, listTags } from '../github/history.js'
import { createTag, deleteTag } from '../github/refs.js'
import { listDispatchRuns } from '../github/workflows.js'
import {
  createRelease,
  deleteRelease,
  latestMissing,
  markLatestIfHighest,
  listAllReleases,
  releasesFor,
  type Release
} from '../github/releases.js'
import { blocked, passed, skipped, type Verdict, type WritingStep } from '../pipeline.js'
import type { ReleasePlan, ReleaseRecord } from '../plan.js'
import type { Runtime } from '../runtime.js'

// How long a run that finds another run's fresh draft waits to see it published, before saying so.
const CONCURRENT_RELEASE_WAIT_MS = 15_000
// A draft this old was left by an earlier run (one that failed or was stopped), not made by a run going on now.
const STALE_DRAFT_MS = 10 * 60_000

type Known = ReleasePlan & { releaseSha: string }
type Made = { release: ReleaseRecord }

/**
 * The tag and the GitHub Release, by the release protocol (README, "Re-runs and races"):
 * - the tag is the lock: created in one atomic request; a tag already at this commit is this release's (an earlier
 *   run, a concurrent one, or our own answer lost after the write), a tag elsewhere blocks;
 * - the release is adopted or created so that every run converges on one: the published release, else the oldest
 *   draft for the tag; a run whose own draft lost the race deletes it and follows the oldest;
 * - a newer release that already contains this commit means there is nothing to release.
 *
 * The states of one version and the next action of any run that meets them (version step → release step → deploy
 * step → publish step):
 *
 *   tag            release                deploy (workflow)            next action
 *   none           none                   -                            tag, create release (draft if deploying)
 *   none           draft(s)               -                            tag, adopt the oldest draft
 *   at commit      none                   -                            create the release (an answer was lost)
 *   at commit      fresh draft            not failed                   concurrent run: wait for it, bounded, then take over
 *   at commit      draft (old, or failed) -                            adopt, deploy, publish
 *   at commit      draft                  success at the commit        adopt the run, publish
 *   at commit      draft                  under way                    wait for that run, publish
 *   at commit      published              missing or failed            deploy (no new release)
 *   at commit      published, not Latest  -                            mark Latest if highest (published <10 min ago:
 *                                                                       wait ≤15 s for its run to mark it, then skip)
 *   at commit      published              success (or no deploy)       skipped: already released
 *   elsewhere      -                      -                            blocked: the tag names another commit
 *   newer release contains the commit     -                            skipped; a tag made meanwhile is deleted
 */
export const releaseStep: WritingStep<Known, Made> = {
  id: 'release',
  title: 'Tag and release',
  writes: true,
  simulate(known, runtime) {
    const { version, releaseSha, notes } = known
    const existing = version.existing.release
    if (existing)
      return passed(`would pick up the draft release ${existing.tagName} from an earlier run`, {
        release: record(existing, 'earlier-run')
      })
    const draft = isDraft(known, runtime)
    const kind = `${draft ? 'a draft' : 'a'} release`
    return passed(
      version.existing.tagSha
        ? `${version.tag} exists without a release; would create ${kind} for it`
        : `would tag ${version.tag} at ${releaseSha.slice(0, 7)} and create ${kind}`,
      { release: { id: null, url: null, draft, notes, origin: 'this-run' } }
    )
  },
  async run(known, runtime) {
    const { version, releaseSha } = known
    const { repoClient } = runtime
    if (!version.existing.tagSha) {
      const creation = await createTag(repoClient, version.tag, releaseSha)
      if (!creation.created && creation.existingSha !== releaseSha) {
        return blocked(
          `the tag ${version.tag} was created at ${creation.existingSha?.slice(0, 7)} by someone else while this run was deciding; ` +
            `it is not ${releaseSha.slice(0, 7)}, so nothing was released. Check which commit should carry ${version.tag}.`
        )
      }
      // Not created here: an earlier or concurrent run made it, or GitHub lost its answer after making it. Either
      // way the tag is this release's; the release below is adopted or made, never duplicated.
      if (!creation.created) runtime.log.info(`${version.tag} already exists at ${releaseSha.slice(0, 7)}`)
      // Both reads come after the tag: the releases are read while the overtaking check runs (a round trip less);
      // a failure is reported where the list is awaited.
      const releases = listAllReleases(repoClient)
      releases.catch(() => undefined)
      // A newer release may have overtaken this run while it tagged: then the tag is taken back, nothing released.
      const overtaken = await newerReleaseContaining(known, runtime)
      if (overtaken) {
        await deleteTag(repoClient, version.tag)
        return skipped(
          `${overtaken} is already released and contains ${releaseSha.slice(0, 7)}; ${version.tag} would be lower (its tag was taken back)`
        )
      }
      return completeRelease(known, runtime, releases)
    }
    return completeRelease(known, runtime, listAllReleases(repoClient))
  }
}

/** Adopts or creates the tag's release; never leaves a tag without its release silently. */
async function completeRelease(
  known: Known,
  runtime: Runtime,
  releases: Promise<Release[]>
): Promise<Verdict<Made>> {
  const { version, releaseSha } = known
  try {
    return await adoptOrCreate(known, runtime, releases)
  } catch (error) {
    // Say what exists, and that a rerun completes it.
    const cause = error instanceof Error ? error.message : String(error)
    throw new ActionError(
      error instanceof ActionError ? error.code : 'github-error',
      `${cause} The tag ${version.tag} exists at ${releaseSha.slice(0, 7)} but may have no release yet; rerun the workflow to complete it.`,
      error instanceof ActionError ? error.concerns : {}
    )
  }
}

/** A release waits as a draft for its deploy when one is configured and draft-until-deployed is on. */
function isDraft(known: Known, runtime: Runtime): boolean {
  return known.deployPlan.kind !== 'none' && runtime.config.draftUntilDeployed
}

async function adoptOrCreate(
  known: Known,
  runtime: Runtime,
  releases: Promise<Release[]>
): Promise<Verdict<Made>> {
  const { version, releaseSha, notes } = known
  const { repoClient } = runtime
  const found = canonical(releasesFor(await releases, version.tag))
  if (found) return adopted(known, runtime, found, await madeByEarlierRun(found, known, runtime))
  const draft = isDraft(known, runtime)
  const { tagPrefix } = runtime.config
  // Latest is marked once the release exists and is still the highest (a draft: when it is published).
  const latest = runtime.config.makeLatest
  const creation = await createRelease(repoClient, {
    tag: version.tag,
    sha: releaseSha,
    name: version.tag,
    body: notes,
    draft,
    version: version.version,
    makeLatest: latest === 'legacy' ? 'legacy' : 'false'
  })
  if (!creation.created) return adopted(known, runtime, creation.release, false)
  if (!draft && latest === 'true')
    await markLatestIfHighest(repoClient, tagPrefix, creation.release, version.version)
  // Drafts do not lock their tag: another run may have made one at the same moment. The oldest one wins.
  const winner = draft ? canonical(releasesFor(await listAllReleases(repoClient), version.tag)) : null
  if (winner && winner.id !== creation.release.id) {
    await deleteRelease(repoClient, creation.release.id)
    runtime.log.info(
      `Another run made draft ${winner.id} for ${version.tag} first; this run's draft was removed`
    )
    return adopted(known, runtime, winner, false)
  }
  const resumed = version.existing.tagSha
    ? ' (the tag existed from an earlier run; the missing release was created)'
    : ''
  return passed(`created ${draft ? 'draft ' : ''}release ${version.tag}${resumed}`, {
    release: record(creation.release, 'this-run')
  })
}

/**
 * Whether a release was left by an earlier run rather than made by one going on now: a published release or an
 * old draft, or a fresh draft whose deploy already failed (that run has stopped). A fresh draft with its deploy
 * under way, or not dispatched yet, is a concurrent run's.
 */
async function madeByEarlierRun(release: Release, known: Known, runtime: Runtime): Promise<boolean> {
  if (!release.draft || runtime.clock.now() - Date.parse(release.createdAt) > STALE_DRAFT_MS) return true
  const { deployPlan, releaseSha } = known
  if (deployPlan.kind !== 'workflow') return false
  const runs = await listDispatchRuns(runtime.repoClient, deployPlan.workflow.id, releaseSha)
  return runs.length > 0 && runs.every(run => run.status === 'completed' && run.conclusion !== 'success')
}

/** The release every run agrees on: the published one, else the oldest draft. */
function canonical(releases: readonly Release[]): Release | null {
  return releases.find(release => !release.draft) ?? releases[0] ?? null
}

/**
 * A release another run made (or an earlier run of ours). A published one is done unless its deploy is missing;
 * a fresh draft of a concurrent run is that run's to deploy and publish: wait briefly to see it published.
 */
async function adopted(
  known: Known,
  runtime: Runtime,
  release: Release,
  fromEarlierRun: boolean
): Promise<Verdict<Made>> {
  const { tag } = known.version
  const origin = fromEarlierRun ? 'earlier-run' : 'concurrent-run'
  if (!release.draft) {
    const by = fromEarlierRun ? '' : ' by another run'
    const { tagPrefix } = runtime.config
    const { repoClient } = runtime
    const asked = latestToComplete(runtime.config)
    const missing = () => latestMissing(repoClient, tagPrefix, release, known.version.version, asked)
    if (fromEarlierRun && (await missing())) {
      // Published moments ago and not yet Latest: the run that published it marks it next (a second later), or
      // died before it could. Wait to see which: only an abandoned mark is this run's to complete.
      if (runtime.clock.now() - Date.parse(release.createdAt) < STALE_DRAFT_MS) {
        const marked = await waitFor(
          runtime.clock,
          { policy: POLL, timeoutMs: CONCURRENT_RELEASE_WAIT_MS },
          async () => !(await missing()),
          done => done
        )
        if (marked)
          return skipped(`already released as ${tag} by another run`, {
            release: record(release, 'concurrent-run')
          })
      }
      await markLatestIfHighest(repoClient, tagPrefix, release, known.version.version)
      return passed(`${tag} was published by an earlier run; it is now marked latest`, {
        release: record(release, origin)
      })
    }
    return known.deployPlan.kind === 'workflow'
      ? passed(`${tag} is published${by}; its deploy is checked next`, { release: record(release, origin) })
      : skipped(`already released as ${tag}${by}`, { release: record(release, origin) })
  }
  if (fromEarlierRun)
    return passed(`the draft release ${tag} from an earlier run is picked up again`, {
      release: record(release, origin)
    })
  runtime.log.info(`Another run is releasing ${tag} (draft ${release.id}); waiting for it to be published`)
  const latest = await waitFor(
    runtime.clock,
    { policy: POLL, timeoutMs: CONCURRENT_RELEASE_WAIT_MS },
    async () => canonical(releasesFor(await listAllReleases(runtime.repoClient), tag)),
    current => current === null || !current.draft
  )
  if (latest && !latest.draft)
    return skipped(`already released as ${tag} by another run`, { release: record(latest, origin) })
  // Still a draft: its deploy step (ours or the other run's) sees whether a deploy is under way and takes over if not.
  return passed(`the draft release ${tag} of another run is picked up (it is not published yet)`, {
    release: record(latest ?? release, origin)
  })
}

/** A release tag above ours that already contains the commit: releasing ours would go backwards. */
async function newerReleaseContaining(known: Known, runtime: Runtime): Promise<string | null> {
  const { version, releaseSha } = known
  const higher = releaseTags(await listTags(runtime.repoClient), runtime.config.tagPrefix).filter(tag =>
    semver.gt(tag.version, version.version)
  )
  for (const tag of higher.slice(-5)) {
    if (await isAncestor(runtime.repoClient, releaseSha, tag.sha)) return tag.name
  }
  return null
}

function record(release: Release, origin: ReleaseRecord['origin']): ReleaseRecord {
  return { id: release.id, url: release.htmlUrl, draft: release.draft, notes: release.body, origin }
}
