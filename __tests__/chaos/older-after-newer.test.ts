import { describe, expect, it } from 'vitest'
import { runOlderAfterNewer, type HeldWrite } from '../../test-support/chaos/older-after-newer.js'
import { formatOlderAfterNewer } from '../../test-support/chaos/report.js'

/**
 * A run for an older commit (feat: 1.1.0) decides first and writes last: a run for a newer commit on top of it
 * (feat!: 2.0.0) releases in between. 2.0.0 must stay the Latest; and when the older run had not even tagged
 * yet, it must not release 1.1.0 for a commit that 2.0.0 already contains (nor leave a tag a rerun would resume).
 */
describe('an older run that finishes after a newer release', () => {
  const cases: Array<[string, HeldWrite]> = [
    ['held before its tag: 1.1.0 is not released inside 2.0.0, and 2.0.0 stays Latest', 'create-ref'],
    ['held before its release: 1.1.0 was tagged first, but 2.0.0 stays Latest', 'create-release']
  ]
  for (const [name, held] of cases) {
    it(
      name,
      async () => {
        const report = await runOlderAfterNewer(held)
        const story = formatOlderAfterNewer(report)
        expect(report.exercised, `the older run never made its ${held} request\n${story}`).toBe(true)
        expect(
          report.violations.map(violation => `${violation.invariant}: ${violation.detail}`),
          story
        ).toEqual([])
      },
      90_000
    )
  }
})
