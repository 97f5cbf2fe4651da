import pLimit from 'p-limit'
import { describe, expect, it } from 'vitest'
import { runSeed } from '../../test-support/chaos/campaign.js'
import { describeFaults, describeShape, planSeed } from '../../test-support/chaos/plan.js'
import { formatSeed } from '../../test-support/chaos/report.js'

/**
 * Seeds of the fault campaign (test-support/chaos), chosen so that together they aim every fault kind at every
 * operation named in the plan and cover every scenario shape: lost answers after each kind of write, dropped
 * connections, 5xx, 429 and secondary rate limits, slowness, and runs left half done by an earlier run.
 * `npm run chaos -- --seeds 500` runs many more; `npm run chaos -- --seed N` replays one in detail.
 */
const SEEDS = [28, 33, 45, 47, 63, 75, 76, 83, 84, 99, 107, 126, 134, 139, 182, 209, 215, 349, 352, 569]

// A seed mostly waits (the client spaces writes a second apart, retries back off): six at a time fit two cores.
const slot = pLimit(6)

describe.concurrent('a faulted run, then a clean rerun on the same commit, keep the release protocol', () => {
  for (const seed of SEEDS) {
    const plan = planSeed(seed)
    it(`seed ${seed}: ${describeFaults(plan.faults)} (${describeShape(plan.shape)})`, async () => {
      const report = await slot(() => runSeed(plan))
      const story = formatSeed(report)
      expect(report.harnessError, story).toBeNull()
      // A fault no request met means the seed did not test what its name says.
      expect(report.deadFaults, story).toEqual([])
      expect(
        report.violations.map(violation => `${violation.invariant}: ${violation.detail}`),
        story
      ).toEqual([])
    }, 180_000)
  }
})
