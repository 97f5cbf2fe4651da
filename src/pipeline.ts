import { asActionError, type ActionError } from './errors.js'
import type { Runtime } from './runtime.js'

export type StepStatus = 'passed' | 'warned' | 'skipped' | 'blocked' | 'failed' | 'not-run'

/**
 * What a step says of itself: passed (go on, with the facts it adds), warned (go on, but a human should look at
 * something: the run keeps its outcome), skipped (nothing to do now) or blocked (a human is needed). A step that
 * stops may still say what it found, for the report.
 */
export type Verdict<Out> =
  | { status: 'passed' | 'warned'; reason: string; facts: Out }
  | { status: 'skipped' | 'blocked'; reason: string; facts: Partial<Out>; error?: ActionError }

export const passed = <Out>(reason: string, facts: Out): Verdict<Out> => ({ status: 'passed', reason, facts })
export const warned = <Out>(reason: string, facts: Out): Verdict<Out> => ({ status: 'warned', reason, facts })
export const skipped = <Out>(reason: string, facts: NoInfer<Partial<Out>> = {}): Verdict<Out> => ({
  status: 'skipped',
  reason,
  facts
})
export const blocked = <Out>(
  reason: string,
  facts: NoInfer<Partial<Out>> = {},
  error?: ActionError
): Verdict<Out> => ({
  status: 'blocked',
  reason,
  facts,
  ...(error ? { error } : {})
})

interface StepInfo {
  /** The step's file name in src/steps/. */
  id: string
  title: string
  /**
   * Starts, without awaiting them, the reads `run` is sure to need that depend on nothing the steps before it
   * find (through `runtime.earlyReads`, where `run` takes them). The pipeline calls it once a step passed, so they
   * travel with the reads of the steps in between. Nothing is read before the first step (the trigger) passed.
   */
  prepare?(runtime: Runtime): void
}

/** A step that only reads: it runs in a dry run as in a real one. */
export interface ReadingStep<In, Out> extends StepInfo {
  writes: false
  run(known: In, runtime: Runtime): Promise<Verdict<Out>>
}

/** A step that writes to the repository. In a dry run the pipeline calls `simulate`, which writes nothing. */
export interface WritingStep<In, Out> extends StepInfo {
  writes: true
  run(known: In, runtime: Runtime): Promise<Verdict<Out>>
  /** What the step would do ("would tag v1.2.0 at abc1234"), with the facts it would add. */
  simulate(known: In, runtime: Runtime): Verdict<Out> | Promise<Verdict<Out>>
}

export type Step<In, Out> = ReadingStep<In, Out> | WritingStep<In, Out>

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStep = Step<any, any>

/**
 * Steps in order, each typed by what the steps before it found: `then` only accepts a step whose input the
 * earlier steps provide, so no step reads a fact that may not be there.
 */
export class Pipeline<Known> {
  private constructor(readonly steps: readonly AnyStep[]) {}

  static start<Initial>(): Pipeline<Initial> {
    return new Pipeline<Initial>([])
  }

  then<Out>(step: Step<Known, Out>): Pipeline<Known & Out> {
    return new Pipeline<Known & Out>([...this.steps, step])
  }
}

export interface StepResult {
  id: string
  title: string
  status: StepStatus
  reason: string
  durationMs: number
}

export interface PipelineRun<Known> {
  /** `done` when every step passed. */
  outcome: 'done' | 'skipped' | 'blocked'
  /** The reason of the step that stopped the run, or of the last step. */
  reason: string
  steps: StepResult[]
  /** Every fact found, as far as the run got. */
  known: Partial<Known>
  /** All facts, when every step passed. */
  complete: Known | null
  /** The error behind a failed or blocked step, for the annotation and the result's code. */
  error: ActionError | null
}

/** The steps as not run yet, for a report of a run that stopped before them; `of` as for runPipeline. */
export function notRun(steps: readonly StepInfo[], of?: string): StepResult[] {
  return steps.map(step => ({
    id: of ? `${of}/${step.id}` : step.id,
    title: of ? `${of}: ${step.title}` : step.title,
    status: 'not-run',
    reason: '',
    durationMs: 0
  }))
}

/**
 * Runs the steps in order and stops at the first that skips or blocks. In a dry run, writing steps are simulated
 * ("dry run: would …"), never run. `of` names what the steps are for (a monorepo's package): the log, the step
 * titles (`api: Tag and release`) and ids (`api/release`) say it.
 */
export async function runPipeline<Initial, Known>(
  pipeline: Pipeline<Known>,
  initial: Initial,
  runtime: Runtime,
  { of }: { of?: string } = {}
): Promise<PipelineRun<Known>> {
  const { clock, log, config } = runtime
  const results = notRun(pipeline.steps, of)
  const known = { ...initial } as Record<string, unknown>
  let prepared = false
  for (const [index, step] of pipeline.steps.entries()) {
    const result = results[index] as StepResult
    const started = clock.now()
    const simulated = step.writes && config.dryRun
    let verdict: Verdict<Record<string, unknown>>
    try {
      verdict = await log.group(result.title, () =>
        simulated ? Promise.resolve(step.simulate(known, runtime)) : step.run(known, runtime)
      )
    } catch (thrown) {
      const error = asActionError(thrown)
      verdict = { status: 'blocked', reason: error.message, facts: {}, error }
      result.status = 'failed'
    }
    Object.assign(known, verdict.facts)
    if (result.status !== 'failed') result.status = verdict.status
    result.reason = simulated ? `dry run: ${verdict.reason}` : verdict.reason
    result.durationMs = clock.now() - started
    log.info(`${result.title}: ${result.status}${result.reason ? ` — ${result.reason}` : ''}`)
    if (verdict.status === 'skipped' || verdict.status === 'blocked') {
      return {
        outcome: verdict.status,
        reason: result.reason,
        steps: results,
        known: known as Partial<Known>,
        complete: null,
        error: verdict.error ?? null
      }
    }
    if (!prepared) {
      prepared = true
      for (const later of pipeline.steps.slice(index + 1)) later.prepare?.(runtime)
    }
  }
  return {
    outcome: 'done',
    reason: results[results.length - 1]?.reason ?? '',
    steps: results,
    known: known as Partial<Known>,
    complete: known as Known,
    error: null
  }
}
