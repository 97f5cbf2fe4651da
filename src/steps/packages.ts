import semver from 'semver'
import { checkChosen, checkDeployWorkflows, parsePackages, type PackageSpec } from '../config/packages.js'
import type { PackagesDeclaration } from '../config/index.js'
import { analyseCommit, linkCommits, type AnalysedCommit } from '../domain/commits.js'
import { commitsAfter, fixedGroupVersion, highestBump } from '../domain/packages.js'
import { releaseTags, type ReleaseTag } from '../domain/release-tags.js'
import { asActionError, inputError, type ActionError } from '../errors.js'
import { compareAll, compareCount, listAllCommits, listPathCommits } from '../github/history.js'
import { listPullFiles } from '../github/pulls.js'
import { getFileText, type Repository } from '../github/repository.js'
import { packageName, writeDependencyRanges } from '../domain/version-file.js'
import { packageRuntime } from '../package-runtime.js'
import { blocked, passed, skipped, type ReadingStep } from '../pipeline.js'
import type { LabelledPullRequest, Target, VersionPlan } from '../plan.js'
import type { Runtime } from '../runtime.js'
import { asksForPrerelease, baseCandidates, planVersion, type History } from './version.js'

type Known = { pullRequest: LabelledPullRequest | null; repository: Repository; target: Target }
type Found = { packages: PackagePlan[] }

/** What a run decided for one package of a monorepo. */
export interface PackagePlan {
  spec: PackageSpec
  /** release: goes on to be released (or completed, after an earlier run); skipped: nothing to do; blocked. */
  status: 'release' | 'skipped' | 'blocked'
  reason: string
  /** Null when skipped before its version was decided (not asked for, not touched). */
  version: VersionPlan | null
  /** The runtime its steps run with: the inputs as this package's own. */
  runtime: Runtime
  error: ActionError | null
}

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
export const packagesStep: ReadingStep<Known, Found> = {
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
        headReleased ? '' : head,
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

async function decide(
  spec: PackageSpec,
  runtime: Runtime,
  known: Known,
  history: History
): Promise<PackagePlan> {
  const tags = releaseTags(await runtime.earlyReads.tags(), spec.tagPrefix)
  try {
    const verdict = await planVersion(runtime, known, tags, history)
    const version = verdict.facts.version ?? null
    const status = verdict.status === 'passed' || verdict.status === 'warned' ? 'release' : verdict.status
    const error = 'error' in verdict ? (verdict.error ?? null) : null
    return { spec, status, reason: verdict.reason, version, runtime, error }
  } catch (thrown) {
    const error = asActionError(thrown)
    return { spec, status: 'blocked', reason: error.message, version: null, runtime, error }
  }
}

/**
 * A fixed group releases together: when any member releases, the highest bump its members' commits ask for applies
 * to all, as one version (see fixedGroupVersion). Members are decided again with that version asked for.
 */
async function applyFixedGroups(
  declared: PackagesDeclaration,
  plans: PackagePlan[],
  known: Known,
  histories: ReadonlyMap<string, History>
): Promise<PackagePlan[]> {
  const result = [...plans]
  for (const group of declared.fixed) {
    const members = group.map(name => result.findIndex(plan => plan.spec.name === name))
    const planned = members.map(index => result[index] as PackagePlan)
    const fresh = planned.filter(plan => plan.status === 'release' && plan.version?.existing.tagSha === null)
    if (fresh.length === 0 || planned.some(plan => plan.status === 'blocked')) continue
    const bump = highestBump(fresh.map(plan => releaseTypeOf(plan.version as VersionPlan)))
    const version = fixedGroupVersion(
      planned.map(plan => ({
        lastVersion: plan.version?.previousVersion ?? histories.get(plan.spec.name)?.last?.version ?? null,
        planned: plan.status === 'release' ? (plan.version?.version ?? null) : null
      })),
      bump
    )
    if (!version) continue
    const names = group.join(', ')
    for (const index of members) {
      const plan = result[index] as PackagePlan
      const history = histories.get(plan.spec.name)
      if (!history || plan.version?.version === version) continue
      const exact = {
        ...plan.runtime,
        config: { ...plan.runtime.config, bump: { kind: 'exact' as const, version } }
      }
      const decided = await decide(plan.spec, exact, known, history)
      result[index] = {
        ...decided,
        runtime: plan.runtime,
        reason: `${decided.reason}; fixed group [${names}] shares ${version}`,
        ...(decided.version ? { version: { ...decided.version, reason: `fixed group [${names}]` } } : {})
      }
    }
  }
  return result
}

/** The bump a decided version is, from its previous version. */
function releaseTypeOf(version: VersionPlan): 'major' | 'minor' | 'patch' | null {
  if (!version.previousVersion) return null
  const diff = semver.diff(version.previousVersion, version.version)
  if (diff === 'major' || diff === 'premajor') return 'major'
  if (diff === 'minor' || diff === 'preminor') return 'minor'
  return diff ? 'patch' : null
}

/**
 * With bump-dependents: a package that depends on a released one (dependencies, peer or optional, by npm name in
 * its package.json at the commit) is released too, as a patch, and so on down the chain. Without it, its range
 * is only moved in the version commit.
 */
async function releaseDependents(
  runtime: Runtime,
  plans: PackagePlan[],
  known: Known,
  histories: ReadonlyMap<string, History>
): Promise<PackagePlan[]> {
  const manifests = new Map(
    await Promise.all(
      plans.map(async plan => {
        const path = plan.runtime.config.versionFile ?? ''
        const text = path.endsWith('package.json')
          ? await getFileText(runtime.repoClient, path, known.target.sha)
          : null
        return [plan.spec.name, text] as const
      })
    )
  )
  const result = [...plans]
  const tried = new Set<string>()
  for (let changed = true; changed;) {
    changed = false
    const released = new Map<string, string>()
    for (const plan of result) {
      const name = packageName(manifests.get(plan.spec.name) ?? '')
      if (plan.status === 'release' && plan.version && name) released.set(name, plan.version.version)
    }
    for (const [index, plan] of result.entries()) {
      const history = histories.get(plan.spec.name)
      if (plan.status !== 'skipped' || !history || tried.has(plan.spec.name)) continue
      const on = dependenciesMoved(manifests.get(plan.spec.name) ?? null, released)
      if (on.length === 0) continue
      tried.add(plan.spec.name)
      const last = history.last?.version
      const version = last ? semver.inc(last, 'patch') : null
      if (!version) continue
      const exact = {
        ...plan.runtime,
        config: { ...plan.runtime.config, bump: { kind: 'exact' as const, version } }
      }
      const decided = await decide(plan.spec, exact, known, history)
      const why = `depends on ${on.join(', ')} (bump-dependents)`
      result[index] = {
        ...decided,
        runtime: plan.runtime,
        reason: `${decided.reason}; ${why}`,
        ...(decided.version ? { version: { ...decided.version, reason: why } } : {})
      }
      changed = true
    }
  }
  return result
}

/** The released packages (npm name@version) a package.json depends on with a range the release moves. */
function dependenciesMoved(text: string | null, released: ReadonlyMap<string, string>): string[] {
  if (text === null) return []
  const { updates } = writeDependencyRanges(text, released)
  return [
    ...new Set(
      updates
        .filter(update => update.field !== 'devDependencies')
        .map(update => `${update.name}@${released.get(update.name)}`)
    )
  ]
}
