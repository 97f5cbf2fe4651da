import semver from 'semver'
import type { LoggedRequest } from '../emulator/server.js'
import { CLAIMS } from './claims.js'
import {
  ALREADY_RELEASED,
  ANOTHER_RUN,
  firstLines,
  HALF_MADE,
  OUTCOMES,
  outcomeOf,
  reasonOf,
  STACK,
  type Invariant,
  type RunRecord,
  type Violation
} from './invariants.js'
import {
  versionCommitSubject,
  type MonorepoExpectation,
  type MonorepoSnapshot,
  type PackageDef,
  type PackageExpectation
} from './monorepo-world.js'
import { wroteSuccessfully } from './world.js'

/**
 * The release protocol's promises for a monorepo (README, "Monorepos"), per package and across the packages of one
 * run: one tag and one published release per released package version, all tags at the one version commit (or at
 * the released commit), untouched packages never tagged, the `releases` output true to the world, a blocked run
 * naming the package, and reruns that converge and then write nothing.
 */

/** One run of a monorepo, with what the harness read of it. */
export interface MonorepoRunRecord extends RunRecord {
  after: MonorepoSnapshot
}

/** One entry of the `releases` output. */
interface ReleasesEntry {
  package: string
  version: string
  tag: string
  'previous-version': string
  'release-url': string
  'release-id': number | null
}

/** The `releases` output, parsed; null when it is not a JSON array. */
export function releasesOf(record: RunRecord): ReleasesEntry[] | null {
  const text = record.run?.outputs.releases ?? ''
  try {
    const parsed = JSON.parse(text === '' ? '[]' : text) as unknown
    return Array.isArray(parsed) ? (parsed as ReleasesEntry[]) : null
  } catch {
    return null
  }
}

function published(world: MonorepoSnapshot, tag: string) {
  return world.releases.filter(release => release.tagName === tag && !release.draft)
}

/** The declared package a tag belongs to, by its prefix and a version after it. */
function packageOfTag(expected: MonorepoExpectation, tag: string): PackageDef | null {
  return (
    expected.declared.find(
      def => tag.startsWith(def.tagPrefix) && semver.valid(tag.slice(def.tagPrefix.length)) !== null
    ) ?? null
  )
}

/** Whether the deploy a package's release waits for happened as promised, in this world. */
function deployed(
  world: MonorepoSnapshot,
  expected: MonorepoExpectation,
  release: PackageExpectation
): boolean {
  const deploy = expected.deploy
  if (!release.deploy || !deploy) return true
  const tag = world.tags.find(candidate => candidate.name === release.tag)
  const runs = world.deployRuns.filter(run => run.version === release.version)
  return deploy.wait
    ? runs.some(run => run.eventual === 'success' && run.headSha === tag?.commit)
    : runs.length > 0
}

/**
 * Whether the world holds every release the seed is due: each changed package's tag, its one published release and
 * (if it deploys) its deploy, and the one version commit. A run that left it so left nothing for a rerun to do.
 */
export function isMonorepoComplete(world: MonorepoSnapshot, expected: MonorepoExpectation): boolean {
  if (expected.commitVersion && versionCommitsOf(world, expected).length !== 1) return false
  return expected.changed.every(release => {
    if (!world.tags.some(tag => tag.name === release.tag)) return false
    const releases = world.releases.filter(candidate => candidate.tagName === release.tag)
    return releases.length === 1 && !releases[0]!.draft && deployed(world, expected, release)
  })
}

/** The commits the branch gained after the released commit, but for those a developer pushed. */
function versionCommitsOf(world: MonorepoSnapshot, expected: MonorepoExpectation) {
  return world.branchCommits.filter(commit => !expected.pushed.includes(commit.sha))
}

/** The run ended through its report, and its outcome, exit code, `released` and `releases` agree. */
export function checkMonorepoEnding(record: RunRecord): Violation[] {
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
  const releases = releasesOf(record)
  if (releases === null) {
    add('no-crash', `the releases output is not a JSON array: '${run.outputs.releases}'`)
    return violations
  }
  // `released` is true when any package was (a blocked run may have released some).
  if ((run.outputs.released === 'true') !== releases.length > 0)
    add('released-is-real', `released=${run.outputs.released} with ${releases.length} entries in releases`)
  if (outcome === 'released' && releases.length === 0)
    add('released-is-real', 'outcome released, but the releases output is empty')
  if (outcome === 'skipped' && releases.length > 0)
    add(
      'released-is-real',
      `outcome skipped, but releases lists ${releases.map(entry => entry.tag).join(', ')}`
    )
  return violations
}

/**
 * Checks that hold for every run on its own: what it says (the `releases` output, each package's outcome, the
 * single-release outputs, a blocked reason) matches the world it left. With `concurrent`, other runs were going on
 * (a storm), so "another run is releasing it" may be true.
 */
export function checkMonorepoRun(
  record: MonorepoRunRecord,
  expected: MonorepoExpectation,
  concurrent = false
): Violation[] {
  const violations = checkMonorepoEnding(record)
  const add = (invariant: Invariant, detail: string) =>
    violations.push({ invariant, detail: `${record.label}: ${detail}` })
  const run = record.run
  const releases = releasesOf(record)
  if (!run || run.result === null || typeof run.result !== 'object' || releases === null) return violations
  const world = record.after
  const outcome = outcomeOf(record)
  const reason = reasonOf(record)

  const seen = new Set<string>()
  for (const entry of releases) {
    const due = expected.changed.find(release => release.name === entry.package)
    if (seen.has(entry.package)) add('released-is-real', `releases lists ${entry.package} twice`)
    seen.add(entry.package)
    if (!due) {
      const unchanged = expected.unchanged.some(def => def.name === entry.package)
      add(
        unchanged ? 'unchanged-not-released' : 'released-is-real',
        `releases lists ${entry.package} ${entry.tag}, a package with nothing to release`
      )
      continue
    }
    if (
      entry.tag !== due.tag ||
      entry.version !== due.version ||
      entry['previous-version'] !== due.previousVersion
    )
      add(
        'released-is-real',
        `releases says ${entry.package} ${entry['previous-version']} → ${entry.version} (${entry.tag}), expected ${due.previousVersion} → ${due.version} (${due.tag})`
      )
    if (!world.tags.some(tag => tag.name === due.tag))
      add('released-is-real', `releases lists ${due.tag}, but there is no such tag`)
    const made = published(world, due.tag)
    if (made.length === 0)
      add('released-is-real', `releases lists ${due.tag}, which has no published release`)
    else if (!made.some(release => release.id === entry['release-id']))
      add(
        'released-is-real',
        `releases gives ${due.tag} release-id ${entry['release-id']}, not the published ${made.map(release => release.id).join(', ')}`
      )
    if (!entry['release-url']) add('released-is-real', `releases gives ${due.tag} no release-url`)
    if (!deployed(world, expected, due))
      add('released-is-real', `releases lists ${due.tag}, but its deploy did not happen as promised`)
  }

  // The single-release outputs: set when exactly one package was released, empty otherwise.
  const { tag, version } = run.outputs
  const only = releases.length === 1 ? releases[0]! : null
  if (
    only &&
    (tag !== only.tag || version !== only.version || run.outputs['release-id'] !== String(only['release-id']))
  )
    add(
      'single-outputs',
      `one package released (${only.tag}, id ${only['release-id']}), but tag='${tag}', version='${version}', release-id='${run.outputs['release-id']}'`
    )
  if (!only && (tag || version))
    add('single-outputs', `${releases.length} packages released, but tag='${tag}', version='${version}'`)

  const packages = run.result.packages ?? []
  for (const item of packages) {
    if (expected.unchanged.some(def => def.name === item.package) && item.outcome !== 'skipped')
      add(
        'unchanged-not-released',
        `${item.package}, which no commit touched, is ${item.outcome}: '${item.reason}'`
      )
  }
  const exitedZero = outcome === 'released' || outcome === 'skipped'
  for (const due of expected.changed) {
    const item = packages.find(candidate => candidate.package === due.name)
    if (exitedZero && (!item || (item.outcome !== 'released' && item.outcome !== 'skipped')))
      add(
        'packages-accounted',
        `the run is ${outcome}, but ${due.name} is ${item ? `${item.outcome}: '${item.reason}'` : 'not in its packages'}`
      )
    if (item?.outcome === 'released' && !releases.some(entry => entry.package === due.name))
      add('released-is-real', `${due.name} is released in the result's packages, but not in releases`)
    if (item?.outcome === 'skipped') {
      const leftToAnother = concurrent && ANOTHER_RUN.test(item.reason)
      if (leftToAnother && !world.tags.some(candidate => candidate.name === due.tag))
        add('skipped-is-true', `${due.name} says '${item.reason}', but nobody holds the tag ${due.tag}`)
      else if (!leftToAnother && !ALREADY_RELEASED.test(item.reason))
        add('skipped-is-true', `${due.name} skipped for '${item.reason}', though ${due.tag} is due`)
      else if (!leftToAnother && published(world, due.tag).length === 0)
        add('skipped-is-true', `${due.name} says '${item.reason}', but ${due.tag} has no published release`)
    }
  }

  if (outcome === 'blocked') {
    if (!reason.trim()) add('blocked-names-state', 'blocked without a reason')
    if (!run.result.error) add('blocked-names-state', `blocked without an error code ('${reason}')`)
    const stopped = packages.find(item => item.outcome === 'blocked')
    if (stopped) {
      const tagOf = expected.changed.find(release => release.name === stopped.package)?.tag ?? '(none)'
      if (!names(reason, stopped.package, tagOf))
        add(
          'blocked-names-package',
          `${stopped.package} blocked, but the reason does not name it: '${reason}'`
        )
    }
    for (const due of expected.changed) {
      const tagged = world.tags.some(candidate => candidate.name === due.tag)
      if (
        tagged &&
        published(world, due.tag).length === 0 &&
        !(names(reason, due.name, due.tag) && HALF_MADE.test(reason))
      )
        add(
          'blocked-names-state',
          `left ${due.tag} tagged without a published release, and its reason does not say so: '${reason}'`
        )
    }
  }
  violations.push(...checkPackageClaims(record, expected))
  return violations
}

/** Whether a reason names a package: `name: …` as the run's reasons start, or its tag. */
function names(reason: string, name: string, tag: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return reason.includes(tag) || new RegExp(`(^|[\\s(;,])${escaped}: `).test(reason)
}

/** Whether a write was this package's: its tag, its release, its version. */
function writeOf(request: LoggedRequest, release: PackageExpectation, world: MonorepoSnapshot): boolean {
  const body = (request.body ?? {}) as { ref?: unknown; tag_name?: unknown; inputs?: { version?: unknown } }
  switch (request.operationId) {
    case 'git/create-ref':
      return body.ref === `refs/tags/${release.tag}`
    case 'repos/create-release':
      return body.tag_name === release.tag
    case 'repos/update-release': {
      const ids = world.releases.filter(candidate => candidate.tagName === release.tag).map(item => item.id)
      return ids.some(id => request.path.endsWith(`/releases/${id}`))
    }
    case 'actions/create-workflow-dispatch':
      return body.inputs?.version === release.version || body.ref === release.tag
    default:
      return true
  }
}

/**
 * A run never claims work nobody did: a package's step that says it tagged, created, published or dispatched made
 * that write itself, for that package (GitHub did it, even if the answer was then lost); the version commit step
 * that says it committed made the commit.
 */
export function checkPackageClaims(record: MonorepoRunRecord, expected: MonorepoExpectation): Violation[] {
  const steps = record.run?.result?.steps ?? []
  const done = record.writes.filter(wroteSuccessfully)
  return steps.flatMap(step => {
    const claim = CLAIMS.find(([pattern]) => pattern.test(step.reason))
    if (!claim) return []
    const owner = expected.declared.find(def => step.id.startsWith(`${def.name}/`))
    const release = expected.changed.find(candidate => candidate.name === owner?.name)
    const made = done.some(
      request =>
        claim[1].includes(request.operationId ?? '') && (!release || writeOf(request, release, record.after))
    )
    if (made) return []
    const whose = release ? ` for ${release.tag}` : ''
    return [
      {
        invariant: 'no-false-claims' as const,
        detail: `${record.label}: its ${step.id} step says '${step.reason}', but it made no ${claim[1].join(' or ')}${whose}`
      }
    ]
  })
}

/**
 * Checks on a world: only due tags, each package's at the one release commit; at most one published release per
 * tag; untouched packages never tagged nor released; one version commit; the Latest never lower within a package.
 * With `final` (after the clean rerun), every due release is there too, with its deploy and the version commit's
 * content.
 */
export function checkMonorepoWorld(
  world: MonorepoSnapshot,
  expected: MonorepoExpectation,
  options: { final: boolean; label: string; apiViolations?: readonly string[] }
): Violation[] {
  const violations: Violation[] = []
  const add = (invariant: Invariant, detail: string) =>
    violations.push({ invariant, detail: `${options.label}: ${detail}` })
  const due = new Map(expected.changed.map(release => [release.tag, release]))

  const newTags = world.tags.filter(tag => !expected.tagsBefore.includes(tag.name))
  for (const tag of newTags) {
    if (due.has(tag.name)) continue
    const owner = packageOfTag(expected, tag.name)
    if (owner && expected.unchanged.includes(owner))
      add('unchanged-not-released', `${tag.name} was made for ${owner.name}, which no commit touched`)
    else
      add(
        'one-tag',
        `a tag other than the due ones appeared: ${tag.name} (due: ${[...due.keys()].join(', ')})`
      )
  }
  for (const release of world.releases) {
    if (expected.tagsBefore.includes(release.tagName) || due.has(release.tagName)) continue
    const owner = packageOfTag(expected, release.tagName)
    add(
      owner && expected.unchanged.includes(owner) ? 'unchanged-not-released' : 'one-published-release',
      `a release for ${release.tagName} appeared${release.draft ? ' (draft)' : ''}, which no package is due`
    )
  }

  const versionCommits = versionCommitsOf(world, expected)
  const subject = versionCommitSubject(expected.changed)
  if (!expected.commitVersion && versionCommits.length > 0)
    add(
      'one-version-commit',
      `without commit-version, ${expected.branch} gained ${versionCommits.map(c => c.sha.slice(0, 7)).join(', ')}`
    )
  if (expected.commitVersion) {
    if (versionCommits.length > 1 || (options.final && versionCommits.length !== 1))
      add(
        'one-version-commit',
        `${expected.branch} has ${versionCommits.length} commits after ${expected.target.slice(0, 7)}, not one version commit: ${versionCommits.map(c => `${c.sha.slice(0, 7)} '${c.subject}'`).join(', ')}`
      )
    // On the released commit, or on a commit pushed before it was made.
    const bases = [expected.target, ...expected.pushed]
    for (const commit of versionCommits)
      if (commit.subject !== subject || commit.parents.length !== 1 || !bases.includes(commit.parents[0]!))
        add(
          'one-version-commit',
          `${commit.sha.slice(0, 7)} on ${expected.branch} is '${commit.subject}' (parents ${commit.parents.map(sha => sha.slice(0, 7)).join(', ')}), not '${subject}' on ${expected.target.slice(0, 7)}`
        )
  }
  const releaseCommit = expected.commitVersion ? (versionCommits[0]?.sha ?? null) : expected.target

  const tagged = expected.changed.flatMap(release => {
    const tag = world.tags.find(candidate => candidate.name === release.tag)
    return tag ? [{ release, tag }] : []
  })
  const commits = new Set(tagged.map(({ tag }) => tag.commit))
  if (commits.size > 1)
    add(
      'tags-at-one-commit',
      `the tags are at different commits: ${tagged.map(({ tag }) => `${tag.name}@${tag.commit.slice(0, 7)}`).join(', ')}`
    )
  for (const { release, tag } of tagged) {
    if (tag.commit !== releaseCommit)
      add(
        'tag-at-release-commit',
        `${release.tag} is at ${tag.commit.slice(0, 7)} (parents ${tag.parents.map(sha => sha.slice(0, 7)).join(', ')}), ` +
          `not ${expected.commitVersion ? `the version commit ${releaseCommit?.slice(0, 7) ?? '(none)'}` : `the released commit ${expected.target.slice(0, 7)}`}`
      )
    else if (!tag.onBranch)
      add(
        'tag-at-release-commit',
        `${release.tag} is at ${tag.commit.slice(0, 7)}, which ${expected.branch} does not contain`
      )
  }

  for (const release of expected.changed) {
    const releases = world.releases.filter(candidate => candidate.tagName === release.tag)
    const made = releases.filter(candidate => !candidate.draft)
    const list = releases.map(candidate => `${candidate.id}${candidate.draft ? ' (draft)' : ''}`).join(', ')
    if (made.length > 1)
      add('one-published-release', `${release.tag} has ${made.length} published releases [${list}]`)
    if (!options.final) continue
    if (!world.tags.some(tag => tag.name === release.tag)) add('one-tag', `no tag ${release.tag}`)
    if (releases.length !== 1 || made.length !== 1)
      add(
        'one-published-release',
        `${release.tag} has ${releases.length} release(s) [${list}], ${made.length} published`
      )
  }

  // The version files: the released packages' at their new versions in the version commit, the others untouched.
  for (const def of expected.declared) {
    const release = expected.changed.find(candidate => candidate.name === def.name)
    const wanted =
      expected.commitVersion && versionCommits.length > 0 && release ? release.version : def.initial
    if (world.headVersions[def.name] !== wanted)
      add(
        'version-commit-content',
        `${def.path}/package.json says ${world.headVersions[def.name]} on ${expected.branch}, expected ${wanted}`
      )
  }

  const deploying = expected.changed.find(release => release.deploy)
  if (options.final && deploying && expected.deploy) {
    const forVersion = world.deployRuns.filter(run => run.version === deploying.version)
    const successful = forVersion.filter(run => run.eventual === 'success')
    const tag = world.tags.find(candidate => candidate.name === deploying.tag)
    if (!deployed(world, expected, deploying))
      add(
        'deploy-done',
        `no ${expected.deploy.wait ? `successful deploy run of ${deploying.version} at ${tag ? tag.commit.slice(0, 7) : `its tag (there is no ${deploying.tag})`}` : `deploy run of ${deploying.version} was dispatched`} (${forVersion.length} dispatched)`
      )
    if (successful.length > 1)
      add(
        'one-deploy-per-version',
        `${successful.length} successful deploy runs of ${deploying.version} (${forVersion.map(run => run.id).join(', ')})`
      )
  }

  violations.push(...checkPackageLatest(world, expected, options.label))
  for (const problem of options.apiViolations ?? []) add('api-contract', problem)
  return violations
}

/** The Latest never goes down within a package: once a package's release held it, a lower one of it never does. */
export function checkPackageLatest(
  world: MonorepoSnapshot,
  expected: MonorepoExpectation,
  label: string
): Violation[] {
  const violations: Violation[] = []
  const highest = new Map<string, string>()
  for (const name of world.latestHistory) {
    const owner = packageOfTag(expected, name)
    if (!owner) continue
    const version = name.slice(owner.tagPrefix.length)
    const before = highest.get(owner.name)
    if (before && semver.lt(version, before))
      violations.push({
        invariant: 'latest-never-lower',
        detail: `${label}: ${name} became Latest after ${owner.tagPrefix}${before} (history: ${world.latestHistory.join(' → ')})`
      })
    if (!before || semver.gt(version, before)) highest.set(owner.name, version)
  }
  return violations
}

/**
 * A rerun after a fault converges; a package announced released is not announced again; after a run that left
 * everything done, the rerun writes nothing.
 */
export function checkMonorepoRerun(
  first: MonorepoRunRecord,
  rerun: MonorepoRunRecord,
  expected: MonorepoExpectation
): Violation[] {
  const violations: Violation[] = []
  const outcome = outcomeOf(rerun)
  const reason = reasonOf(rerun)
  if (outcome !== 'released' && outcome !== 'skipped')
    violations.push({ invariant: 'rerun-converges', detail: `the clean rerun ended ${outcome}: '${reason}'` })
  if (!isMonorepoComplete(rerun.after, expected)) {
    const missing = expected.changed
      .filter(release => published(rerun.after, release.tag).length === 0)
      .map(release => release.tag)
    violations.push({
      invariant: 'rerun-converges',
      detail: `after the clean rerun the releases are not all done${missing.length ? ` (no published release: ${missing.join(', ')})` : ''}: '${reason}'`
    })
  }
  const before = new Set((releasesOf(first) ?? []).map(entry => entry.package))
  const again = (releasesOf(rerun) ?? []).filter(entry => before.has(entry.package))
  if (again.length > 0)
    violations.push({
      invariant: 'released-once',
      detail: `${first.label} said it released ${again.map(entry => entry.tag).join(', ')}, and the rerun says so again`
    })
  if (isMonorepoComplete(first.after, expected)) {
    const writes = rerun.writes.filter(wroteSuccessfully).map(request => request.operationId)
    if (writes.length > 0)
      violations.push({
        invariant: 'rerun-idle-when-done',
        detail: `${first.label} left every release done, yet the rerun wrote [${writes.join(', ')}] ('${reason}')`
      })
  }
  return violations
}

/** A run after convergence finds nothing to do: skipped, releasing nothing, writing nothing. */
export function checkIdleRun(record: MonorepoRunRecord): Violation[] {
  const violations: Violation[] = []
  const add = (detail: string) =>
    violations.push({ invariant: 'third-run-idle', detail: `${record.label}: ${detail}` })
  const outcome = outcomeOf(record)
  if (outcome !== 'skipped') add(`ended ${outcome}, not skipped: '${reasonOf(record)}'`)
  const releases = releasesOf(record) ?? []
  if (releases.length > 0) add(`says it released ${releases.map(entry => entry.tag).join(', ')}`)
  const writes = record.writes.filter(wroteSuccessfully).map(request => request.operationId)
  if (writes.length > 0) add(`wrote [${writes.join(', ')}]`)
  return violations
}
