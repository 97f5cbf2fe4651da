import { ActionError } from './errors.js'
import { notRun, Pipeline, runPipeline, type PipelineRun, type StepResult } from './pipeline.js'
import type { ReleasePlan, Written } from './plan.js'
import type { ReleaseRun } from './release-pipeline.js'
import type { Runtime } from './runtime.js'
import { branchGate } from './steps/branch.js'
import { deployCheck } from './steps/deploy-check.js'
import { deployStep } from './steps/deploy.js'
import { greenGate } from './steps/green.js'
import { guardrailsStep } from './steps/guardrails.js'
import { majorReleaseStep } from './steps/major-release.js'
import { notesStep } from './steps/notes.js'
import { packagesCommit, type PackageRelease } from './steps/packages-commit.js'
import { packagesStep, type PackagePlan } from './steps/packages.js'
import { publishStep } from './steps/publish.js'
import { qualityGate } from './steps/quality.js'
import { releaseStep } from './steps/release.js'
import { tellPeopleStep } from './steps/tell-people.js'
import { triggerGate } from './steps/trigger.js'

/** The gates, once for the commit, then each package's version. */
const SHARED = Pipeline.start<unknown>()
  .then(triggerGate)
  .then(branchGate)
  .then(guardrailsStep)
  .then(greenGate)
  .then(packagesStep)

/** What the gates and the packages step found, as far as they got. */
type Shared = {
  pullRequest: ReleasePlan['pullRequest']
  repository: ReleasePlan['repository']
  target: ReleasePlan['target']
  guardrails: ReleasePlan['guardrails']
  checks: ReleasePlan['checks']
  packages: PackagePlan[]
}

/** What one package's deciding steps start from. */
type PackageKnown = Omit<Shared, 'packages'> & Pick<ReleasePlan, 'version'>

/** What is decided for each package that releases, with its own inputs. */
const PACKAGE_DECIDING = Pipeline.start<PackageKnown>()
  .then(majorReleaseStep)
  .then(notesStep)
  .then(deployCheck)

/** The quality gate, once for the commit. */
const QUALITY = Pipeline.start<Pick<ReleasePlan, 'target' | 'version'>>().then(qualityGate)

const COMMIT = Pipeline.start<Parameters<typeof packagesCommit.run>[0]>().then(packagesCommit)

/** What is written for each package, on the version commit. */
const PACKAGE_WRITING = Pipeline.start<ReleasePlan & { releaseSha: string }>()
  .then(releaseStep)
  .then(deployStep)
  .then(publishStep)
  .then(tellPeopleStep)

/** What one package's part of a run came to. */
export interface PackageOutcome {
  package: string
  outcome: 'released' | 'skipped' | 'blocked' | 'dry-run' | 'not-run'
  reason: string
  version: string
  previousVersion: string
  tag: string
  releaseUrl: string
  releaseId: number | null
}

/** What a package's deciding steps said when they stopped it: its outcome and why. */
type Stopped = Map<string, { outcome: 'skipped' | 'blocked'; reason: string }>

/**
 * A monorepo's run: the gates once for the commit; each package's version, major rule, notes and deploy check;
 * the quality gate once; one version commit for every package released; then each package's tag, release, deploy,
 * publication and comments. A package that blocks before anything is written blocks the run (nothing is written);
 * one that fails while written leaves the others released and the run blocked, for a rerun to complete.
 */
export async function runPackages(runtime: Runtime): Promise<ReleaseRun> {
  const shared = await runPipeline(SHARED, undefined, runtime)
  const plans = shared.known.packages ?? []
  const later = [...notRun(PACKAGE_DECIDING.steps), ...notRun(QUALITY.steps), ...notRun(COMMIT.steps)]
  if (!shared.complete)
    return stopped(shared, shared.steps.concat(later), packageOutcomes(plans), shared.known)
  const base: Shared = shared.complete
  const { pullRequest, repository, target, guardrails, checks } = base
  const common = { pullRequest, repository, target, guardrails, checks }
  const steps: StepResult[] = [...shared.steps]
  const decided: Array<Omit<PackageRelease, 'plan'> & { plan: Omit<ReleasePlan, 'quality'> }> = []
  const stops: Stopped = new Map()
  for (const plan of plans) {
    if (plan.status !== 'release' || !plan.version) continue
    const run = await runPipeline(PACKAGE_DECIDING, { ...common, version: plan.version }, plan.runtime, {
      of: plan.spec.name
    })
    steps.push(...run.steps)
    if (!run.complete) {
      stops.set(plan.spec.name, {
        outcome: run.outcome === 'blocked' ? 'blocked' : 'skipped',
        reason: run.reason
      })
      if (run.outcome === 'blocked') {
        const reason = `${plan.spec.name}: ${run.reason}`
        const error =
          run.error &&
          new ActionError(run.error.code, `${plan.spec.name}: ${run.error.message}`, run.error.concerns)
        const rest = [...notRun(QUALITY.steps), ...notRun(COMMIT.steps)]
        return stopped({ ...run, reason, error }, steps.concat(rest), packageOutcomes(plans, stops), base)
      }
      continue
    }
    const { notes, deployPlan } = run.complete
    decided.push({
      name: plan.spec.name,
      path: plan.spec.path,
      plan: { ...common, guardrails: run.complete.guardrails, version: plan.version, notes, deployPlan },
      runtime: plan.runtime
    })
  }
  if (decided.length === 0) {
    const why = packageOutcomes(plans, stops)
    return stopped(
      {
        outcome: 'skipped',
        reason: why.map(item => `${item.package}: ${item.reason}`).join('; '),
        error: null
      },
      steps.concat(later.slice(PACKAGE_DECIDING.steps.length)),
      why,
      base
    )
  }
  const quality = await runPipeline(QUALITY, { target: base.target, version: combined(decided) }, runtime)
  steps.push(...quality.steps)
  if (!quality.complete)
    return stopped(quality, steps.concat(notRun(COMMIT.steps)), packageOutcomes(plans, stops), base)
  const verdict = quality.complete.quality
  const releases: PackageRelease[] = decided.map(release => ({
    ...release,
    plan: Object.freeze({ ...release.plan, quality: verdict })
  }))
  const commit = await runPipeline(COMMIT, { target: base.target, packages: plans, releases }, runtime)
  steps.push(...commit.steps)
  if (!commit.complete) return stopped(commit, steps, packageOutcomes(plans, stops), base)
  const releaseSha = commit.complete.releaseSha
  const written = new Map<string, PipelineRun<ReleasePlan & Written>>()
  for (const release of releases) {
    const run = await runPipeline(PACKAGE_WRITING, { ...release.plan, releaseSha }, release.runtime, {
      of: release.name
    })
    steps.push(...run.steps)
    written.set(release.name, run as PipelineRun<ReleasePlan & Written>)
  }
  const outcomes = packageOutcomes(plans, stops, written, runtime.config.dryRun)
  return finished(runtime, steps, outcomes, base, written)
}

/**
 * The version the quality gate is told of: the first package's (its RELEASE_* variables), with the files every
 * package changed.
 */
function combined(decided: ReadonlyArray<{ plan: Pick<ReleasePlan, 'version'> }>): ReleasePlan['version'] {
  const [first] = decided
  if (!first) throw new Error('the quality gate runs only when a package releases')
  return {
    ...first.plan.version,
    changedFiles: decided.flatMap(release => release.plan.version.changedFiles)
  }
}

function packageOutcomes(
  plans: readonly PackagePlan[],
  stops: Stopped = new Map(),
  written: ReadonlyMap<string, PipelineRun<ReleasePlan & Written>> = new Map(),
  dryRun = false
): PackageOutcome[] {
  return plans.map(plan => {
    const run = written.get(plan.spec.name)
    const stop = stops.get(plan.spec.name)
    const version = plan.version
    const release = run?.known.release
    const outcome: PackageOutcome['outcome'] = run
      ? run.outcome === 'done'
        ? dryRun
          ? 'dry-run'
          : 'released'
        : run.outcome
      : (stop?.outcome ?? (plan.status === 'release' ? 'not-run' : plan.status))
    return {
      package: plan.spec.name,
      outcome,
      reason: run
        ? run.outcome === 'done'
          ? `${dryRun ? 'would release' : 'released'} ${version?.tag}`
          : run.reason
        : (stop?.reason ?? plan.reason),
      version: version?.version ?? '',
      previousVersion: version?.previousVersion ?? '',
      tag: version?.tag ?? '',
      releaseUrl: release?.url ?? version?.existing.release?.htmlUrl ?? '',
      releaseId: release?.id ?? version?.existing.release?.id ?? null
    }
  })
}

/** A run that stopped before anything was written. */
function stopped(
  run: { outcome: string; reason: string; error: ActionError | null },
  steps: StepResult[],
  packages: PackageOutcome[],
  known: Partial<Shared>
): ReleaseRun {
  return {
    outcome: run.outcome === 'skipped' ? 'skipped' : 'blocked',
    reason: run.reason,
    steps,
    facts: shareable(known),
    error: run.error,
    packages
  }
}

/** The facts that are the run's, not one package's. */
function shareable(known: Partial<Shared>): ReleaseRun['facts'] {
  const { target, repository, checks, guardrails, pullRequest } = known
  return {
    ...(target ? { target } : {}),
    ...(repository ? { repository } : {}),
    ...(checks ? { checks } : {}),
    ...(guardrails ? { guardrails } : {}),
    ...(pullRequest !== undefined ? { pullRequest } : {})
  }
}

function finished(
  runtime: Runtime,
  steps: StepResult[],
  packages: PackageOutcome[],
  base: Shared,
  written: ReadonlyMap<string, PipelineRun<ReleasePlan & Written>>
): ReleaseRun {
  const done = packages.filter(item => item.outcome === 'released' || item.outcome === 'dry-run')
  const failed = [...written.entries()].filter(([, run]) => run.outcome === 'blocked')
  const only = done.length === 1 ? written.get(done[0]!.package) : undefined
  const facts = only ? only.known : shareable(base)
  const list = done.map(item => item.tag).join(', ')
  const [first] = failed
  if (first) {
    // Every package that failed is named: the first one's error is the annotation's, the others' reasons follow.
    const reasons = failed.map(([name, run]) => `${name}: ${run.reason}`).join('; ')
    const rest = list ? ` (${runtime.config.dryRun ? 'would release' : 'released'} ${list})` : ''
    const reason = `${reasons}${rest}; a rerun completes ${failed.length === 1 ? 'it' : 'them'}`
    const error = first[1].error
    return {
      outcome: 'blocked',
      reason,
      steps,
      facts,
      // The annotation names every package: the first error's code and concerns, the run's whole reason.
      error: error ? new ActionError(error.code, reason, error.concerns) : null,
      packages
    }
  }
  if (done.length === 0) {
    const why = packages.map(item => `${item.package}: ${item.reason}`).join('; ')
    return { outcome: 'skipped', reason: why, steps, facts, error: null, packages }
  }
  return {
    outcome: runtime.config.dryRun ? 'dry-run' : 'released',
    reason: `${runtime.config.dryRun ? 'would release' : 'released'} ${list}`,
    steps,
    facts,
    error: null,
    packages
  }
}
