import { checkChosen, checkDeployWorkflows, parsePackages, type PackageSpec } from '../config/packages.js'
import type { PackagesDeclaration } from '../config/index.js'
import { analyseCommit, linkCommits, type AnalysedCommit } from '../domain/commits.js'
import { commitsAfter } from '../domain/packages.js'
import { releaseTags, type ReleaseTag } from '../domain/release-tags.js'
import { inputError } from '../errors.js'
import { compareAll, compareCount, listAllCommits, listPathCommits } from '../github/history.js'
import { listPullFiles } from '../github/pulls.js'
import { getFileText } from '../github/repository.js'
import { packageRuntime } from '../package-runtime.js'
import { blocked, passed, skipped, type ReadingStep } from '../pipeline.js'
import type { LabelledPullRequest, Target } from '../plan.js'
import type { Runtime } from '../runtime.js'
import {
  applyFixedGroups,
  decide,
  releaseDependents,
  type PackageKnown,
  type PackagePlan
} from './package-decisions.js'
import { asksForPrerelease, baseCandidates, type History } from './version.js'

type Found = { packages: PackagePlan[] }

export type { PackagePlan }

interface Dated {
  commit: AnalysedCommit
  sha: string
  parentShas: readonly string[]
  date: string | null
}

/**
 * The monorepo's version step: for each package, its last release (the highest ancestor tag with its prefix), the
 * commits since that touch its folder, and its next version, with fixed groups sharing one version. The history is
 * read once, back to the oldest package's last release; each package's commits come from one path-filtered
 * listing (GitHub's `GET /commits?path=`), not a request per commit.
 */
export const packagesStep: ReadingStep<PackageKnown, Found> = {
  id: 'packages',
  title: 'Packages',
  writes: false,
  prepare(runtime) {
    void runtime.earlyReads.tags()
  },
  async run(known, runtime) {
    const declared = await readDeclaration(runtime, known.target)
    const scope = await releaseScope(runtime, declared, known.pullRequest)
    const asked = runtime.config.package
    const runtimes = new Map(
      declared.packages.map(spec => [spec.name, packageRuntime(runtime, spec, spec.name === asked)])
    )
    const inScope = declared.packages.filter(spec => !scope.left.has(spec.name))
    const histories = await readHistories(runtime, known.target.sha, inScope, runtimes)
    // Decided side by side: a package's resume or first release may read (its release, its version file).
    const plans = await Promise.all(
      declared.packages.map(async (spec): Promise<PackagePlan> => {
        const own = runtimes.get(spec.name) as Runtime
        const left = scope.left.get(spec.name)
        const history = histories.get(spec.name)
        if (left !== undefined || !history)
          return {
            spec,
            status: 'skipped',
            reason: left ?? 'not read',
            version: null,
            runtime: own,
            error: null
          }
        return decide(spec, own, known, history)
      })
    )
    const fixed = await applyFixedGroups(declared, plans, known, histories)
    const grouped = runtime.config.bumpDependents
      ? await releaseDependents(runtime, fixed, known, histories)
      : fixed
    const released = grouped.filter(plan => plan.status === 'release')
    const summary = grouped.map(plan => `${plan.spec.name}: ${plan.reason}`).join('; ')
    const stopped = grouped.find(plan => plan.status === 'blocked')
    if (stopped) return blocked(summary, { packages: grouped }, stopped.error ?? undefined)
    if (released.length === 0) return skipped(`no package to release (${summary})`, { packages: grouped })
    return passed(summary, { packages: grouped })
  }
}

/** The packages input's declaration, or the file it names, read at the released commit. */
export async function readDeclaration(runtime: Runtime, target: Target): Promise<PackagesDeclaration> {
  const { config } = runtime
  if (config.packages) return config.packages
  const file = config.packagesFile as string
  const text = await getFileText(runtime.repoClient, file, target.sha)
  if (text === null)
    throw inputError(
      'packages',
      `${file} is not in ${target.sha.slice(0, 7)} on ${target.branch}: commit it, or give the packages YAML in the input.`
    )
  const declared = parsePackages(text, file)
  checkChosen(declared, config.package, config.bump)
  checkDeployWorkflows(declared, config.deployWorkflow, file)
  return declared
}

/**
 * Which packages this run may release: all of them, the one `package` names, or those a release-labelled pull
 * request touched; each with its fixed group. The others are left, with the reason.
 */
async function releaseScope(
  runtime: Runtime,
  declared: PackagesDeclaration,
  pullRequest: LabelledPullRequest | null
): Promise<{ left: Map<string, string> }> {
  const left = new Map<string, string>()
  const groupOf = (name: string) => declared.fixed.find(group => group.includes(name)) ?? [name]
  let chosen: Set<string> | null = null
  let why = ''
  if (runtime.config.package) {
    chosen = new Set(groupOf(runtime.config.package))
    why = `not asked for (package: ${runtime.config.package})`
  } else if (pullRequest) {
    const files = await listPullFiles(runtime.repoClient, pullRequest.number)
    const touched = declared.packages.filter(spec =>
      files.some(file => spec.path === '.' || file.startsWith(`${spec.path}/`))
    )
    chosen = new Set(touched.flatMap(spec => groupOf(spec.name)))
    why = `not touched by #${pullRequest.number}`
  }
  if (chosen) for (const spec of declared.packages) if (!chosen.has(spec.name)) left.set(spec.name, why)
  return { left }
}

/**
 * Each package's history: its last release, and the commits since that touch its folder (`headReleased`: a tag
 * at head counts as the last release, as it does for a pull request's base). One history is read for
 * all (back to the oldest of their last releases); each package's range is cut from it by ancestry, and its commits
 * are those of one path-filtered listing from the oldest commit of its range on.
 */
export async function readHistories(
  runtime: Runtime,
  head: string,
  specs: readonly PackageSpec[],
  runtimes: ReadonlyMap<string, Runtime>,
  { headReleased = false } = {}
): Promise<Map<string, History>> {
  const tags = await runtime.earlyReads.tags()
  const bases = await Promise.all(
    specs.map(async spec => {
      const own = runtimes.get(spec.name) as Runtime
      // A release deciding for head leaves head's own tags to the resume rules; a preview counts from them.
      const candidates = baseCandidates(
        releaseTags(tags, spec.tagPrefix),
        headReleased ? null : head,
        asksForPrerelease(own)
      )
      return { spec, ...(await lastRelease(runtime, candidates, head)) }
    })
  )
  const widest = bases.some(base => base.tag === null)
    ? null
    : bases.reduce<(typeof bases)[number] | null>((a, b) => (a && a.aheadBy >= b.aheadBy ? a : b), null)
  const read = (commit: Parameters<typeof analyseCommit>[0]): Dated => ({
    commit: analyseCommit(commit),
    sha: commit.sha,
    parentShas: commit.parentShas ?? [],
    date: commit.committedAt ?? null
  })
  const shared =
    specs.length === 0
      ? []
      : widest?.tag
        ? (await compareAll(runtime.repoClient, widest.tag.sha, head, read)).commits
        : await listAllCommits(runtime.repoClient, head, read)
  const histories = await Promise.all(
    bases.map(async ({ spec, tag }) => {
      // The widest base's range is the history read; another base lies inside it (or elsewhere: read on its own).
      const range =
        (!tag || tag.sha === widest?.tag?.sha ? shared : commitsAfter(shared, tag.sha)) ??
        (await compareAll(runtime.repoClient, (tag as ReleaseTag).sha, head, read)).commits
      const commits = await commitsTouching(runtime, head, spec.path, range)
      const history: History = { last: tag, commits, files: [] }
      return [spec.name, history] as const
    })
  )
  return new Map(histories)
}

/** The highest candidate tag in the history of head (with how far head is ahead of it), or none. */
async function lastRelease(
  runtime: Runtime,
  candidates: readonly ReleaseTag[],
  head: string
): Promise<{ tag: ReleaseTag | null; aheadBy: number }> {
  const seen = new Set<string>()
  for (const tag of candidates) {
    if (seen.has(tag.sha)) continue
    seen.add(tag.sha)
    const { status, aheadBy } = await compareCount(runtime.repoClient, tag.sha, head)
    if (status === 'ahead' || status === 'identical') return { tag, aheadBy }
    runtime.log.info(`${tag.name} is not in the history of ${head.slice(0, 7)} (${status}); looking further`)
  }
  return { tag: null, aheadBy: Infinity }
}

/**
 * The commits of a range that touch a package's folder, linked (reverts paired, merged pull requests found) within
 * the range as a whole, so a merge's pull request reaches the commits it brought in. The root package ('.') has
 * them all.
 */
async function commitsTouching(
  runtime: Runtime,
  head: string,
  path: string,
  range: readonly Dated[]
): Promise<AnalysedCommit[]> {
  if (range.length === 0) return []
  const linked = linkCommits(range.map(dated => ({ ...dated.commit })))
  if (path === '.') return linked
  // GitHub's `since` is to the second and may be exclusive: a second earlier than the oldest commit of the range.
  // A loop, not Math.min(...dates): a whole history (a package never released) can be more arguments than V8 takes.
  let oldest = Infinity
  for (const dated of range) oldest = Math.min(oldest, dated.date ? Date.parse(dated.date) : NaN)
  const since = Number.isNaN(oldest) ? null : new Date(oldest - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const touching = await listPathCommits(runtime.repoClient, head, path, since)
  return linked.filter(commit => touching.has(commit.sha))
}
