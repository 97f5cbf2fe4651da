import { describe, expect, it } from 'vitest'
import { formatStorm } from '../../test-support/chaos/report.js'
import { runStorm, STORMS } from '../../test-support/chaos/storm.js'

/**
 * Ten processes of the action on one commit, as ten workflow runs started together (a burst of pushes, a
 * re-run-all): one tag, one published release, at most one successful deploy of the version, and every process
 * honest about what it did. Nothing here needs a human, so nobody may end blocked.
 */
describe('storms: ten processes on one commit', () => {
  for (const [name, options] of STORMS) {
    it(`${name}: one tag, one published release, ≤ 1 successful deploy, honest outcomes`, async () => {
      const report = await runStorm(options)
      const story = formatStorm(name, report)
      // How many deploys were dispatched is worth seeing even when every invariant holds.
      console.info(story.split('\n').slice(0, 2).join('\n'))
      expect(
        report.violations.map(violation => `${violation.invariant}: ${violation.detail}`),
        story
      ).toEqual([])
    }, 90_000)
  }
})
