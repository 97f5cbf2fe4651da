import semver from 'semver'
import { analyseCommits, releaseTypeOf, type SourceCommit } from '../domain/commits.js'
import { nextVersion, VersionRuleError } from '../domain/next-version.js'
import { compareUrl } from '../domain/notes.js'
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
      changedFiles: history.files
    }

    const tagged = tags.find(tag => tag.sha === target.sha)
    if (tagged) {
      // An earlier run tagged this very commit: resume it (the release step finds out what is missing), never re-release.
      state.version = {
        ...base,
        version: tagged.version,
        tag: tagged.name,
        reason: `the commit is already tagged ${tagged.name}`,
        alreadyTagged: true,
        compareUrl: history.last ? compareUrl(links, history.last.name, tagged.name) : null
      }
      return passed(`already tagged ${tagged.name}`)
    }

    let decision
    try {
      decision = nextVersion({
        bump: config.bump,
        lastVersion: history.last?.version ?? null,
        commitsReleaseType: releaseTypeOf(commits),
        commitCount: commits.length,
        prereleaseId: config.prereleaseId,
        initialVersion: history.last ? FALLBACK_INITIAL_VERSION : await initialVersion(state)
      })
    } catch (error) {
      if (error instanceof VersionRuleError)
        throw new ActionError('version-rule', error.message, { input: 'bump' })
      throw error
    }
    if (!decision.release) return skipped(decision.reason)

    const tag = `${config.tagPrefix}${decision.version}`
    const plan: VersionPlan = {
      ...base,
      version: decision.version,
      tag,
      reason: decision.reason,
      alreadyTagged: false,
      compareUrl: history.last ? compareUrl(links, history.last.name, tag) : null
    }
    state.version = plan
    const clash = tags.find(existing => existing.name === tag)
    if (clash) {
      return blocked(
        `the tag ${tag} already exists at ${clash.sha.slice(0, 7)}, which is not in the history of ${target.branch}; ` +
          `delete or rename that tag, or release another version with the bump input`
      )
    }
    const from = history.last ? `${history.last.version} → ` : ''
    return passed(`${from}${decision.version} (${decision.reason}; ${commits.length} commits)`)
  }
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
