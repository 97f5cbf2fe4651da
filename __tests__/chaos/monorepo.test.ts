import pLimit from 'p-limit'
import { describe, expect, it } from 'vitest'
import { runMonorepoSeed } from '../../test-support/chaos/monorepo-campaign.js'
import { describeMonorepoShape, planMonorepoSeed } from '../../test-support/chaos/monorepo-plan.js'
import { MONOREPO_STORMS, runMonorepoStorm } from '../../test-support/chaos/monorepo-storm.js'
import { describeFaults } from '../../test-support/chaos/plan.js'
import { formatMonorepoSeed, formatStorm } from '../../test-support/chaos/report.js'

/**
 * Seeds of the monorepo fault campaign (test-support/chaos/monorepo-*.ts): three packages, some changed, each
 * released on its own. Together they aim every fault kind (5xx, 429, secondary rate limits, lost answers and
 * dropped connections after writes, drops, slowness, writes refused, outages no retry gets past) at the operations a
 * monorepo run makes: one package's path-filtered commit listing, the second and third packages' tags and
 * releases, the version commit's tree, commit and branch update, the deploy of the one package that deploys; and
 * they cover every leftover an interrupted earlier run may leave (the version commit alone, the first package
 * tagged, the first package released), a custom tag prefix, and a push between the faulted run and the rerun.
 * `npm run chaos -- --monorepo --seeds 30` runs more; `npm run chaos -- --monorepo --seed N` replays one.
 */
const SEEDS = [2, 4, 7, 20, 31, 33, 35, 36, 42, 45, 46, 52, 126, 145, 170, 187]

// A seed mostly waits (writes a second apart, retries back off, a third run): six at a time fit two cores.
const slot = pLimit(6)

describe.concurrent(
  'monorepo: a faulted run, a clean rerun and a third run keep the release protocol per package',
  () => {
    for (const seed of SEEDS) {
      const plan = planMonorepoSeed(seed)
      it(`seed ${seed}: ${describeFaults(plan.faults)} (${describeMonorepoShape(plan.shape)})`, async () => {
        const report = await slot(() => runMonorepoSeed(plan))
        const story = formatMonorepoSeed(report)
        expect(report.harnessError, story).toBeNull()
        // A fault no request met means the seed did not test what its name says.
        expect(report.deadFaults, story).toEqual([])
        expect(
          report.violations.map(violation => `${violation.invariant}: ${violation.detail}`),
          story
        ).toEqual([])
      }, 240_000)
    }
  }
)

/**
 * Processes of the action on one monorepo commit, as workflow runs started together: one version commit, one tag
 * and one published release per changed package, each announced by one process, the untouched package left alone,
 * and nobody blocked.
 */
describe('monorepo storms', () => {
  for (const [name, options] of MONOREPO_STORMS) {
    it(`${name}: one version commit, one tag and one published release per changed package`, async () => {
      const report = await runMonorepoStorm(options)
      const story = formatStorm(name, report)
      expect(
        report.violations.map(violation => `${violation.invariant}: ${violation.detail}`),
        story
      ).toEqual([])
    }, 120_000)
  }
})
