import { renderConventionalNotes } from '../domain/notes.js'
import { ActionError } from '../errors.js'
import { createTag } from '../github/refs.js'
import { createRelease, findRelease, generateNotes, type Release } from '../github/releases.js'
import { blocked, passed, skipped, type Step, type StepVerdict } from '../pipeline.js'
import type { RunState } from '../run-state.js'

/** Creates the tag (atomically) and the GitHub Release; resumes what an earlier run left half done. */
export const releaseStep: Step = {
  id: 'release',
  title: 'Tag and release',
  async run(state) {
    const plan = state.version!
    const target = state.target!
    const draft = isDeployConfigured(state) && state.config.draftUntilDeployed
    const notes = await releaseNotes(state)
    state.release = { id: null, url: null, draft, notes, createdByThisRun: false }

    if (state.config.dryRun) {
      return passed(
        `dry run: would tag ${plan.tag} at ${target.sha.slice(0, 7)} and create a ${draft ? 'draft ' : ''}release`
      )
    }

    let tagCreated = false
    if (!plan.alreadyTagged) {
      const creation = await createTag(state.gh, plan.tag, target.sha)
      if (!creation.created && creation.existingSha !== target.sha) {
        return blocked(
          `the tag ${plan.tag} was created at ${creation.existingSha?.slice(0, 7)} by someone else while this run was deciding; ` +
            `it is not ${target.sha.slice(0, 7)}, so nothing was released. Check which commit should carry ${plan.tag}.`
        )
      }
      tagCreated = creation.created
      if (!creation.created)
        state.log.info(`${plan.tag} already points at ${target.sha.slice(0, 7)}: another run tagged it`)
    }

    const existing = tagCreated ? null : await findRelease(state.gh, plan.tag)
    if (existing) return record(state, existing, false, alreadyReleased(existing))

    try {
      const creation = await createRelease(state.gh, {
        tag: plan.tag,
        sha: target.sha,
        name: plan.tag,
        body: notes,
        draft,
        prerelease: plan.version.includes('-'),
        makeLatest: state.config.makeLatest
      })
      if (!creation.created) return record(state, creation.release, false, alreadyReleased(creation.release))
      const resumed = tagCreated
        ? ''
        : ' (the tag existed from an earlier run; the missing release was created)'
      return record(
        state,
        creation.release,
        true,
        passed(`created ${draft ? 'draft ' : ''}release ${plan.tag}${resumed}`)
      )
    } catch (error) {
      if (!tagCreated) throw error
      // Never leave a tag without its release silently: say what exists, and that a rerun completes it.
      const cause = error instanceof Error ? error.message : String(error)
      throw new ActionError(
        error instanceof ActionError ? error.code : 'github-error',
        `${cause} The tag ${plan.tag} was created at ${target.sha.slice(0, 7)} but has no release yet; rerun the workflow to create it.`,
        error instanceof ActionError ? error.concerns : {}
      )
    }
  }
}

function alreadyReleased(release: Release): StepVerdict {
  return release.draft
    ? passed(`the draft release ${release.tagName} from an earlier run is reused`)
    : skipped(`already released as ${release.tagName}`)
}

function record(state: RunState, release: Release, created: boolean, verdict: StepVerdict): StepVerdict {
  state.release = {
    id: release.id,
    url: release.htmlUrl,
    draft: release.draft,
    notes: release.body,
    createdByThisRun: created
  }
  return verdict
}

/** Whether the run deploys after tagging; deploys arrive with the deploy step. */
export function isDeployConfigured(_state: RunState): boolean {
  return false
}

async function releaseNotes(state: RunState): Promise<string> {
  const plan = state.version!
  switch (state.config.releaseNotes) {
    case 'none':
      return ''
    case 'github':
      return generateNotes(state.gh, plan.tag, state.target!.sha, plan.previousTag)
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
