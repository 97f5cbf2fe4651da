import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bumpFor,
  bumpOf,
  buildMonorepoHistory,
  type MonorepoHistory
} from '../../test-support/bench/monorepo-history.js'
import type { LoggedRequest } from '../../test-support/emulator/server.js'
import { actionDecisions, actionProblems } from '../../scripts/bench/monorepo.js'
import { breakDown } from '../../scripts/bench/monorepo-requests.js'
import type { ActionRun } from '../../test-support/run-action.js'

const ORDER = [null, 'patch', 'minor', 'major']

describe('the generated monorepo of npm run bench -- --monorepo', () => {
  let history: MonorepoHistory
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: history.dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim()

  beforeAll(() => {
    history = buildMonorepoHistory({ size: 300 })
  })
  afterAll(() => history.remove())

  it('lays out 10 packages, tagged once each at growing points, and 300 commits after the first tag', () => {
    expect(history.packages.map(spec => spec.name)).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}`))
    expect(history.packages.map(spec => spec.taggedAfter)).toEqual([0, 15, 30, 45, 60, 75, 90, 105, 120, 135])
    expect(history.packages.map(spec => spec.range)).toEqual([
      300, 285, 270, 255, 240, 225, 210, 195, 180, 165
    ])
    expect(history.changes).toHaveLength(300)
    expect(git(['tag', '--list']).split('\n').sort()).toEqual(
      history.packages.map(spec => spec.lastTag).sort()
    )
    for (const spec of history.packages) {
      expect(git(['rev-parse', spec.lastTag])).toBe(spec.tagSha)
      expect(Number(git(['rev-list', '--count', `${spec.lastTag}..HEAD`]))).toBe(spec.range)
      expect(JSON.parse(git(['show', `HEAD:${spec.path}/package.json`]))).toEqual({
        name: spec.name,
        version: '1.0.0'
      })
    }
    expect(history.packagesInput.split('\n').filter(Boolean)).toHaveLength(10)
    expect(history.packagesInput).toContain('- path: packages/p9\n')
  })

  it('counts every commit once by how many packages it touches, two-package commits in both packages', () => {
    const { root, one, two } = history.spread
    expect(root + one + two).toBe(300)
    // The seeded stream: ~10% touch two packages, ~2% only root files.
    expect(history.spread).toEqual({ root: 3, one: 270, two: 27 })
    for (const change of history.changes) expect(new Set(change.packages).size).toBe(change.packages.length)
    // Over the whole history (ranges aside), touches add up to one + 2 × two.
    const touches = history.packages.reduce(
      (sum, _, at) => sum + history.changes.filter(change => change.packages.includes(at)).length,
      0
    )
    expect(touches).toBe(one + 2 * two)
    for (const [at, spec] of history.packages.entries()) {
      const inRange = history.changes.slice(spec.taggedAfter).filter(change => change.packages.includes(at))
      expect(spec.touching).toBe(inRange.length)
      expect(Object.values(spec.counts).reduce((a, b) => a + b, 0)).toBe(spec.touching)
      expect(spec.shared).toBe(inRange.filter(change => change.packages.length === 2).length)
      expect(spec.shared).toBeLessThan(spec.touching)
    }
    expect(history.packages.map(spec => spec.touching)).toEqual([32, 33, 27, 25, 29, 36, 21, 32, 14, 7])
  })

  it('agrees with git on which commits touch each folder', () => {
    for (const spec of history.packages) {
      const listed = git(['log', '--format=%H', `${spec.lastTag}..HEAD`, '--', spec.path])
      expect(listed.split('\n').filter(Boolean)).toHaveLength(spec.touching)
    }
    const rootOnly = git(['log', '--format=%H', '--', 'tools']).split('\n').filter(Boolean)
    expect(rootOnly).toHaveLength(history.spread.root)
  })

  it('expects from each package the highest bump of its own commits, within its ceiling', () => {
    for (const [at, spec] of history.packages.entries()) {
      const kinds = history.changes
        .slice(spec.taggedAfter)
        .filter(change => change.packages.includes(at))
        .map(change => bumpOf(change.kind))
      const highest = kinds.reduce((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), null)
      expect(spec.expected.bump).toBe(highest)
      expect(bumpFor(spec.counts)).toBe(highest)
      expect(ORDER.indexOf(highest)).toBeLessThanOrEqual(ORDER.indexOf(spec.ceiling))
    }
    expect(history.packages.map(spec => spec.expected.version)).toEqual([
      '1.1.0',
      '1.1.0',
      '2.0.0',
      '2.0.0',
      '1.1.0',
      '2.0.0',
      '1.1.0',
      '1.1.0',
      '1.0.1',
      null
    ])
  })

  it('sorts a run’s requests per package and sets them against Σ (⌈range/100⌉ + 2) + 6', () => {
    const head = history.head
    const request = (operationId: string, path: string, query = ''): LoggedRequest => ({
      method: 'GET',
      path,
      query,
      operationId,
      status: 200,
      write: false,
      conditional: false
    })
    const base = '/repos/acme/monorepo'
    const oldest = history.packages[0]!.tagSha
    const requests = [
      request('repos/get', base),
      request('git/get-ref', `${base}/git/ref/heads%2Fmain`),
      request('issues/list-for-repo', `${base}/issues`),
      request('checks/list-for-ref', `${base}/commits/${head}/check-runs`),
      request('repos/get-combined-status-for-ref', `${base}/commits/${head}/status`),
      request('repos/list-tags', `${base}/tags`, '?per_page=100&page=1'),
      ...history.packages.map(spec =>
        request(
          'repos/compare-commits-with-basehead',
          `${base}/compare/${spec.tagSha}...${head}`,
          '?page=1&per_page=1'
        )
      ),
      ...[1, 2, 3].map(page =>
        request(
          'repos/compare-commits-with-basehead',
          `${base}/compare/${oldest}...${head}`,
          `?page=${page}&per_page=100`
        )
      ),
      ...history.packages.map(spec =>
        request(
          'repos/list-commits',
          `${base}/commits`,
          `?sha=${head}&path=${encodeURIComponent(spec.path)}&per_page=100&page=1`
        )
      )
    ]
    const breakdown = breakDown(history, requests)
    expect(breakdown.total).toBe(29)
    expect(breakdown.others).toBe(6)
    expect(breakdown.constant).toBe(6)
    expect(breakdown.shared).toEqual({ base: oldest, reads: 1, pages: 3 })
    expect(breakdown.sharedFrom).toBe('p0')
    // 6 + 10 compares + 3 shared pages + one listing page each (no package is touched 100 times).
    expect(breakdown.design).toBe(29)
    expect(breakdown.packages.map(entry => [entry.compares, entry.listingPages, entry.own])).toEqual(
      history.packages.map(() => [1, 1, 2])
    )
    // ⌈range/100⌉ + 2: 300 → 5, 285…210 → 5, 195…165 → 4.
    expect(breakdown.packages.map(entry => entry.term)).toEqual([5, 5, 5, 5, 5, 5, 5, 4, 4, 4])
    expect(breakdown.budget).toBe(47 + 6)
  })

  it('holds a run to every package’s expected release and commit count, and says where it departs', () => {
    const releases = history.packages.flatMap(spec =>
      spec.expected.version
        ? [
            {
              package: spec.name,
              version: spec.expected.version,
              tag: `${spec.name}@${spec.expected.version}`,
              'previous-version': '1.0.0'
            }
          ]
        : []
    )
    const reason = history.packages
      .map(spec =>
        spec.expected.version
          ? `${spec.name}: 1.0.0 → ${spec.expected.version} (a bump from the commits; ${spec.touching} commits)`
          : `${spec.name}: no releasable commits since 1.0.0 (${spec.touching} commits: ${spec.touching} chore)`
      )
      .join('; ')
    const run = (entries: unknown[], why = reason) =>
      ({
        exitCode: 0,
        outputs: { outcome: 'dry-run', releases: JSON.stringify(entries) },
        result: { steps: [{ id: 'packages', reason: why }] }
      }) as unknown as ActionRun
    expect(actionProblems(history, run(releases))).toEqual([])
    expect(actionDecisions(run(releases), ['p0', 'p9'])).toMatchObject({
      p0: { version: '1.1.0', commits: 32 },
      p9: { version: null, commits: 7 }
    })
    const wrong = [{ ...releases[0]!, version: '9.9.9' }, ...releases.slice(2)]
    expect(actionProblems(history, run(wrong))).toEqual([
      'p0: releases output {"version":"9.9.9","tag":"p0@1.1.0","previous-version":"1.0.0"}, expected {"version":"1.1.0","tag":"p0@1.1.0","previous-version":"1.0.0"}',
      'p1: releases output no entry, expected {"version":"1.1.0","tag":"p1@1.1.0","previous-version":"1.0.0"}'
    ])
    const p9 = { package: 'p9', version: '1.0.1', tag: 'p9@1.0.1', 'previous-version': '1.0.0' }
    expect(actionProblems(history, run([...releases, p9]))).toEqual([
      'p9: releases output {"version":"1.0.1","tag":"p9@1.0.1","previous-version":"1.0.0"}, expected no entry'
    ])
    expect(actionProblems(history, run(releases, reason.replace('; 33 commits)', '; 30 commits)')))).toEqual([
      'p1: 30 commits, expected 33'
    ])
  })
})
