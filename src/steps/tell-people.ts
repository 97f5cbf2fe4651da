import { closingIssueNumbers } from '../domain/closing-references.js'
import { releasedMarker, renderReleasedComment } from '../domain/comment-released.js'
import { releasedPullRequests } from '../domain/released-pull-requests.js'
import { ActionError } from '../errors.js'
import {
  addLabels,
  createMarkedComment,
  findMarkedComment,
  getConversation,
  mergedPullRequestsOf,
  recentlyLabelled,
  type Conversation
} from '../github/issues.js'
import { passed, warned, type Verdict, type WritingStep } from '../pipeline.js'
import type { ReleasePlan, ReleaseRecord } from '../plan.js'
import type { Runtime } from '../runtime.js'

type Known = ReleasePlan & { release: ReleaseRecord }

/** Commits without a pull request in their message that are looked up through GitHub, at most, per release. */
const MAX_LOOKUPS = 100

/** What telling people came to. */
export interface Told {
  /** Pull requests and issues commented on by this run. */
  commented: number[]
  /** Those an earlier run had commented on already (its marker was found). */
  alreadyTold: number[]
  labelled: number[]
  /** Locked conversations, left alone. */
  locked: number[]
  /** Not commented on: comment-limit was reached. */
  overLimit: number[]
}

type Made = { told: Told | null }

/**
 * After the release is published (never while it is a draft awaiting its deploy): a comment on each pull request
 * it ships and on each issue they close, and the released label on the pull requests. Each comment carries a
 * hidden marker with the tag, looked for first, so a rerun comments no second time; the label goes on last, so a
 * labelled pull request is one that was told. At most comment-limit comments per release.
 */
export const tellPeopleStep: WritingStep<Known, Made> = {
  id: 'tell-people',
  title: 'Tell people',
  writes: true,
  simulate({ version, release }, runtime) {
    if (!runtime.config.commentOnReleased)
      return passed('not asked for (comment-on-released: false)', { told: null })
    const { numbers } = releasedPullRequests(version.commits)
    const list =
      numbers.length > 0 ? numbers.map(number => `#${number}`).join(', ') : 'none named in the commits'
    const when = release.draft ? ' once the release is published' : ''
    return passed(
      `would comment on the pull requests of ${version.tag} (${list}) and the issues they close${when}`,
      {
        told: null
      }
    )
  },
  async run({ version, release, repository }, runtime) {
    // Two runs at once: the one that made the release tells people, so no pull request hears it twice.
    if (release.origin === 'concurrent-run')
      return passed(`another run released ${version.tag}; that run tells people`, { told: null })
    return tellPeople(runtime, {
      tag: version.tag,
      release,
      commits: version.commits,
      htmlUrl: repository.htmlUrl
    })
  }
}

/**
 * The same, for a run that finds its version released already (a rerun, a later scheduled run): a run before it
 * may have stopped while telling, so it finishes that; one cheap look at the labels usually shows there is
 * nothing left to do.
 */
export const tellPeopleAgainStep: WritingStep<Pick<ReleasePlan, 'version' | 'repository'>, Made> = {
  id: 'tell-people',
  title: 'Tell people',
  writes: true,
  simulate() {
    return passed('would finish telling people, if an earlier run did not', { told: null })
  },
  async run({ version, repository }, runtime) {
    const release = version.existing.release
    if (!release) return passed('there is no release to tell of', { told: null })
    return tellPeople(runtime, {
      tag: version.tag,
      release: { draft: release.draft, url: release.htmlUrl },
      commits: version.commits,
      htmlUrl: repository.htmlUrl,
      quickCheck: true
    })
  }
}

/**
 * Tells people of a release. With quickCheck (a rerun that finds the version released already), one request for
 * the recently labelled pull requests first: when every pull request named in the commits is among them, an
 * earlier run told everyone.
 */
export async function tellPeople(
  runtime: Runtime,
  input: {
    tag: string
    release: Pick<ReleaseRecord, 'draft' | 'url'>
    commits: ReleasePlan['version']['commits']
    htmlUrl: string
    quickCheck?: boolean
  }
): Promise<Verdict<Made>> {
  const { tag, release, commits, htmlUrl, quickCheck = false } = input
  const { config, log, repoClient } = runtime
  if (!config.commentOnReleased) return passed('not asked for (comment-on-released: false)', { told: null })
  if (release.draft) return passed(`${tag} is a draft: nobody is told before it is published`, { told: null })
  const found = releasedPullRequests(commits)
  // The issues list takes labels comma-separated: a label with a comma cannot be asked for.
  const listable = config.releasedLabel !== '' && !config.releasedLabel.includes(',')
  if (quickCheck && listable && found.unattributed.length === 0) {
    const labelled = await recentlyLabelled(repoClient, config.releasedLabel)
    if (found.numbers.every(number => labelled.has(number)))
      return passed(
        `the pull requests of ${tag} were told by an earlier run (all labelled '${config.releasedLabel}')`,
        {
          told: null
        }
      )
  }
  const told: Told = { commented: [], alreadyTold: [], labelled: [], locked: [], overLimit: [] }
  try {
    const numbers = await withLookups(runtime, found)
    const marker = releasedMarker(tag)
    const issuesUrl = `${htmlUrl}/issues`
    const issuesTold = new Set<number>()
    for (const number of numbers) {
      const pull = await getConversation(repoClient, number)
      // A `(#12)` may name an issue, or a pull request that was closed unmerged: only merged ones shipped.
      if (!pull?.isPullRequest || !pull.merged) continue
      await tell(
        runtime,
        pull,
        marker,
        renderReleasedComment({ tag, releaseUrl: release.url, via: null }),
        told
      )
      for (const issueNumber of closingIssueNumbers(pull.body, issuesUrl)) {
        if (issuesTold.has(issueNumber)) continue
        issuesTold.add(issueNumber)
        const issue = await getConversation(repoClient, issueNumber)
        if (!issue || issue.isPullRequest) continue
        const body = renderReleasedComment({ tag, releaseUrl: release.url, via: pull.number })
        await tell(runtime, issue, marker, body, told)
      }
      if (config.releasedLabel && !pull.labels.includes(config.releasedLabel)) {
        await addLabels(repoClient, pull, [config.releasedLabel])
        told.labelled.push(pull.number)
      }
    }
  } catch (error) {
    // The release is out: a comment that fails is said, and a rerun finishes the telling (markers keep it once).
    const failure = error instanceof ActionError ? error : new ActionError('github-error', String(error))
    log.warning(`Telling people of ${tag}: ${failure.message}`)
    return warned(`${summarise(told)}; then stopped: ${failure.message}`, { told })
  }
  if (told.locked.length > 0)
    log.notice(
      `Locked conversations were not commented on: ${told.locked.map(number => `#${number}`).join(', ')}`
    )
  if (told.overLimit.length > 0) {
    const message = `comment-limit (${config.commentLimit}) reached: ${told.overLimit.map(number => `#${number}`).join(', ')} not commented on`
    log.notice(`Telling people of ${tag}: ${message}`)
    return warned(`${summarise(told)}; ${message}`, { told })
  }
  return passed(summarise(told), { told })
}

/** The pull requests named in the commits, and those GitHub associates with the commits that name none. */
async function withLookups(
  runtime: Runtime,
  found: { numbers: number[]; unattributed: string[] }
): Promise<number[]> {
  const numbers = new Set(found.numbers)
  const looked = found.unattributed.slice(0, MAX_LOOKUPS)
  if (found.unattributed.length > looked.length)
    runtime.log.notice(
      `${found.unattributed.length - looked.length} commits name no pull request and were not looked up (at most ${MAX_LOOKUPS} are)`
    )
  for (const sha of looked)
    for (const number of await mergedPullRequestsOf(runtime.repoClient, sha)) numbers.add(number)
  return [...numbers].sort((a, b) => a - b)
}

/** One comment on one conversation, unless it is locked, has it already, or the limit is reached. */
async function tell(
  runtime: Runtime,
  conversation: Conversation,
  marker: string,
  body: string,
  told: Told
): Promise<void> {
  const { repoClient, config } = runtime
  if (conversation.locked) {
    told.locked.push(conversation.number)
    return
  }
  // A conversation without comments cannot have the marker: no need to read them.
  if (conversation.comments > 0 && (await findMarkedComment(repoClient, conversation, marker))) {
    told.alreadyTold.push(conversation.number)
    return
  }
  if (told.commented.length >= config.commentLimit) {
    told.overLimit.push(conversation.number)
    return
  }
  await createMarkedComment(repoClient, conversation, marker, body)
  told.commented.push(conversation.number)
}

function summarise(told: Told): string {
  const list = (numbers: number[]) => numbers.map(number => `#${number}`).join(', ')
  const parts = [
    told.commented.length > 0 ? `commented on ${list(told.commented)}` : 'no new comments',
    told.alreadyTold.length > 0 ? `${list(told.alreadyTold)} told before` : '',
    told.labelled.length > 0 ? `labelled ${list(told.labelled)}` : '',
    told.locked.length > 0 ? `${list(told.locked)} locked` : ''
  ]
  return parts.filter(Boolean).join('; ')
}
