import semver from 'semver'
import type { PackagesDeclaration, PackageSpec } from '../config/index.js'
import { fixedGroupVersion, highestBump } from '../domain/packages.js'
import { releaseTags } from '../domain/release-tags.js'
import { packageName, writeDependencyRanges } from '../domain/version-file.js'
import { asActionError, type ActionError } from '../errors.js'
import { getFileText, type Repository } from '../github/repository.js'
import type { LabelledPullRequest, Target, VersionPlan } from '../plan.js'
import type { Runtime } from '../runtime.js'
import { planVersion, type History } from './version.js'

/** What the monorepo's version step starts from. */
export type PackageKnown = { pullRequest: LabelledPullRequest | null; repository: Repository; target: Target }

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

/** A package's version by the single-package rules, with its own inputs; a rule it breaks blocks it alone. */
export async function decide(
  spec: PackageSpec,
  runtime: Runtime,
  known: PackageKnown,
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
 * A package decided again with a version asked for, for a reason beyond its own commits (its fixed group, a
 * dependency released): the runtime stays the package's own, the reason says why.
 */
async function decideAt(
  plan: PackagePlan,
  version: string,
  why: string,
  known: PackageKnown,
  history: History
): Promise<PackagePlan> {
  const exact = {
    ...plan.runtime,
    config: { ...plan.runtime.config, bump: { kind: 'exact' as const, version } }
  }
  const decided = await decide(plan.spec, exact, known, history)
  return {
    ...decided,
    runtime: plan.runtime,
    reason: `${decided.reason}; ${why}`,
    ...(decided.version ? { version: { ...decided.version, reason: why } } : {})
  }
}

/**
 * A fixed group releases together: when any member releases, the highest bump its members' commits ask for applies
 * to all, as one version (see fixedGroupVersion). Members are decided again with that version asked for.
 */
export async function applyFixedGroups(
  declared: PackagesDeclaration,
  plans: PackagePlan[],
  known: PackageKnown,
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
      result[index] = await decideAt(
        plan,
        version,
        `fixed group [${names}] shares ${version}`,
        known,
        history
      )
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
export async function releaseDependents(
  runtime: Runtime,
  plans: PackagePlan[],
  known: PackageKnown,
  histories: ReadonlyMap<string, History>
): Promise<PackagePlan[]> {
  const manifests = new Map(
    await Promise.all(
      plans.map(async plan => {
        const path = plan.runtime.config.versionFile ?? ''
        // Only packages of this run's scope (those with a history) can release or be released for a dependency.
        const text =
          path.endsWith('package.json') && histories.has(plan.spec.name)
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
      result[index] = await decideAt(
        plan,
        version,
        `depends on ${on.join(', ')} (bump-dependents)`,
        known,
        history
      )
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
