import { asActionError } from './errors.js'
import type { RunState } from './run-state.js'

export type StepStatus = 'passed' | 'skipped' | 'blocked' | 'failed' | 'not-run'

/** What a step says of itself: passed (go on), skipped (nothing to do now), blocked (a human is needed). */
export interface StepVerdict {
  status: 'passed' | 'skipped' | 'blocked'
  reason: string
}

export interface Step {
  id: string
  title: string
  run(state: RunState): Promise<StepVerdict>
}

export interface StepResult {
  id: string
  title: string
  status: StepStatus
  reason: string
  durationMs: number
}

export type Outcome = 'released' | 'skipped' | 'blocked' | 'dry-run'

export interface PipelineResult {
  outcome: Outcome
  /** The reason of the step that stopped the run, or of the last step. */
  reason: string
  steps: StepResult[]
  /** The error behind a failed step, for the annotation. */
  error: Error | null
}

export const passed = (reason: string): StepVerdict => ({ status: 'passed', reason })
export const skipped = (reason: string): StepVerdict => ({ status: 'skipped', reason })
export const blocked = (reason: string): StepVerdict => ({ status: 'blocked', reason })

/** Runs the steps in order and stops at the first that does not pass; the result lists every step. */
export async function runPipeline(steps: readonly Step[], state: RunState): Promise<PipelineResult> {
  const results: StepResult[] = steps.map(step => ({
    id: step.id,
    title: step.title,
    status: 'not-run',
    reason: '',
    durationMs: 0
  }))
  for (const [index, step] of steps.entries()) {
    const started = state.clock.now()
    const result = results[index]!
    let error: Error | null = null
    try {
      const verdict = await state.log.group(step.title, () => step.run(state))
      result.status = verdict.status
      result.reason = verdict.reason
    } catch (thrown) {
      error = asActionError(thrown)
      result.status = 'failed'
      result.reason = error.message
    }
    result.durationMs = state.clock.now() - started
    state.log.info(`${step.title}: ${result.status}${result.reason ? ` — ${result.reason}` : ''}`)
    if (result.status !== 'passed') {
      const outcome = result.status === 'skipped' ? 'skipped' : 'blocked'
      return { outcome, reason: result.reason, steps: results, error }
    }
  }
  const last = results[results.length - 1]
  return {
    outcome: state.config.dryRun ? 'dry-run' : 'released',
    reason: last?.reason ?? '',
    steps: results,
    error: null
  }
}
