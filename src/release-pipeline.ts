import { hasPackages } from './config/packages.js'
import type { ActionError } from './errors.js'
import { runPackages, type PackageOutcome } from './packages-pipeline.js'
import { notRun, Pipeline, runPipeline, type StepResult } from './pipeline.js'
import type { ReleasePlan, Written } from './plan.js'
import { isPreviewRun, type PreviewReport } from './preview-run.js'
import type { Runtime } from './runtime.js'
import { branchGate } from './steps/branch.js'
import { deployCheck } from './steps/deploy-check.js'
import { deployStep } from './steps/deploy.js'
import { greenGate } from './steps/green.js'
import { guardrailsStep } from './steps/guardrails.js'
import { majorReleaseStep } from './steps/major-release.js'
import { majorTagStep } from './steps/major-tag.js'
import { notesStep } from './steps/notes.js'
import { publishStep } from './steps/publish.js'
import { qualityGate } from './steps/quality.js'
import { releaseStep } from './steps/release.js'
import { tellPeopleAgainStep, tellPeopleStep } from './steps/tell-people.js'
import { triggerGate } from './steps/trigger.js'
import { versionCommit } from './steps/version-commit.js'
import { versionStep } from './steps/version.js'

/** The deciding half: it only reads, and ends in a complete ReleasePlan. */
export const DECIDING = Pipeline.start<unknown>()
  .then(triggerGate)
  .then(branchGate)
  .then(guardrailsStep)
  .then(greenGate)
  .then(versionStep)
  .then(majorReleaseStep)
  .then(qualityGate)
  .then(notesStep)
  .then(deployCheck)

/** The writing half: it receives the plan whole; in a dry run each step says what it would do instead. */
export const WRITING = Pipeline.start<ReleasePlan>()
  .then(versionCommit)
  .then(releaseStep)
  .then(deployStep)
  .then(publishStep)
  .then(majorTagStep)
  .then(tellPeopleStep)

/** For a run that finds its version published already: finish telling people, if a run before it stopped. */
const TELL_AGAIN = Pipeline.start<Pick<ReleasePlan, 'version' | 'repository'>>().then(tellPeopleAgainStep)

/**
 * When a run finds its version published already (a rerun after a fault, a later run on the same commit) and
 * comment-on-released is on, it finishes telling people; the step's result, or null when there is none to run.
 */
async function finishTelling(runtime: Runtime, known: Partial<ReleasePlan>): Promise<StepResult[] | null> {
  const { version, repository } = known
  const published = version?.existing.release
  if (!runtime.config.commentOnReleased || !version || !repository || !published || published.draft)
    return null
  return (await runPipeline(TELL_AGAIN, { version, repository }, runtime)).steps
}

export type Outcome = 'released' | 'skipped' | 'blocked' | 'dry-run' | 'preview'

/** One run of the release pipeline, as the report sees it. */
export interface ReleaseRun {
  outcome: Outcome
  /** The reason of the step that stopped the run, or of the last step. */
  reason: string
  steps: StepResult[]
  /** What the run found and did, as far as it got. */
  facts: Partial<ReleasePlan & Written>
  error: ActionError | null
  /** Set for a preview run (an open pull request's event). */
  preview?: PreviewReport | null
  /** Set for a monorepo's run: what each package came to. */
  packages?: PackageOutcome[]
}

/** Decides, then (when everything is decided) writes; on an open pull request's event, previews instead. */
export async function runRelease(runtime: Runtime): Promise<ReleaseRun> {
  // Loaded only for a preview: a release run never needs its steps.
  if (isPreviewRun(runtime)) return (await import('./preview-pipeline.js')).runPreview(runtime)
  if (hasPackages(runtime.config)) return runPackages(runtime)
  const decided = await runPipeline(DECIDING, undefined, runtime)
  if (!decided.complete && decided.outcome === 'skipped') {
    const told = await finishTelling(runtime, decided.known)
    if (told)
      return {
        outcome: 'skipped',
        reason: decided.reason,
        steps: [...decided.steps, ...notRun(WRITING.steps.slice(0, -1)), ...told],
        facts: decided.known,
        error: null
      }
  }
  if (!decided.complete) {
    return {
      outcome: decided.outcome === 'skipped' ? 'skipped' : 'blocked',
      reason: decided.reason,
      steps: [...decided.steps, ...notRun(WRITING.steps)],
      facts: decided.known,
      error: decided.error
    }
  }
  const plan: ReleasePlan = Object.freeze(decided.complete)
  const written = await runPipeline(WRITING, plan, runtime)
  if (written.outcome === 'skipped' && written.known.release?.origin !== 'concurrent-run') {
    // The deploy step found the version deployed and released by an earlier run (a concurrent run that released
    // it is telling people itself).
    const told = await finishTelling(runtime, plan)
    if (told) written.steps.splice(written.steps.length - 1, 1, ...told)
  }
  const finished = runtime.config.dryRun ? 'dry-run' : 'released'
  // Done, the run's reason is what it did, not what its last step (often "not asked for") said.
  const done = runtime.config.dryRun ? `would release ${plan.version.tag}` : `released ${plan.version.tag}`
  return {
    outcome: written.outcome === 'done' ? finished : written.outcome,
    reason: written.outcome === 'done' ? done : written.reason,
    steps: [...decided.steps, ...written.steps],
    facts: written.known,
    error: written.error
  }
}
