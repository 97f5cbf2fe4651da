import { bumpLabelsOf } from '../domain/bump-labels.js'
import { getPullRequest, getRole } from '../github/pulls.js'
import { blocked, passed, skipped, type Verdict } from '../pipeline.js'
import type { LabelledPullRequest } from '../plan.js'
import type { Runtime } from '../runtime.js'

const RELEASING_ROLES = new Set(['admin', 'maintain', 'write'])

/**
 * The release-label trigger: a merged pull request carrying the release label, from a `closed` (merged) event, or
 * a `labeled` event after the merge. Only the merge commit is released — nothing from the pull request's head is
 * ever checked out or run — and only when the person who labelled or merged it may write to the repository.
 */
export async function releaseLabelTrigger(
  runtime: Runtime
): Promise<Verdict<{ pullRequest: LabelledPullRequest | null }>> {
  const { context, config, repoClient } = runtime
  const event = context.pullRequest
  const { releaseLabel, bumpLabelPrefix } = config
  if (!event) return skipped(`the ${context.eventName} event has no pull request in it`)
  if (event.action !== 'closed' && event.action !== 'labeled') {
    return skipped(
      `pull request #${event.number} was ${event.action}: only closed (merged) and labeled events can release`
    )
  }
  if (event.action === 'labeled' && event.label !== releaseLabel) {
    return skipped(
      `the label '${event.label ?? ''}' added to #${event.number} is not the release label '${releaseLabel}'`
    )
  }
  const pr = await getPullRequest(repoClient, event.number)
  if (!pr.merged || !pr.mergeCommitSha) {
    return skipped(
      `pull request #${pr.number} is not merged; it will be released when it is merged with the '${releaseLabel}' label`
    )
  }
  if (!pr.labels.includes(releaseLabel))
    return skipped(`pull request #${pr.number} does not carry the '${releaseLabel}' label`)

  const actor = event.action === 'labeled' ? event.actor : (pr.mergedBy ?? event.actor)
  if (!actor)
    return skipped(`cannot tell who ${event.action === 'labeled' ? 'labelled' : 'merged'} #${pr.number}`)
  const role = await getRole(repoClient, actor)
  if (!RELEASING_ROLES.has(role)) {
    const did = event.action === 'labeled' ? `added the '${releaseLabel}' label to` : 'merged'
    return skipped(
      `${actor} ${did} #${pr.number} but has ${role} access; releasing needs write, maintain or admin`
    )
  }

  const { labels: bumps, bumps: chosen } = bumpLabelsOf(pr.labels, bumpLabelPrefix)
  if (chosen.length > 1) {
    return blocked(
      `pull request #${pr.number} has conflicting bump labels ${bumps.join(', ')}: keep one of them`
    )
  }
  const bump = chosen[0] ?? null
  const pullRequest: LabelledPullRequest = {
    number: pr.number,
    title: pr.title,
    mergeCommitSha: pr.mergeCommitSha,
    baseRef: pr.baseRef,
    actor,
    bump
  }
  const bumpNote = bump ? `, ${bumpLabelPrefix}${bump}` : ''
  return passed(`#${pr.number} merged with '${releaseLabel}' by ${actor} (${role}${bumpNote})`, {
    pullRequest
  })
}
