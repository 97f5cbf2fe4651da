import { describeFaults, planFault, WRITES, type PlannedFault } from './plan.js'
import { Rng } from './rng.js'
import { expectedReleases } from './monorepo-world.js'

/** What the monorepo and the workflow look like for one seed of the monorepo campaign. */
export interface MonorepoShape {
  /**
   * Which packages the commits since the first releases touch: `one` (b alone), `two` (one commit touching a and c;
   * b untouched), `three` (a alone, then one commit touching b and c).
   */
  change: 'one' | 'two' | 'three'
  /** A commit touching no package comes first (it counts for none). */
  unrelatedCommit: boolean
  /** c is declared as `{path: packages/c, name: tool, tag-prefix: tool-v}`. */
  customPrefix: boolean
  commitVersion: boolean
  /** The last package released deploys with its own workflow (per-package deploy-workflow). */
  deploy: boolean
  draftUntilDeployed: boolean
  deployWait: boolean
  releaseNotes: 'conventional' | 'github'
  /**
   * What an earlier, interrupted run left: nothing; the version commit alone, the branch moved to it (with
   * commit-version); the first package's tag alone; or the first package tagged and published, the others not.
   */
  leftover: 'none' | 'version-commit' | 'first-tagged' | 'first-released'
  rerun: 'at once' | 'an hour later'
  /** A developer pushes a commit touching no package between the faulted run and the rerun. */
  pushed: boolean
}

export interface MonorepoSeedPlan {
  seed: number
  shape: MonorepoShape
  faults: PlannedFault[]
}

/** One place a fault may be aimed: an operation, and (for a per-package request) what singles out its package. */
interface Aim {
  operationId: string
  target?: string
  bodyIncludes?: string
  queryIncludes?: string
}

/** The requests a monorepo run of this shape makes (as far as the protocol is known), to aim faults at. */
export function monorepoAims(shape: MonorepoShape): Aim[] {
  const released = expectedReleases(shape)
  const last = released[released.length - 1]!
  const leftTagged = shape.leftover === 'first-tagged' || shape.leftover === 'first-released'
  // The packages this seed's runs still have to tag, and to make a release for.
  const toTag = leftTagged ? released.slice(1) : released
  const toCreate = shape.leftover === 'first-released' ? released.slice(1) : released
  const aims: Aim[] = [
    { operationId: 'repos/compare-commits-with-basehead' },
    // The releases are listed by each package's release step: none runs when every package is released already.
    ...(toCreate.length > 0 ? [{ operationId: 'repos/list-releases' }] : []),
    { operationId: 'repos/list-commits' },
    // One package's path-filtered listing (the last one released): it fails while the others' succeed.
    {
      operationId: 'repos/list-commits',
      target: `path ${last.path}`,
      queryIncludes: `path=${last.path}`
    }
  ]
  if (toTag.length > 0) aims.push({ operationId: 'git/create-ref' })
  // The second package's tag: the first is released by then, so a failure here leaves the run half done.
  for (const release of toTag.slice(1, 3))
    aims.push({
      operationId: 'git/create-ref',
      target: release.tag,
      bodyIncludes: `"refs/tags/${release.tag}"`
    })
  if (toCreate.length > 0) aims.push({ operationId: 'repos/create-release' })
  for (const release of toCreate.slice(1, 3))
    aims.push({
      operationId: 'repos/create-release',
      target: release.tag,
      bodyIncludes: `"tag_name":"${release.tag}"`
    })
  if (toCreate.length > 0) aims.push({ operationId: 'repos/update-release' })
  if (leftTagged) aims.push({ operationId: 'repos/get-release-by-tag' })
  if (shape.commitVersion && !leftTagged) {
    // Made when nothing is tagged yet; with the version commit left, this run's is refused and the earlier one found.
    aims.push(
      { operationId: 'git/get-commit' },
      { operationId: 'repos/get-content' },
      { operationId: 'git/create-tree' },
      { operationId: 'git/create-commit' },
      { operationId: 'git/update-ref' }
    )
  }
  if (shape.deploy) aims.push({ operationId: 'actions/create-workflow-dispatch' })
  if (shape.deploy && shape.deployWait) aims.push({ operationId: 'actions/list-workflow-runs' })
  if (shape.releaseNotes === 'github' && toCreate.length > 0)
    aims.push({ operationId: 'repos/generate-release-notes' })
  return aims
}

function planShape(rng: Rng): Omit<MonorepoShape, 'rerun' | 'pushed'> {
  const change = rng.weighted<MonorepoShape['change']>([
    ['one', 2],
    ['two', 4],
    ['three', 4]
  ])
  const unrelatedCommit = rng.chance(0.4)
  const customPrefix = rng.chance(0.3)
  const commitVersion = rng.chance(0.5)
  const deploy = rng.chance(0.35)
  const draftUntilDeployed = deploy && rng.chance(0.6)
  const deployWait = deploy && rng.chance(0.7)
  const releaseNotes = rng.chance(0.25) ? 'github' : 'conventional'
  const leftovers: Array<[MonorepoShape['leftover'], number]> = [
    ['none', 6],
    ['first-tagged', 1.5]
  ]
  if (commitVersion) leftovers.push(['version-commit', 1.5])
  // A published release whose package deploys with draft-until-deployed would have been a draft until its deploy.
  const firstDeploys = deploy && change === 'one'
  if (!(firstDeploys && draftUntilDeployed)) leftovers.push(['first-released', 1.5])
  const leftover = rng.weighted(leftovers)
  return {
    change,
    unrelatedCommit,
    customPrefix,
    commitVersion,
    deploy,
    draftUntilDeployed,
    deployWait,
    releaseNotes,
    leftover
  }
}

const REFUSED = { message: 'Resource not accessible by integration' }

/**
 * A failure no retry gets past, so that the run stops where it is: a write refused (403, as a token without the
 * permission gets), or a 5xx outlasting the client's three retries (a read's; a write is not retried at all).
 */
function lasting(rng: Rng, operationId: string): PlannedFault {
  const base = { operationId }
  if (WRITES.has(operationId) && rng.chance(0.6))
    return { kind: 'refused', operationId, fault: { ...base, status: 403, body: REFUSED } }
  return { kind: 'outage', operationId, fault: { ...base, status: rng.pick([500, 502, 503]), times: 4 } }
}

function aimed(rng: Rng, aim: Aim): PlannedFault {
  const planned = rng.chance(0.25) ? lasting(rng, aim.operationId) : planFault(rng, aim.operationId)
  if (!aim.target) return planned
  const match = {
    ...(aim.bodyIncludes ? { bodyIncludes: aim.bodyIncludes } : {}),
    ...(aim.queryIncludes ? { queryIncludes: aim.queryIncludes } : {})
  }
  return { ...planned, target: aim.target, fault: { ...planned.fault, ...match } }
}

/** The monorepo scenario and the one or two faults of a seed: the same seed, the same plan. */
export function planMonorepoSeed(seed: number): MonorepoSeedPlan {
  // Its own stream: the monorepo campaign's seed 7 is not the single-package campaign's seed 7.
  const rng = new Rng(seed ^ 0x6d6f6e6f)
  const shape: MonorepoShape = { ...planShape(rng), rerun: 'at once', pushed: false }
  const aims = monorepoAims(shape)
  const first = rng.pick(aims)
  const faults = [aimed(rng, first)]
  if (rng.chance(0.35)) {
    const others = aims.filter(aim => aim.operationId !== first.operationId)
    if (others.length > 0) faults.push(aimed(rng, rng.pick(others)))
  }
  const rerun = rng.chance(0.5) ? 'at once' : 'an hour later'
  const pushed = rng.chance(0.25)
  return { seed, shape: { ...shape, rerun, pushed }, faults }
}

export function describeMonorepoShape(shape: MonorepoShape): string {
  const released = expectedReleases(shape)
  const parts = [`${shape.change} changed (${released.map(release => release.tag).join(', ')})`]
  if (shape.unrelatedCommit) parts.push('a commit touching none')
  if (shape.customPrefix) parts.push('tool-v prefix')
  if (shape.commitVersion) parts.push('commit-version')
  if (shape.deploy) {
    const deploying = released.find(release => release.deploy)?.name
    parts.push(
      `deploy ${deploying}`,
      `draft-until-deployed ${shape.draftUntilDeployed}`,
      `deploy-wait ${shape.deployWait}`
    )
  }
  parts.push(`notes ${shape.releaseNotes}`)
  if (shape.leftover !== 'none') parts.push(`leftover ${shape.leftover}`)
  if (shape.pushed) parts.push('a push before the rerun')
  parts.push(`rerun ${shape.rerun}`)
  return parts.join(', ')
}

export { describeFaults }
