import { fillPlaceholders, matchesTemplate } from '../domain/placeholders.js'
import { releaseFacts } from '../domain/release-facts.js'
import {
  DEFAULT_VERSION_FILES,
  isJsonVersionFile,
  prependChangelog,
  writePackageLock,
  writeVersionFile
} from '../domain/version-file.js'
import { commitFiles, commitSubject, fastForwardBranch, type FileChange } from '../github/git-data.js'
import { compareAll } from '../github/history.js'
import { findVersionFile, getBranchHead, getFileText } from '../github/repository.js'
import { blocked, passed, type Verdict, type WritingStep } from '../pipeline.js'
import type { ReleasePlan } from '../plan.js'
import type { Runtime } from '../runtime.js'

const MAX_ATTEMPTS = 3

type Made = { releaseSha: string }
type Work = { done: Verdict<Made> } | { message: string; files: FileChange[] }

/**
 * Writes the new version into the version file (with package-lock.json and the changelog) as one commit made
 * through the Git Data API, and fast-forwards the release branch to it; the tag then points at that commit.
 */
export const versionCommit: WritingStep<ReleasePlan, Made> = {
  id: 'version-commit',
  title: 'Version commit',
  writes: true,
  async simulate(plan, runtime) {
    const work = await prepare(plan, runtime, plan.target.sha)
    if ('done' in work) return work.done
    const paths = work.files.map(file => file.path).join(', ')
    return passed(`would commit ${paths} with "${work.message}" on ${plan.target.branch}`, {
      releaseSha: plan.target.sha
    })
  },
  async run(plan, runtime) {
    return commitOnBranch(runtime, plan.target, {
      what: plan.version.tag,
      prepare: head => prepare(plan, runtime, head),
      isVersionSubject: subject => isVersionSubject(plan, runtime, subject)
    })
  }
}

/** What makes a version commit: its content on top of a head, and how a rerun recognises it. */
export interface VersionCommitWork {
  /** The release(s) it is for, as the reasons name them. */
  what: string
  prepare(head: string): Promise<Work>
  /** Whether a commit's subject is this version commit's (whatever commit `{sha}` names). */
  isVersionSubject(subject: string): boolean
}

export type { Work as VersionCommitContent }

/**
 * Makes the version commit on top of the branch and fast-forwards the branch to it; when the branch moved
 * meanwhile, builds it again on the new head, unless what moved it is this very version commit (another run's).
 */
export async function commitOnBranch(
  runtime: Runtime,
  target: { sha: string; branch: string },
  work: VersionCommitWork
): Promise<Verdict<Made>> {
  const { branch } = target
  const { repoClient, log } = runtime
  let head = target.sha
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const content = await work.prepare(head)
    if ('done' in content) return content.done
    const commit = await commitFiles(repoClient, head, content.files, content.message)
    if ((await fastForwardBranch(repoClient, branch, commit)) === 'updated') {
      const paths = content.files.map(file => file.path).join(', ')
      const retried = attempt > 1 ? ` (after ${branch} moved; attempt ${attempt})` : ''
      return passed(`committed ${paths} as ${commit.slice(0, 7)} on ${branch}${retried}`, {
        releaseSha: commit
      })
    }
    log.info(
      `${branch} moved while the version commit was made; looking for it there, else building it again`
    )
    head = await getBranchHead(repoClient, branch)
    // What moved the branch may be this very version commit, another run's, with commits pushed after it or not.
    const made = await versionCommitSince(runtime, target.sha, head, work)
    if (made)
      return passed(`another run committed ${work.what} on ${branch} as ${made.slice(0, 7)}; it is tagged`, {
        releaseSha: made
      })
  }
  return blocked(
    `${branch} kept moving: the version commit could not be added after ${MAX_ATTEMPTS} attempts; rerun later`
  )
}

/**
 * The version commit on the branch since the target: a commit whose first parent is the target and whose subject
 * is this version commit's (commits pushed after it do not hide it). One request for a branch a few commits on.
 */
async function versionCommitSince(
  runtime: Runtime,
  target: string,
  head: string,
  work: Pick<VersionCommitWork, 'isVersionSubject'>
): Promise<string | null> {
  if (head === target) return null
  const comparison = await compareAll(runtime.repoClient, target, head, commit => ({
    sha: commit.sha,
    parent: commit.parentShas?.[0] ?? null,
    subject: commit.message.split('\n', 1)[0] ?? ''
  }))
  if (comparison.status !== 'ahead') return null
  return (
    comparison.commits.find(commit => commit.parent === target && work.isVersionSubject(commit.subject))
      ?.sha ?? null
  )
}

/** What the version commit holds on top of `head`, or why there is none to make. */
async function prepare(plan: ReleasePlan, runtime: Runtime, head: string): Promise<Work> {
  const { config } = runtime
  const { version, target } = plan
  const tagged = version.existing.tagSha
  if (tagged)
    return {
      done: passed(`${version.tag} is already tagged at ${tagged.slice(0, 7)}`, { releaseSha: tagged })
    }
  if (!config.commitVersion)
    return { done: passed('not asked for (commit-version: false)', { releaseSha: target.sha }) }
  const earlier = version.existing.versionCommit
  if (earlier)
    return {
      done: passed(`${earlier.slice(0, 7)} is the version commit an earlier run made for ${version.tag}`, {
        releaseSha: earlier
      })
    }
  // A rerun on the version commit an earlier run made (the branch moved to it, and the tag is missing).
  if (head === target.sha && isVersionSubject(plan, runtime, await commitSubject(runtime.repoClient, head)))
    return {
      done: passed(`${head.slice(0, 7)} is the version commit of ${version.tag}`, { releaseSha: head })
    }
  const files = await versionFiles(plan, runtime, head)
  if (files.length === 0) {
    return {
      done: blocked(
        `commit-version is on but there is no version file at ${head.slice(0, 7)}: set version-file, or changelog-file`
      )
    }
  }
  // The same facts as the version step uses to recognise this commit on a rerun.
  return { message: fillPlaceholders(config.commitMessage, releaseFacts(version, target)), files }
}

/** Whether a subject is that of this version's version commit (the commit message for it). */
function isVersionSubject(plan: ReleasePlan, runtime: Runtime, subject: string): boolean {
  return matchesTemplate(runtime.config.commitMessage, releaseFacts(plan.version, plan.target), subject)
}

/** The files of the version commit, as they should be on top of `head`. */
async function versionFiles(plan: ReleasePlan, runtime: Runtime, head: string): Promise<FileChange[]> {
  const { config, repoClient, clock } = runtime
  const { version } = plan
  const files: FileChange[] = []
  const candidates = config.versionFile ? [config.versionFile] : DEFAULT_VERSION_FILES
  const file = await findVersionFile(repoClient, candidates, head)
  if (file) {
    files.push({ path: file.path, content: writeVersionFile(file.path, file.text, version.version) })
    if (isJsonVersionFile(file.path) && file.path.endsWith('package.json')) {
      const lockPath = file.path.replace(/package\.json$/, 'package-lock.json')
      const lock = await getFileText(repoClient, lockPath, head)
      if (lock !== null) files.push({ path: lockPath, content: writePackageLock(lock, version.version) })
    }
  }
  if (config.changelogFile) {
    const existing = await getFileText(repoClient, config.changelogFile, head)
    const date = new Date(clock.now()).toISOString().slice(0, 10)
    const title = version.compareUrl ? `[${version.version}](${version.compareUrl})` : version.version
    files.push({
      path: config.changelogFile,
      content: prependChangelog(existing, `## ${title} (${date})`, plan.notes)
    })
  }
  return files
}
