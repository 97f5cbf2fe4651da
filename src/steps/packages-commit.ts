import { fillPlaceholders, joinedFacts, matchesTemplate } from '../domain/placeholders.js'
import { releaseFacts } from '../domain/release-facts.js'
import {
  isJsonVersionFile,
  packageName,
  prependChangelog,
  writeDependencyRanges,
  writeVersionFile,
  writeWorkspaceLock,
  type RangeUpdate
} from '../domain/version-file.js'
import { ActionError } from '../errors.js'
import { commitSubject, type FileChange } from '../github/git-data.js'
import { getFileText } from '../github/repository.js'
import { blocked, passed, type Verdict, type WritingStep } from '../pipeline.js'
import type { ReleasePlan, Target } from '../plan.js'
import type { Runtime } from '../runtime.js'
import type { PackagePlan } from './packages.js'
import { commitOnBranch } from './version-commit.js'

/** One package on its way to be released: its whole plan, and the runtime its steps run with. */
export interface PackageRelease {
  name: string
  /** Its folder ('.' for the root package). */
  path: string
  plan: ReleasePlan
  runtime: Runtime
}

type Known = { target: Target; packages: readonly PackagePlan[]; releases: readonly PackageRelease[] }
/** A range a package of the repository has on a released one, moved in the version commit. */
export type RangeMove = RangeUpdate & { dependent: string }

type Made = { releaseSha: string; rangeUpdates: RangeMove[] }

/**
 * A monorepo's version commit: one commit through the API that writes every released package's version file and
 * changelog, moves the ranges other packages of the repository have on them (npm workspaces) and the workspace
 * lock, and fast-forwards the branch; every package's tag then points at it.
 */
export const packagesCommit: WritingStep<Known, Made> = {
  id: 'version-commit',
  title: 'Version commit',
  writes: true,
  async simulate(known, runtime) {
    const content = await prepare(known, runtime, known.target.sha)
    if ('done' in content) return withMoves(content.done, [])
    const paths = content.files.map(file => file.path).join(', ')
    return passed(`would commit ${paths} with "${content.message}" on ${known.target.branch}`, {
      releaseSha: known.target.sha,
      rangeUpdates: content.updates
    })
  },
  async run(known, runtime) {
    let moves: RangeMove[] = []
    const verdict = await commitOnBranch(runtime, known.target, {
      what: known.releases.map(release => release.plan.version.tag).join(', '),
      prepare: async head => {
        const content = await prepare(known, runtime, head)
        if ('updates' in content) moves = content.updates
        return content
      },
      isVersionSubject: subject => isVersionSubject(known, runtime, subject)
    })
    return withMoves(verdict, moves)
  }
}

function withMoves(verdict: Verdict<{ releaseSha: string }>, rangeUpdates: RangeMove[]): Verdict<Made> {
  if (verdict.status === 'passed' || verdict.status === 'warned')
    return { status: verdict.status, reason: verdict.reason, facts: { ...verdict.facts, rangeUpdates } }
  const stopped: Verdict<Made> = {
    status: verdict.status,
    reason: verdict.reason,
    facts: { ...verdict.facts, rangeUpdates },
    ...('error' in verdict && verdict.error ? { error: verdict.error } : {})
  }
  return stopped
}

async function prepare(
  known: Known,
  runtime: Runtime,
  head: string
): Promise<
  { done: Verdict<{ releaseSha: string }> } | { message: string; files: FileChange[]; updates: RangeMove[] }
> {
  const { releases, target } = known
  // An earlier run tagged some of these packages: all of this run's tags go on that commit.
  const tagged = releases.find(release => release.plan.version.existing.tagSha !== null)
  const taggedSha = tagged?.plan.version.existing.tagSha
  if (tagged && taggedSha)
    return {
      done: passed(
        `${tagged.plan.version.tag} is already tagged at ${taggedSha.slice(0, 7)}; the others go there too`,
        {
          releaseSha: taggedSha
        }
      )
    }
  if (!runtime.config.commitVersion)
    return { done: passed('not asked for (commit-version: false)', { releaseSha: target.sha }) }
  // An earlier run's version commit, now in the history of the commit released: every package's tag goes there.
  const earlier = releases.find(release => release.plan.version.existing.versionCommit !== null)
  const earlierSha = earlier?.plan.version.existing.versionCommit
  if (earlier && earlierSha)
    return {
      done: passed(
        `${earlierSha.slice(0, 7)} is the version commit an earlier run made for ${earlier.plan.version.tag}; the others go there too`,
        { releaseSha: earlierSha }
      )
    }
  if (head === target.sha && isVersionSubject(known, runtime, await commitSubject(runtime.repoClient, head)))
    return {
      done: passed(`${head.slice(0, 7)} is the version commit of ${releases.length} packages`, {
        releaseSha: head
      })
    }
  const { files, updates, found } = await versionFiles(known, runtime, head)
  if (files.length === 0 && found && head === target.sha)
    return {
      done: passed(
        `the released packages' files at ${head.slice(0, 7)} hold their versions already: nothing to commit`,
        {
          releaseSha: head
        }
      )
    }
  if (files.length === 0) {
    const why = found
      ? `the released packages' files at ${head.slice(0, 7)} on ${target.branch} hold their versions already, but no version commit of them follows ${target.sha.slice(0, 7)}: check who changed them, and rerun`
      : `commit-version is on but none of the released packages has a version file or changelog at ${head.slice(0, 7)}: set version-file in their entries, or changelog-file`
    const error = new ActionError(found ? 'version-rule' : 'invalid-input', why, {
      input: found ? 'commit-version' : 'packages'
    })
    return { done: blocked(why, {}, error) }
  }
  const facts = joinedFacts(releases.map(release => releaseFacts(release.plan.version, target)))
  return { message: fillPlaceholders(runtime.config.commitMessage, facts), files, updates }
}

/** Whether a subject is that of the version commit of these releases: it names every one of their tags. */
function isVersionSubject(known: Known, runtime: Runtime, subject: string): boolean {
  return known.releases.every(release =>
    matchesTemplate(runtime.config.commitMessage, releaseFacts(release.plan.version, known.target), subject, {
      among: true
    })
  )
}

/**
 * The files of the version commit on top of `head`: each released package's version file and changelog, the
 * ranges every package of the repository has on a released one, and the workspace lock.
 */
async function versionFiles(
  known: Known,
  runtime: Runtime,
  head: string
): Promise<{ files: FileChange[]; updates: RangeMove[]; found: boolean }> {
  const { repoClient, clock } = runtime
  const released = new Map(known.releases.map(release => [release.name, release]))
  const manifests = await Promise.all(
    known.packages.map(async plan => {
      const path = plan.runtime.config.versionFile as string
      const relevant = released.has(plan.spec.name) || path.endsWith('package.json')
      return { plan, path, text: relevant ? await getFileText(repoClient, path, head) : null }
    })
  )
  const npmVersions = new Map<string, string>()
  for (const { plan, path, text } of manifests) {
    const release = released.get(plan.spec.name)
    const name = release && text !== null && isJsonVersionFile(path) ? packageName(text) : null
    if (release && name) npmVersions.set(name, release.plan.version.version)
  }
  const files: FileChange[] = []
  const updates: RangeMove[] = []
  for (const { plan, path, text } of manifests) {
    if (text === null) continue
    const release = released.get(plan.spec.name)
    let content = release ? writeVersionFile(path, text, release.plan.version.version) : text
    if (path.endsWith('package.json')) {
      const moved = writeDependencyRanges(content, npmVersions)
      content = moved.text
      updates.push(...moved.updates.map(update => ({ ...update, dependent: plan.spec.name })))
    }
    if (content !== text) files.push({ path, content })
  }
  const lock = await getFileText(repoClient, 'package-lock.json', head)
  const folders = new Map(
    known.releases.map(release => [release.path === '.' ? '' : release.path, release.plan.version.version])
  )
  const lockText = lock === null ? null : writeWorkspaceLock(lock, folders)
  if (lockText !== null) files.push({ path: 'package-lock.json', content: lockText })
  const date = new Date(clock.now()).toISOString().slice(0, 10)
  const changelogs = await Promise.all(
    known.releases.map(async release => {
      const changelog = release.runtime.config.changelogFile
      if (!changelog) return null
      const { version, notes } = release.plan
      const existing = await getFileText(repoClient, changelog, head)
      const title = version.compareUrl ? `[${version.version}](${version.compareUrl})` : version.version
      return { path: changelog, content: prependChangelog(existing, `## ${title} (${date})`, notes) }
    })
  )
  files.push(...changelogs.filter((file): file is FileChange => file !== null))
  // Whether any released package has a version file or a changelog to write: without, there is nothing to commit.
  const found =
    manifests.some(({ plan, text }) => text !== null && released.has(plan.spec.name)) ||
    known.releases.some(release => release.runtime.config.changelogFile !== null)
  return { files, updates, found }
}
