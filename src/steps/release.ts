import { renderConventionalNotes } from '../domain/notes.js'
import { ActionError } from '../errors.js'
import { createTag } from '../github/refs.js'
import { createRelease, findRelease, generateNotes, type Release } from '../github/releases.js'
import { blocked, passed, skipped, type Step, type StepVerdict } from '../pipeline.js'
import type { RunState } from '../run-state.js'

// How long a run that lost the tag race waits to see the winner's release.
const CONCURRENT_RELEASE_WAIT_MS = 15_000
const CONCURRENT_RELEASE_POLL_MS = 1_500

/** Creates the tag (atomically) and the GitHub Release; resumes what an earlier run left half done. */
export const releaseStep: Step = {
  id: 'release',
  title: 'Tag and release',
  async run(state) {
    const plan = state.version!
    const deploys = state.deployPlan !== undefined && state.deployPlan.kind !== 'none'
    const draft = deploys && state.config.draftUntilDeployed
    if (plan.alreadyTagged) {
      // Reading what an earlier run left is safe in a dry run too, so a dry run reports what a real one would do.
      const existing = await findRelease(state.gh, plan.tag)
      if (existing) return record(state, existing, existingRelease(existing))
    }
    // Notes before the tag: if they cannot be made (release-notes: github), nothing has been written yet.
    const notes = await releaseNotes(state)
    state.release = { id: null, url: null, draft, notes }
    if (state.config.dryRun) {
      const release = `${draft ? 'a draft' : 'a'} release`
      return passed(
        plan.alreadyTagged
          ? `dry run: ${plan.tag} exists; would create its missing ${draft ? 'draft ' : ''}release`
          : `dry run: would tag ${plan.tag} at ${plan.releaseSha.slice(0, 7)} and create ${release}`
      )
    }

    if (!plan.alreadyTagged) {
      const creation = await createTag(state.gh, plan.tag, plan.releaseSha)
      if (!creation.created) {
        if (creation.existingSha !== plan.releaseSha) {
          return blocked(
            `the tag ${plan.tag} was created at ${creation.existingSha?.slice(0, 7)} by someone else while this run was deciding; ` +
              `it is not ${plan.releaseSha.slice(0, 7)}, so nothing was released. Check which commit should carry ${plan.tag}.`
          )
        }
        return concurrentRun(state)
      }
    }

    try {
      const creation = await createRelease(state.gh, {
        tag: plan.tag,
        sha: plan.releaseSha,
        name: plan.tag,
        body: notes,
        draft,
        prerelease: plan.version.includes('-'),
        makeLatest: state.config.makeLatest
      })
      if (!creation.created) return record(state, creation.release, existingRelease(creation.release))
      const resumed = plan.alreadyTagged
        ? ' (the tag existed from an earlier run; the missing release was created)'
        : ''
      return record(
        state,
        creation.release,
        passed(`created ${draft ? 'draft ' : ''}release ${plan.tag}${resumed}`)
      )
    } catch (error) {
      // Never leave a tag without its release silently: say what exists, and that a rerun completes it.
      const cause = error instanceof Error ? error.message : String(error)
      throw new ActionError(
        error instanceof ActionError ? error.code : 'github-error',
        `${cause} The tag ${plan.tag} exists at ${plan.releaseSha.slice(0, 7)} but has no release yet; rerun the workflow to create it.`,
        error instanceof ActionError ? error.concerns : {}
      )
    }
  }
}

/**
 * Another run created the tag at this very commit a moment ago: it owns the release. Wait briefly to report it,
 * and never make a second one.
 */
async function concurrentRun(state: RunState): Promise<StepVerdict> {
  const { tag } = state.version!
  state.log.info(`${tag} was just created at the same commit by another run; waiting for its release`)
  const deadline = state.clock.now() + CONCURRENT_RELEASE_WAIT_MS
  for (;;) {
    const release = await findRelease(state.gh, tag)
    if (release) {
      const verdict = release.draft
        ? skipped(`another run is releasing ${tag} (its draft release is waiting for the deploy)`)
        : skipped(`already released as ${tag} by another run`)
      return record(state, release, verdict)
    }
    if (state.clock.now() + CONCURRENT_RELEASE_POLL_MS > deadline) {
      return skipped(
        `another run created ${tag} at this commit at the same moment and is completing the release`
      )
    }
    await state.clock.sleep(CONCURRENT_RELEASE_POLL_MS)
  }
}

/** A published release means done; a draft from an earlier run is picked up again (deploy, then publish). */
function existingRelease(release: Release): StepVerdict {
  return release.draft
    ? passed(`the draft release ${release.tagName} from an earlier run is picked up again`)
    : skipped(`already released as ${release.tagName}`)
}

function record(state: RunState, release: Release, verdict: StepVerdict): StepVerdict {
  state.release = {
    id: release.id,
    url: release.htmlUrl,
    draft: release.draft,
    notes: release.body
  }
  return verdict
}

async function releaseNotes(state: RunState): Promise<string> {
  const plan = state.version!
  switch (state.config.releaseNotes) {
    case 'none':
      return ''
    case 'github':
      return generateNotes(state.gh, plan.tag, plan.releaseSha, plan.previousTag)
    case 'conventional':
      return renderConventionalNotes({
        version: plan.version,
        tag: plan.tag,
        previousTag: plan.previousTag,
        commits: plan.commits,
        links: { htmlUrl: state.repository!.htmlUrl }
      })
  }
}
