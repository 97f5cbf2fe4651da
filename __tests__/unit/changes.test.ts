import { describe, expect, it } from 'vitest'
import { analyseCommits } from '../../src/domain/commits.js'
import type { VersionPlan } from '../../src/plan.js'
import type { Runtime } from '../../src/runtime.js'
import { changesStep } from '../../src/steps/changes.js'

describe('the changes step', () => {
  it('counts the commits by type', async () => {
    const commits = analyseCommits([
      { sha: 'a'.repeat(40), message: 'feat: one', parents: 1 },
      { sha: 'b'.repeat(40), message: 'feat: two', parents: 1 },
      { sha: 'c'.repeat(40), message: 'tidy up', parents: 1 }
    ])
    const verdict = await changesStep.run({ version: { commits } as VersionPlan }, {} as Runtime)
    expect(verdict).toEqual({ status: 'passed', reason: '2 feat, 1 other', facts: {} })
  })
})
