import semver from 'semver'
import { analyseCommits, releaseTypeOf, type AnalysedCommit, type SourceCommit } from '../domain/commits.js'
import {
  nextVersion,
  VersionRuleError,
  type BumpRequest,
  type VersionDecision
} from '../domain/next-version.js'
import { compareUrl } from '../domain/notes.js'
import { fillPlaceholders } from '../domain/placeholders.js'
import { DEFAULT_VERSION_FILES, parseVersionFile } from '../domain/version-file.js'
import { ActionError } from '../errors.js'
import { compareAll, listAllCommits, listTags, type Tag } from '../github/history.js'
import { getFileText } from '../github/repository.js'
import { blocked, passed, skipped, type Step } from '../pipeline.js'
import type { RunState, VersionPlan } from '../run-state.js'

const FALLBACK_INITIAL_VERSION = '0.1.0'

interface ReleaseTag extends Tag {
  version: string
}

/** Release tags: the prefix followed by a semantic version, highest first. */
export function releaseTags(tags: readonly Tag[], prefix: string): ReleaseTag[] {
  return tags
    .filter(tag => tag.name.startsWith(prefix))
    .map(tag => ({ ...tag, version: semver.valid(tag.name.slice(prefix.length)) }))
    .filter((tag): tag is ReleaseTag => tag.version !== null && `${prefix}${tag.version}` === tag.name)
    .sort((a, b) => semver.rcompare(a.version, b.version))
}

/** Finds the last release in the commit's history, reads the commits since, and decides the next version. */
export const versionStep: Step = {
  id: 'version',
  title: 'Version',
  async run(state) {
    const { config } = state
    const target = state.target!
    const tags = releaseTags(await listTags(state.gh), config.tagPrefix)
    const history = await historySince(
      state,
      tags.filter(tag => tag.sha !== target.sha)
    )
    const commits = analyseCommits(history.commits)
    const links = { htmlUrl: state.repository!.htmlUrl }
    const base = {
      previousVersion: history.last?.version ?? null,
      previousTag: history.last?.name ?? null,
      commits,
      changedFiles: history.files,
      releaseSha: target.sha
    }
    const resume = (tag: ReleaseTag, why: string): VersionPlan => ({
      ...base,
      version: tag.version,
      tag: tag.name,
      reason: why,
      alreadyTagged: true,
      releaseSha: tag.sha,
      compareUrl: history.last ? compareUrl(links, history.last.name, tag.name) : null
    })

    const tagged = tags.find(tag => tag.sha === target.sha)
    if (tagged) {
      // An earlier run tagged this very commit: resume it (the release step finds out what is missing), never re-release.
      state.version = resume(tagged, `the commit is already tagged ${tagged.name}`)
      return passed(`already tagged ${tagged.name}`)
    }

    const decision = decide(
      state,
      history.last?.version ?? null,
      commits,
      history.last ? FALLBACK_INITIAL_VERSION : await initialVersion(state)
    )
    if (!decision.release) return skipped(decision.reason)

    const tag = `${config.tagPrefix}${decision.version}`
    const clash = tags.find(existing => existing.name === tag)
    if (clash && (await isVersionCommitOf(state, clash, target.sha, base.previousVersion))) {
      state.version = resume(clash, `${tag} was made by an earlier run on a version commit of this commit`)
      return passed(`already tagged ${tag} on its version commit ${clash.sha.slice(0, 7)}`)
    }
    state.version = {
      ...base,
      version: decision.version,
      tag,
      reason: decision.reason,
      alreadyTagged: false,
      compareUrl: history.last ? compareUrl(links, history.last.name, tag) : null
    }
    if (clash) {
      return blocked(
        `the tag ${tag} already exists at ${clash.sha.slice(0, 7)}, which is not in the history of ${target.branch}; ` +
          `delete or rename that tag, or release another version with the bump input`
      )
    }
    const from = history.last ? `${history.last.version} → ` : ''
    const count = `${commits.length} commit${commits.length === 1 ? '' : 's'}`
    return passed(`${from}${decision.version} (${decision.reason}; ${count})`)
  }
}

/** The version rules, with a pull request's bump label in place of the automatic bump. */
function decide(
  state: RunState,
  lastVersion: string | null,
  commits: AnalysedCommit[],
  initialVersion: string
): VersionDecision {
  const { config, pullRequest } = state
  const labelled = pullRequest?.bump && (config.bump.kind === 'auto' || config.bump.kind === 'prerelease')
  const bump: BumpRequest = labelled ? { kind: 'type', type: pullRequest.bump! } : config.bump
  try {
    const decision = nextVersion({
      bump,
      lastVersion,
      commitsReleaseType: releaseTypeOf(commits),
      commitCount: commits.length,
      prereleaseId: config.prereleaseId,
      initialVersion
    })
    if (decision.release && labelled && decision.releaseType !== 'initial') {
      return {
        ...decision,
        reason: `the ${config.bumpLabelPrefix}${pullRequest.bump} label on #${pullRequest.number}`
      }
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
  state: RunState,
  tag: ReleaseTag,
  sha: string,
  previousVersion: string | null
): Promise<boolean> {
  if (!state.config.commitVersion) return false
  const comparison = await compareAll(state.gh, sha, tag.sha)
  const tip = comparison.commits[comparison.commits.length - 1]
  const message = fillPlaceholders(state.config.commitMessage, {
    version: tag.version,
    tag: tag.name,
    sha,
    'previous-version': previousVersion ?? ''
  })
  return comparison.status === 'ahead' && tip?.message.split('\n', 1)[0] === message.split('\n', 1)[0]
}

interface History {
  last: ReleaseTag | null
  commits: SourceCommit[]
  files: string[]
}

/** The highest release tag that is an ancestor of the target, and the commits after it. */
async function historySince(state: RunState, candidates: readonly ReleaseTag[]): Promise<History> {
  const head = state.target!.sha
  const seen = new Set<string>()
  for (const tag of candidates) {
    if (seen.has(tag.sha)) continue
    seen.add(tag.sha)
    const comparison = await compareAll(state.gh, tag.sha, head)
    if (comparison.status === 'ahead' || comparison.status === 'identical') {
      return { last: tag, commits: comparison.commits, files: comparison.files }
    }
    state.log.info(
      `${tag.name} is not in the history of ${head.slice(0, 7)} (${comparison.status}); looking further`
    )
  }
  return { last: null, commits: await listAllCommits(state.gh, head), files: [] }
}

/** initial-version, else the version in the version file, else 0.1.0. */
async function initialVersion(state: RunState): Promise<string> {
  const { config } = state
  if (config.initialVersion) return config.initialVersion
  const files = config.versionFile ? [config.versionFile] : DEFAULT_VERSION_FILES
  for (const path of files) {
    const text = await getFileText(state.gh, path, state.target!.sha)
    const version = text === null ? null : parseVersionFile(path, text)
    if (version) return version
  }
  return FALLBACK_INITIAL_VERSION
}
