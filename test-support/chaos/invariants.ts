import semver from 'semver'
import type { LoggedRequest } from '../emulator/server.js'
import type { ActionRun } from '../run-action.js'
import type { WorldSnapshot } from './world.js'

/**
 * The promises of the release protocol (DESIGN §1), as checks on the emulator's state and on what each run said.
 * Each name is what a report prints, so a failure says which promise broke.
 */
export type Invariant =
  | 'no-crash'
  | 'exit-matches-outcome'
  | 'one-tag'
  | 'tag-at-release-commit'
  | 'one-published-release'
  | 'deploy-done'
  | 'one-deploy-per-version'
  | 'latest-never-lower'
  | 'released-is-real'
  | 'skipped-is-true'
  | 'blocked-names-state'
  | 'rerun-converges'
  | 'rerun-idle-when-done'
  | 'released-once'
  | 'no-false-claims'
  | 'no-lower-release-inside-higher'
  | 'superseded-run-skips'
  | 'storm-one-released'
  | 'storm-not-blocked'
  | 'api-contract'
  // Monorepos (monorepo-invariants.ts): per package, and across the packages of one run.
  | 'unchanged-not-released'
  | 'tags-at-one-commit'
  | 'one-version-commit'
  | 'version-commit-content'
  | 'single-outputs'
  | 'packages-accounted'
  | 'blocked-names-package'
  | 'third-run-idle'

export interface Violation {
  invariant: Invariant
  detail: string
}

/** What a correct end state looks like for the version under test. */
export interface Expectation {
  tag: string
  version: string
  /** The commit the runs were asked to release (GITHUB_SHA). */
  target: string
  /** Tags that existed before any run (a leftover tag of this version is not counted as one). */
  tagsBefore: string[]
  branch: string
  deploy: boolean
  deployWait: boolean
  commitVersion: boolean
}

/** One process of the action, with what it wrote and the world just after it ended. */
export interface RunRecord {
  label: string
  /** Null when the harness could not even read the run's outputs. */
  run: ActionRun | null
  /** Why the harness failed to read the run, when it did. */
  harnessError: string | null
  /** Requests this run made that write (attributed exactly: sequential runs, or a per-process proxy). */
  writes: LoggedRequest[]
  /** The world as this run left it (for concurrent runs: when it ended). */
  after: WorldSnapshot
  startedAt: number
  endedAt: number
}

export const OUTCOMES = new Set(['released', 'skipped', 'blocked'])
export const ALREADY_RELEASED = /already released/i
export const ANOTHER_RUN = /another run/i
// A skip is "nothing to do now": its reason must not say this run made something.
const CLAIMS_WORK = /^(created|published|committed|tagged|dispatched|deployed|released)\b/i
// A blocked run that leaves the release half made says what is left, so a human knows what a rerun will do.
export const HALF_MADE = /draft|no release|without (a|its) release|not (yet )?published|rerun|re-run/i
// An uncaught exception prints a stack: the action must fail in one place, through its report.
export const STACK = /^\s+at .+(dist\/[\w-]+\.js|node:internal)/m

export function firstLines(text: string, count = 3): string {
  return text.trim().split('\n').slice(0, count).join(' | ').slice(0, 400)
}

export function outcomeOf(record: RunRecord): string {
  return record.run?.outputs.outcome ?? '(none)'
}

export function reasonOf(record: RunRecord): string {
  const run = record.run
  if (!run) return record.harnessError ?? ''
  return run.result?.reason ?? run.outputs['skipped-reason'] ?? ''
}

function publishedFor(world: WorldSnapshot, tag: string) {
  return world.releases.filter(release => release.tagName === tag && !release.draft)
}

/**
 * Whether the world holds the finished release: its tag, one published release, the Latest where it belongs and
 * (if asked) its deploy. A run that left it so has left nothing for a rerun to do.
 */
export function isComplete(world: WorldSnapshot, expected: Expectation): boolean {
  const tag = world.tags.find(candidate => candidate.name === expected.tag)
  if (!tag) return false
  const releases = world.releases.filter(release => release.tagName === expected.tag)
  if (releases.length !== 1 || releases[0]!.draft) return false
  if (checkLatest(world).length > 0) return false
  // The highest stable release is Latest (make-latest: true): a lost answer can leave that mark to the rerun.
  if (world.latest !== expected.tag && !expected.version.includes('-')) return false
  if (!expected.deploy) return true
  const deploys = world.deployRuns.filter(run => run.version === expected.version)
  return expected.deployWait
    ? deploys.some(run => run.eventual === 'success' && run.headSha === tag.commit)
    : deploys.length > 0
}

/** The run ended through its report: a result that parses, a known outcome, and the exit code that goes with it. */
export function checkEnding(record: RunRecord): Violation[] {
  const violations: Violation[] = []
  const add = (invariant: Invariant, detail: string) =>
    violations.push({ invariant, detail: `${record.label}: ${detail}` })
  const run = record.run
  if (!run || run.result === null || typeof run.result !== 'object') {
    const said = record.harnessError ?? `exit ${run?.exitCode}: ${firstLines(run?.stderr ?? '')}`
    add('no-crash', `no result output (${said})`)
    return violations
  }
  const outcome = run.outputs.outcome ?? ''
  if (![0, 1].includes(run.exitCode)) add('no-crash', `exit code ${run.exitCode}`)
  if (!OUTCOMES.has(outcome)) add('no-crash', `outcome '${outcome}'`)
  if (STACK.test(run.stderr)) add('no-crash', `uncaught exception: ${firstLines(run.stderr)}`)
  if (run.result.outcome !== outcome)
    add('no-crash', `result.outcome ${run.result.outcome} ≠ outcome ${outcome}`)
  if ((outcome === 'blocked') !== (run.exitCode === 1))
    add('exit-matches-outcome', `${outcome} with exit ${run.exitCode}`)
  if ((run.outputs.released === 'true') !== (outcome === 'released'))
    add('released-is-real', `released=${run.outputs.released} with outcome ${outcome}`)
  return violations
}

/**
 * Checks that hold for every run on its own: it ended properly, and what it says matches what it left. With
 * `concurrent`, other runs were going on at the same time (a storm), so "another run is releasing it" may be true.
 */
export function checkRun(record: RunRecord, expected: Expectation, concurrent = false): Violation[] {
  const violations = checkEnding(record)
  const add = (invariant: Invariant, detail: string) =>
    violations.push({ invariant, detail: `${record.label}: ${detail}` })
  const run = record.run
  if (!run || run.result === null || typeof run.result !== 'object') return violations
  const outcome = run.outputs.outcome ?? ''
  const reason = reasonOf(record)
  const world = record.after
  const tag = run.outputs.tag || expected.tag
  if (outcome === 'released') {
    if (run.outputs.tag !== expected.tag)
      add('released-is-real', `says it released ${run.outputs.tag}, expected ${expected.tag}`)
    const published = publishedFor(world, tag)
    if (published.length === 0) add('released-is-real', `says released, but ${tag} has no published release`)
    else if (!published.some(release => String(release.id) === run.outputs['release-id']))
      add(
        'released-is-real',
        `release-id ${run.outputs['release-id']} is not the published ${tag} (${published.map(r => r.id).join(', ')})`
      )
    if (expected.deploy && expected.deployWait && run.outputs['deploy-conclusion'] !== 'success')
      add(
        'released-is-real',
        `says released with deploy-wait, but deploy-conclusion is '${run.outputs['deploy-conclusion']}'`
      )
  }
  if (outcome === 'skipped' || outcome === 'released') {
    if (run.outputs.version !== expected.version)
      add(
        outcome === 'released' ? 'released-is-real' : 'skipped-is-true',
        `version output '${run.outputs.version}', expected ${expected.version}`
      )
  }
  if (outcome === 'skipped' && ALREADY_RELEASED.test(reason)) {
    const published = publishedFor(world, expected.tag)
    if (published.length > 0 && !published.some(release => String(release.id) === run.outputs['release-id']))
      add(
        'skipped-is-true',
        `says '${reason}' but its release-id output is '${run.outputs['release-id']}', not ${published.map(release => release.id).join(', ')}`
      )
  }
  if (outcome === 'skipped') {
    // Among concurrent runs, leaving the release to the run that holds its tag is honest; alone, it is not.
    const leftToAnother = concurrent && ANOTHER_RUN.test(reason)
    if (leftToAnother && !world.tags.some(candidate => candidate.name === expected.tag))
      add('skipped-is-true', `says '${reason}', but nobody holds the tag ${expected.tag}`)
    else if (!leftToAnother && !ALREADY_RELEASED.test(reason))
      add('skipped-is-true', `skipped for '${reason}', though ${expected.tag} is releasable`)
    else if (!leftToAnother && publishedFor(world, expected.tag).length === 0)
      add('skipped-is-true', `says '${reason}', but ${expected.tag} has no published release`)
    if (CLAIMS_WORK.test(reason)) add('skipped-is-true', `skip reason claims work: '${reason}'`)
  }
  if (outcome === 'blocked') {
    if (!reason.trim()) add('blocked-names-state', 'blocked without a reason')
    if (!run.result.error) add('blocked-names-state', `blocked without an error code ('${reason}')`)
    const tagged = world.tags.some(candidate => candidate.name === expected.tag)
    const halfMade = tagged && publishedFor(world, expected.tag).length === 0
    if (halfMade && !(reason.includes(expected.tag) && HALF_MADE.test(reason)))
      add(
        'blocked-names-state',
        `left ${expected.tag} tagged without a published release, and its reason does not say so: '${reason}'`
      )
  }
  return violations
}

/** Checks on the end state: one tag, one published release, deploys and the Latest as promised. */
export function checkWorld(
  world: WorldSnapshot,
  expected: Expectation,
  apiViolations: readonly string[]
): Violation[] {
  const violations: Violation[] = []
  const add = (invariant: Invariant, detail: string) => violations.push({ invariant, detail })

  const newTags = world.tags.filter(tag => !expected.tagsBefore.includes(tag.name))
  const names = newTags.map(tag => tag.name)
  const tag = world.tags.find(candidate => candidate.name === expected.tag)
  if (!tag) add('one-tag', `no tag ${expected.tag}; new tags: [${names.join(', ')}]`)
  const strays = names.filter(name => name !== expected.tag)
  if (strays.length > 0) add('one-tag', `tags other than ${expected.tag} appeared: [${strays.join(', ')}]`)

  if (tag && tag.commit !== expected.target) {
    // Else it must be the version commit: the target's one child, on the release branch.
    const versionCommit =
      expected.commitVersion && tag.parents.length === 1 && tag.parents[0] === expected.target
    if (!versionCommit)
      add(
        'tag-at-release-commit',
        `${expected.tag} is at ${tag.commit.slice(0, 7)} (parents ${tag.parents.map(sha => sha.slice(0, 7)).join(', ')}), ` +
          `neither ${expected.target.slice(0, 7)} nor a version commit on top of it`
      )
    else if (!tag.onBranch)
      add(
        'tag-at-release-commit',
        `${expected.tag} is at the version commit ${tag.commit.slice(0, 7)}, which ${expected.branch} does not contain`
      )
  }

  const releases = world.releases.filter(release => release.tagName === expected.tag)
  const published = releases.filter(release => !release.draft)
  if (releases.length !== 1 || published.length !== 1) {
    const list = releases.map(release => `${release.id}${release.draft ? ' (draft)' : ''}`).join(', ')
    add(
      'one-published-release',
      `${expected.tag} has ${releases.length} release(s) [${list}], ${published.length} published`
    )
  }

  if (expected.deploy) {
    const forVersion = world.deployRuns.filter(run => run.version === expected.version)
    const successful = forVersion.filter(run => run.eventual === 'success')
    if (expected.deployWait && tag && !successful.some(run => run.headSha === tag.commit))
      add(
        'deploy-done',
        `no successful deploy run of ${expected.version} at ${tag.commit.slice(0, 7)} (${forVersion.length} dispatched)`
      )
    if (!expected.deployWait && forVersion.length === 0)
      add('deploy-done', `no deploy run of ${expected.version} was ever dispatched (deploy-wait: false)`)
    if (successful.length > 1)
      add(
        'one-deploy-per-version',
        `${successful.length} successful deploy runs of ${expected.version} (${forVersion.length} dispatched: ${forVersion.map(run => run.id).join(', ')})`
      )
  }

  violations.push(...checkLatest(world))
  for (const problem of apiViolations) add('api-contract', problem)
  return violations
}

/** The Latest never goes down, and ends on the highest published release. */
export function checkLatest(world: WorldSnapshot): Violation[] {
  const violations: Violation[] = []
  let highest: { name: string; version: string } | null = null
  for (const name of world.latestHistory) {
    const version = semver.valid(name.replace(/^v/, ''))
    if (!version) continue
    if (highest && semver.lt(version, highest.version))
      violations.push({
        invariant: 'latest-never-lower',
        detail: `${name} became Latest after ${highest.name} (history: ${world.latestHistory.join(' → ')})`
      })
    if (!highest || semver.gt(version, highest.version)) highest = { name, version }
  }
  const stable = world.releases
    .filter(release => !release.draft && !release.prerelease)
    .map(release => release.tagName.replace(/^v/, ''))
    .filter(version => semver.valid(version))
    .sort(semver.rcompare)
  if (stable[0] && world.latest?.replace(/^v/, '') !== stable[0])
    violations.push({
      invariant: 'latest-never-lower',
      detail: `Latest is ${world.latest}, but v${stable[0]} is the highest published release`
    })
  return violations
}

/** A rerun after a fault converges; after a run that finished everything, it does nothing and says so. */
