import {
  ALREADY_RELEASED,
  isComplete,
  outcomeOf,
  reasonOf,
  type Expectation,
  type RunRecord,
  type Violation
} from './invariants.js'
import { wroteSuccessfully } from './world.js'

// What runs say against what they did: a release is announced once, and no step claims a write it did not make.

/**
 * A rerun after a fault converges. After a run that left everything done, the rerun writes nothing; and a release
 * is announced once: after a run that said `released`, the rerun says `skipped`. (When the first run was blocked
 * by a lost answer though all was done, the rerun may be the first to say `released`: it completes the report.)
 */
export function checkRerun(first: RunRecord, rerun: RunRecord, expected: Expectation): Violation[] {
  const violations: Violation[] = []
  const outcome = outcomeOf(rerun)
  const reason = reasonOf(rerun)
  const converged = outcome === 'released' || (outcome === 'skipped' && ALREADY_RELEASED.test(reason))
  if (!converged)
    violations.push({ invariant: 'rerun-converges', detail: `the clean rerun ended ${outcome}: '${reason}'` })
  if (isComplete(first.after, expected)) {
    const writes = rerun.writes.filter(wroteSuccessfully).map(request => request.operationId)
    if (writes.length > 0)
      violations.push({
        invariant: 'rerun-idle-when-done',
        detail: `${first.label} left ${expected.tag} done, yet the rerun wrote [${writes.join(', ')}] ('${reason}')`
      })
  }
  if (outcomeOf(first) === 'released' && outcome === 'released')
    violations.push({
      invariant: 'released-once',
      detail: `${first.label} said released ${expected.tag}, and the rerun says so again: '${reason}'`
    })
  return violations
}

/** What a step's reason may say it did, and the write that doing it takes. */
export const CLAIMS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^dispatched\b/i, ['actions/create-workflow-dispatch']],
  [/^created (draft )?release\b/i, ['repos/create-release']],
  [/^published\b/i, ['repos/update-release', 'repos/create-release']],
  [/^committed\b/i, ['git/create-commit']],
  [/^tagged\b/i, ['git/create-ref']]
]

/** A run never claims work nobody did: each step that says it dispatched, created, published, committed or
 * tagged made that write itself (GitHub did it, even if the answer was then lost). */
export function checkClaims(record: RunRecord): Violation[] {
  const steps = record.run?.result?.steps ?? []
  const done = new Set(record.writes.filter(wroteSuccessfully).map(request => request.operationId))
  return steps.flatMap(step => {
    const claim = CLAIMS.find(([pattern]) => pattern.test(step.reason))
    if (!claim || claim[1].some(operation => done.has(operation))) return []
    return [
      {
        invariant: 'no-false-claims' as const,
        detail: `${record.label}: its ${step.id} step says '${step.reason}', but it made no ${claim[1].join(' or ')}`
      }
    ]
  })
}
