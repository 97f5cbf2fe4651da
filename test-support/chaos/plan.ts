import type { Fault } from '../emulator/server.js'
import { Rng } from './rng.js'

/** What the repository and the workflow look like for one seed. */
export interface Shape {
  /** A deploy workflow dispatched after tagging, or none. */
  deploy: boolean
  draftUntilDeployed: boolean
  deployWait: boolean
  commitVersion: boolean
  releaseNotes: 'conventional' | 'github'
  /**
   * What an earlier, interrupted run left for this version: nothing, the tag alone, the tag and a draft release
   * (deploy with draft-until-deployed), or the tag and a published release whose deploy never ran.
   */
  leftover: 'none' | 'tag' | 'tag+draft' | 'tag+published'
  /**
   * When the clean rerun comes: at once (what the faulted run left is seconds old, as a concurrent run's would be),
   * or an hour later (it is plainly an earlier run's, and a deploy it started has long finished).
   */
  rerun: 'at once' | 'an hour later'
}

export type FaultKind =
  | '5xx'
  | '429'
  | 'secondary-rate-limit'
  | 'lost-answer'
  | 'drop'
  | 'drop-after-write'
  | 'delay'
  // The monorepo campaign's (monorepo-plan.ts): failures no retry gets past.
  | 'refused'
  | 'outage'

/** One fault, as data (no functions): what it hits and how, so a seed prints and replays exactly. */
export interface PlannedFault {
  kind: FaultKind
  operationId: string
  /** Which of the operation's requests it is aimed at (a package's tag, its path listing), when not the first. */
  target?: string
  fault: Fault
}

export interface SeedPlan {
  seed: number
  shape: Shape
  faults: PlannedFault[]
}

const SECONDARY_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'

/** The requests a first release of this shape makes (as far as the protocol is known), to aim faults at. */
export function reachableOperations(shape: Shape): string[] {
  const tagged = shape.leftover !== 'none'
  const operations = ['repos/compare-commits-with-basehead', 'repos/list-releases']
  if (!tagged) operations.push('git/create-ref')
  if (shape.leftover === 'none' || shape.leftover === 'tag') operations.push('repos/create-release')
  if (tagged) operations.push('repos/get-release-by-tag')
  if (shape.deploy) operations.push('actions/create-workflow-dispatch', 'actions/list-workflow-runs')
  const draftMade = shape.deploy && shape.draftUntilDeployed && shape.leftover !== 'tag+published'
  if (draftMade) operations.push('repos/update-release')
  if (shape.commitVersion && !tagged) operations.push('git/create-commit', 'git/update-ref')
  if (shape.releaseNotes === 'github' && (shape.leftover === 'none' || shape.leftover === 'tag'))
    operations.push('repos/generate-release-notes')
  return operations
}

export const WRITES = new Set([
  'git/create-ref',
  'repos/create-release',
  'repos/update-release',
  'actions/create-workflow-dispatch',
  'git/update-ref',
  'git/create-commit',
  'git/create-tree'
])

function planShape(rng: Rng): Omit<Shape, 'rerun'> {
  const deploy = rng.chance(0.55)
  const draftUntilDeployed = deploy && rng.chance(0.6)
  const deployWait = deploy && rng.chance(0.7)
  const commitVersion = rng.chance(0.3)
  const releaseNotes = rng.chance(0.3) ? 'github' : 'conventional'
  const leftovers: Array<[Shape['leftover'], number]> = [
    ['none', 7],
    ['tag', 1.5]
  ]
  if (deploy && draftUntilDeployed) leftovers.push(['tag+draft', 1.5])
  if (deploy && !draftUntilDeployed) leftovers.push(['tag+published', 1])
  const leftover = rng.weighted(leftovers)
  return { deploy, draftUntilDeployed, deployWait, commitVersion, releaseNotes, leftover }
}

/** A fault of a kind drawn for the operation (lost answers mostly for writes), as data. */
export function planFault(rng: Rng, operationId: string): PlannedFault {
  const write = WRITES.has(operationId)
  const kind = rng.weighted<Exclude<FaultKind, 'refused' | 'outage'>>([
    ['5xx', 2],
    ['429', 1],
    ['secondary-rate-limit', 1],
    // Losing the answer after the write only means something for a write.
    ['lost-answer', write ? 3 : 0.5],
    ['drop', 1],
    ['drop-after-write', write ? 2 : 0.3],
    ['delay', 1]
  ])
  const base = { operationId }
  switch (kind) {
    case '5xx':
      return {
        kind,
        operationId,
        fault: { ...base, status: rng.pick([500, 502, 503]), times: rng.pick([1, 1, 2]) }
      }
    case '429':
      return {
        kind,
        operationId,
        fault: {
          ...base,
          status: 429,
          headers: { 'retry-after': '1' },
          body: { message: 'Too many requests' }
        }
      }
    case 'secondary-rate-limit':
      return {
        kind,
        operationId,
        fault: {
          ...base,
          status: 403,
          headers: { 'retry-after': '1' },
          body: { message: SECONDARY_LIMIT_MESSAGE }
        }
      }
    case 'lost-answer':
      return { kind, operationId, fault: { ...base, after: true, status: rng.pick([500, 502]) } }
    case 'drop':
      return { kind, operationId, fault: { ...base, drop: true } }
    case 'drop-after-write':
      return { kind, operationId, fault: { ...base, drop: true, after: true } }
    case 'delay':
      // Well below anything that could pass for a timeout: slowness, not failure.
      return { kind, operationId, fault: { ...base, delayMs: rng.int(200, 2500) } }
  }
}

/** The scenario and the one or two faults of a seed: the same seed, the same plan. */
export function planSeed(seed: number): SeedPlan {
  const rng = new Rng(seed)
  const shape = planShape(rng)
  const operations = reachableOperations({ ...shape, rerun: 'at once' })
  const first = rng.pick(operations)
  const faults = [planFault(rng, first)]
  if (rng.chance(0.35)) {
    const others = operations.filter(operation => operation !== first)
    if (others.length > 0) faults.push(planFault(rng, rng.pick(others)))
  }
  // Drawn last, so that adding it kept every seed's scenario and faults as they were.
  const rerun = rng.chance(0.5) ? 'at once' : 'an hour later'
  return { seed, shape: { ...shape, rerun }, faults }
}

export function describeShape(shape: Shape): string {
  const parts = [shape.deploy ? 'deploy' : 'plain']
  if (shape.deploy) {
    parts.push(`draft-until-deployed ${shape.draftUntilDeployed}`, `deploy-wait ${shape.deployWait}`)
  }
  if (shape.commitVersion) parts.push('commit-version')
  parts.push(`notes ${shape.releaseNotes}`)
  if (shape.leftover !== 'none') parts.push(`leftover ${shape.leftover}`)
  parts.push(`rerun ${shape.rerun}`)
  return parts.join(', ')
}

export function describeFault(planned: PlannedFault): string {
  const { fault } = planned
  const detail =
    planned.kind === 'delay'
      ? `${fault.delayMs}ms`
      : planned.kind === '5xx' || planned.kind === 'lost-answer' || planned.kind === 'outage'
        ? String(fault.status)
        : ''
  const times = (fault.times ?? 1) > 1 ? ` ×${fault.times}` : ''
  const target = planned.target ? ` [${planned.target}]` : ''
  return `${planned.kind}${detail ? ` ${detail}` : ''}${times} on ${planned.operationId}${target}`
}

export function describeFaults(faults: readonly PlannedFault[]): string {
  return faults.map(describeFault).join(' + ')
}
