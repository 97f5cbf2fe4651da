import { renderConventionalNotes } from '../domain/notes.js'
import { fillPlaceholders } from '../domain/placeholders.js'
import {
  DEFAULT_VERSION_FILES,
  isJsonVersionFile,
  parseVersionFile,
  prependChangelog,
  writePackageLock,
  writeVersionFile
} from '../domain/version-file.js'
import { commitFiles, commitSubject, fastForwardBranch, type FileChange } from '../github/git-data.js'
import { getBranchHead, getFileText } from '../github/repository.js'
import { blocked, passed, skipped, type Step } from '../pipeline.js'
import type { RunState } from '../run-state.js'

const MAX_ATTEMPTS = 3

/**
 * Writes the new version into the version file (with package-lock.json and the changelog) as one commit made
 * through the Git Data API, and fast-forwards the release branch to it; the tag then points at that commit.
 */
export const versionCommit: Step = {
  id: 'version-commit',
  title: 'Version commit',
  async run(state) {
    const plan = state.version!
    const { config } = state
    if (!config.commitVersion) return passed('not asked for (commit-version: false)')
    if (plan.alreadyTagged) return passed(`${plan.tag} is already tagged at ${plan.releaseSha.slice(0, 7)}`)
    const branch = state.target!.branch
    // The same facts as the version step uses to recognise this commit on a rerun.
    const message = fillPlaceholders(config.commitMessage, {
      version: plan.version,
      tag: plan.tag,
      sha: state.target!.sha,
      'previous-version': plan.previousVersion ?? ''
    })

    let head = state.target!.sha
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const files = await versionFiles(state, head)
      if (files.length === 0) {
        return blocked(
          `commit-version is on but there is no version file at ${head.slice(0, 7)}: set version-file, or changelog-file`
        )
      }
      const paths = files.map(file => file.path).join(', ')
      if (config.dryRun) return passed(`dry run: would commit ${paths} with "${message}" on ${branch}`)
      const commit = await commitFiles(state.gh, head, files, message)
      if ((await fastForwardBranch(state.gh, branch, commit)) === 'updated') {
        plan.releaseSha = commit
        const retried = attempt > 1 ? ` (after ${branch} moved; attempt ${attempt})` : ''
        return passed(`committed ${paths} as ${commit.slice(0, 7)} on ${branch}${retried}`)
      }
      state.log.info(`${branch} moved while the version commit was made; building it again on the new head`)
      head = await getBranchHead(state.gh, branch)
      // What moved the branch may be another run making this very version commit: then that run releases.
      if ((await commitSubject(state.gh, head)) === message.split('\n', 1)[0]) {
        return skipped(
          `another run committed ${plan.tag} on ${branch} (${head.slice(0, 7)}) and is releasing it`
        )
      }
    }
    return blocked(
      `${branch} kept moving: the version commit could not be added after ${MAX_ATTEMPTS} attempts; rerun later`
    )
  }
}

/** The files of the version commit, as they should be on top of `head`. */
async function versionFiles(state: RunState, head: string): Promise<FileChange[]> {
  const { config } = state
  const plan = state.version!
  const files: FileChange[] = []
  const candidates = config.versionFile ? [config.versionFile] : DEFAULT_VERSION_FILES
  for (const path of candidates) {
    const text = await getFileText(state.gh, path, head)
    if (text === null || parseVersionFile(path, text) === null) continue
    files.push({ path, content: writeVersionFile(path, text, plan.version) })
    if (isJsonVersionFile(path) && path.endsWith('package.json')) {
      const lockPath = path.replace(/package\.json$/, 'package-lock.json')
      const lock = await getFileText(state.gh, lockPath, head)
      if (lock !== null) files.push({ path: lockPath, content: writePackageLock(lock, plan.version) })
    }
    break
  }
  if (config.changelogFile) {
    const existing = await getFileText(state.gh, config.changelogFile, head)
    const date = new Date(state.clock.now()).toISOString().slice(0, 10)
    const title = plan.compareUrl ? `[${plan.version}](${plan.compareUrl})` : plan.version
    const notes = renderConventionalNotes({
      version: plan.version,
      tag: plan.tag,
      previousTag: null,
      commits: plan.commits,
      links: { htmlUrl: state.repository!.htmlUrl }
    })
    files.push({
      path: config.changelogFile,
      content: prependChangelog(existing, `## ${title} (${date})`, notes)
    })
  }
  return files
}
