import semver from 'semver'
import { analyseCommit, linkCommits, rangeFacts, type AnalysedCommit } from '../domain/commits.js'
import { nextVersion, VersionRuleError, type VersionDecision } from '../domain/next-version.js'
import { bumpWithLabel } from '../domain/bump-labels.js'
import { compareUrl } from '../domain/notes.js'
import { matchesTemplate } from '../domain/placeholders.js'
import { releaseFacts } from '../domain/release-facts.js'
import {
  afterExistingPrereleases,
  isPrerelease,
  releaseTags,
  type ReleaseTag
} from '../domain/release-tags.js'
import { DEFAULT_VERSION_FILES } from '../domain/version-file.js'
import { ActionError } from '../errors.js'
import { compareAll, listAllCommits } from '../github/history.js'
import { findRelease, latestMissing } from '../github/releases.js'
import { findVersionFile, type Repository } from '../github/repository.js'
import { blocked, passed, skipped, type ReadingStep, type Verdict } from '../pipeline.js'
import type { LabelledPullRequest, Target, VersionPlan } from '../plan.js'
import type { Runtime } from '../runtime.js'
import { hasPackages, latestToComplete } from '../config/packages.js'

export const FALLBACK_INITIAL_VERSION = '0.1.0'

type Known = { pullRequest: LabelledPullRequest | null; repository: Repository; target: Target }
type Found = { version: VersionPlan }

/** Finds the last release in the commit's history, reads the commits since, and decides the next version. */
export const versionStep: ReadingStep<Known, Found> = {
  id: 'version',
  title: 'Version',
  writes: false,
  prepare(runtime) {
    // The tags depend on nothing: read with the branch step's reads, the first page of history follows at once.
    void runtime.earlyReads.tags()
  },
  async run(known, runtime) {
    const { config } = runtime
    const { target } = known
    const tags = releaseTags(await runtime.earlyReads.tags(), config.tagPrefix)
    // A stable release counts from the last stable one: release candidates since then are part of what it ships.
    const prereleases = asksForPrerelease(runtime)
    const history = await historySince(runtime, target.sha, baseCandidates(tags, target.sha, prereleases))
    return planVersion(runtime, known, tags, { ...history, commits: linkCommits(history.commits) })
  }
}

/**
 * The tags a release may count from: not the target's own (null: its own too, as a preview of what follows it
 * counts from them), and pre-releases only when pre-releases are made.
 */
export function baseCandidates(
  tags: readonly ReleaseTag[],
  target: string | null,
  prereleases: boolean
): ReleaseTag[] {
  return tags.filter(tag => tag.sha !== target && (prereleases || !isPrerelease(tag.version)))
}

/**
 * The version decision over a history already read (the commits linked): resumes what an earlier run tagged, else
 * decides the next version and checks its tag is free. `tags` are the release tags of this configuration.
 */
export async function planVersion(
  runtime: Runtime,
  known: Known,
  tags: readonly ReleaseTag[],
  history: History
): Promise<Verdict<Found>> {
  const { config } = runtime
  const { target, repository } = known
  const { commits } = history
  const links = { htmlUrl: repository.htmlUrl }
  const plan = (version: string, tag: string, reason: string, tagSha: string | null): VersionPlan => ({
    version,
    tag,
    reason,
    previousVersion: history.last?.version ?? null,
    previousTag: history.last?.name ?? null,
    previousSha: history.last?.sha ?? null,
    commits,
    changedFiles: history.files,
    existing: { tagSha, release: null, versionCommit: null },
    compareUrl: history.last ? compareUrl(links, history.last.name, tag) : null
  })

  const tagged = tags.find(tag => tag.sha === target.sha && isThisRelease(runtime, tag, history.last))
  if (tagged) {
    // An earlier run tagged this very commit: resume it, never re-release.
    return resume(
      runtime,
      plan(tagged.version, tagged.name, `the commit is already tagged ${tagged.name}`, tagged.sha)
    )
  }

  const decision = decide(
    runtime,
    known.pullRequest,
    history.last?.version ?? null,
    commits,
    history.last ? FALLBACK_INITIAL_VERSION : await initialVersion(runtime, target.sha)
  )
  if (!decision.release) return skipped(decision.reason)
  const next = afterExistingPrereleases(
    decision.version,
    tags.map(tag => tag.version)
  )
  const tag = `${config.tagPrefix}${next}`
  const clash = tags.find(existing => existing.name === tag)
  if (clash && (await isVersionCommitOf(runtime, clash, target, history.last?.version ?? null))) {
    const why = `${tag} was made by an earlier run on a version commit of this commit`
    return resume(runtime, plan(clash.version, clash.name, why, clash.sha))
  }
  const version = plan(next, tag, decision.reason, null)
  if (clash) {
    return blocked(
      `the tag ${tag} already exists at ${clash.sha.slice(0, 7)}, which is not in the history of ${target.branch}; ` +
        `delete or rename that tag, or release another version with the bump input`,
      { version }
    )
  }
  const from = history.last ? `${history.last.version} → ` : ''
  const count = `${commits.length} commit${commits.length === 1 ? '' : 's'}`
  const made = earlierVersionCommit(runtime, version, target, commits)
  if (made)
    return passed(
      `${from}${next} (${decision.reason}; ${count}); an earlier run's version commit ${made.slice(0, 7)} for it is in the history, and is tagged`,
      { version: { ...version, existing: { ...version.existing, versionCommit: made } } }
    )
  return passed(`${from}${next} (${decision.reason}; ${count})`, { version })
}

/**
 * The newest commit of the range whose subject is this version's version commit: an earlier run made it and
 * stopped before tagging, and the branch has moved on since (a rerun or a later run releases a commit after it).
 */
function earlierVersionCommit(
  runtime: Runtime,
  version: VersionPlan,
  target: Target,
  commits: readonly AnalysedCommit[]
): string | null {
  const { config } = runtime
  if (!config.commitVersion) return null
  const facts = releaseFacts(version, target)
  const among = hasPackages(config)
  for (let index = commits.length - 1; index >= 0; index--) {
    const commit = commits[index] as AnalysedCommit
    if (matchesTemplate(config.commitMessage, facts, commit.header, { among })) return commit.sha
  }
  return null
}

/**
 * Whether a tag on the commit is a release of this configuration, made by an earlier run: above the last release
 * before it, and a pre-release only when pre-releases are asked for. A hand-made `v1.0.0-test` is not.
 */
function isThisRelease(runtime: Runtime, tag: ReleaseTag, last: ReleaseTag | null): boolean {
  const higher = last === null || semver.gt(tag.version, last.version)
  return higher && (asksForPrerelease(runtime) || !isPrerelease(tag.version))
}

/** Whether this run makes pre-releases (prerelease-id, bump: prerelease, or a pre-release version asked for). */
export function asksForPrerelease({ config }: Runtime): boolean {
  const { prereleaseId, bump } = config
  return (
    prereleaseId !== '' || bump.kind === 'prerelease' || (bump.kind === 'exact' && isPrerelease(bump.version))
  )
}

/**
 * A version an earlier run tagged: done when its release is published (and, with a deploy workflow, deployed:
 * the deploy step checks), else what is missing is made.
 */
async function resume(runtime: Runtime, version: VersionPlan): Promise<Verdict<Found>> {
  const release = await findRelease(runtime.repoClient, version.tag)
  const resumed = { ...version, existing: { ...version.existing, release } }
  const { deployWorkflow, tagPrefix } = runtime.config
  if (release && !release.draft && !deployWorkflow) {
    // A release whose Latest mark was lost with an answer is completed; anything else is done.
    if (
      await latestMissing(
        runtime.repoClient,
        tagPrefix,
        release,
        version.version,
        latestToComplete(runtime.config)
      )
    )
      return passed(`${version.tag} is released but not marked latest; that is completed`, {
        version: resumed
      })
    return skipped(`already released as ${version.tag}`, { version: resumed })
  }
  if (release && !release.draft)
    return passed(`${version.tag} is released; its deploy is checked`, { version: resumed })
  const what = release ? 'its draft release is picked up again' : 'it has no release yet, so one is made'
  return passed(`already tagged ${version.tag} at ${version.existing.tagSha?.slice(0, 7)}; ${what}`, {
    version: resumed
  })
}

/** The version rules, with a pull request's bump label in place of the automatic bump. */
function decide(
  runtime: Runtime,
  pullRequest: LabelledPullRequest | null,
  lastVersion: string | null,
  commits: AnalysedCommit[],
  initialVersion: string
): VersionDecision {
  const { config } = runtime
  const bump = bumpWithLabel(config.bump, pullRequest?.bump ?? null)
  const label = bump === config.bump ? null : (pullRequest?.bump ?? null)
  try {
    const decision = nextVersion({
      bump,
      lastVersion,
      ...rangeFacts(commits),
      prereleaseId: config.prereleaseId,
      initialVersion
    })
    if (decision.release && label && pullRequest && decision.releaseType === label) {
      return { ...decision, reason: `the ${config.bumpLabelPrefix}${label} label on #${pullRequest.number}` }
    }
    return decision
  } catch (error) {
    if (error instanceof VersionRuleError)
      throw new ActionError('version-rule', error.message, { input: 'bump' })
    throw error
  }
}

/** Whether a tag sits on the version commit an earlier run made on top of this commit. */
async function isVersionCommitOf(
  runtime: Runtime,
  tag: ReleaseTag,
  target: Target,
  previousVersion: string | null
): Promise<boolean> {
  if (!runtime.config.commitVersion) return false
  const comparison = await compareAll(runtime.repoClient, target.sha, tag.sha, commit => commit.message)
  const tip = comparison.commits[comparison.commits.length - 1]
  const facts = releaseFacts({ version: tag.version, tag: tag.name, previousVersion }, target)
  return (
    comparison.status === 'ahead' &&
    tip !== undefined &&
    matchesTemplate(runtime.config.commitMessage, facts, tip.split('\n', 1)[0] ?? '', {
      among: hasPackages(runtime.config)
    })
  )
}

export interface History {
  last: ReleaseTag | null
  /** Analysed as each page arrived; reverts and merges are linked once all are in. */
  commits: AnalysedCommit[]
  files: string[]
}

/** The highest release tag that is an ancestor of the target, and the commits after it. */
export async function historySince(
  runtime: Runtime,
  head: string,
  candidates: readonly ReleaseTag[]
): Promise<History> {
  const seen = new Set<string>()
  for (const tag of candidates) {
    if (seen.has(tag.sha)) continue
    seen.add(tag.sha)
    const comparison = await compareAll(runtime.repoClient, tag.sha, head, analyseCommit)
    if (comparison.status === 'ahead' || comparison.status === 'identical') {
      return { last: tag, commits: comparison.commits, files: comparison.files }
    }
    runtime.log.info(
      `${tag.name} is not in the history of ${head.slice(0, 7)} (${comparison.status}); looking further`
    )
  }
  return { last: null, commits: await listAllCommits(runtime.repoClient, head, analyseCommit), files: [] }
}

/** initial-version, else the version in the version file, else 0.1.0. */
export async function initialVersion(runtime: Runtime, sha: string): Promise<string> {
  const { config } = runtime
  if (config.initialVersion) return config.initialVersion
  const candidates = config.versionFile ? [config.versionFile] : DEFAULT_VERSION_FILES
  const file = await findVersionFile(runtime.repoClient, candidates, sha)
  return file?.version ?? FALLBACK_INITIAL_VERSION
}
