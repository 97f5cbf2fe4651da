import { renderPreview, type PreviewPlan } from './domain/comment-preview.js'
import type { ActionError } from './errors.js'
import { Pipeline, runPipeline, type StepResult } from './pipeline.js'
import type { ReleasePlan } from './plan.js'
import type { PreviewReport } from './preview-run.js'
import type { Runtime } from './runtime.js'
import { previewCommentStep } from './steps/preview-comment.js'
import { previewPullStep } from './steps/preview-pull.js'
import { previewStep } from './steps/preview.js'
import { titleLintStep } from './steps/title-lint.js'

/** The preview: it reads, and writes nothing to the repository but its one sticky comment (when asked for). */
export const PREVIEW = Pipeline.start<unknown>()
  .then(previewPullStep)
  .then(previewStep)
  .then(previewCommentStep)
  .then(titleLintStep)

/** A preview run, as the report sees it (a ReleaseRun with its own outcome). */
export interface PreviewRun {
  outcome: 'preview' | 'skipped' | 'blocked'
  reason: string
  steps: StepResult[]
  facts: Partial<ReleasePlan>
  error: ActionError | null
  preview: PreviewReport | null
}

/** What merging the pull request now would release, for the summary, the outputs and the sticky comment. */
export async function runPreview(runtime: Runtime): Promise<PreviewRun> {
  const run = await runPipeline(PREVIEW, undefined, runtime)
  const plan: PreviewPlan | undefined = run.known.preview
  const htmlUrl = run.known.repository?.htmlUrl ?? ''
  return {
    outcome: run.outcome === 'done' ? 'preview' : run.outcome,
    reason:
      run.outcome === 'done' && plan
        ? `merging #${plan.pullRequest.number} would release ${wouldRelease(plan) || 'nothing'}`
        : run.reason,
    steps: run.steps,
    facts: {
      repository: run.known.repository,
      target: run.known.target,
      checks: run.known.checks,
      notes: run.known.notes,
      ...(run.known.version ? { version: run.known.version } : {})
    },
    error: run.error,
    preview: plan
      ? {
          pullRequest: plan.pullRequest.number,
          wouldRelease: wouldRelease(plan),
          commentUrl: run.known.previewComment?.url ?? '',
          // The summary has the notes already.
          markdown: renderPreview(plan, { htmlUrl }, { marker: false, notes: false })
        }
      : null
  }
}

/** The tag (or a monorepo's tags) merging would release; empty for none. */
function wouldRelease(plan: PreviewPlan): string {
  if (plan.packages)
    return plan.packages
      .map(item => item.release?.tag)
      .filter(Boolean)
      .join(', ')
  return plan.release?.tag ?? ''
}
