import { setImmediate } from 'node:timers/promises'
import { getHeapSpaceStatistics } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { capYoungGeneration } from '../../src/young-generation.js'

const youngGenerationBytes = () =>
  getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.space_size ?? 0

describe('the young generation while a long history is read', () => {
  it('stops growing at Node 20’s largest size, however much survives', async () => {
    capYoungGeneration()
    // Like pages of a long history: each keeps a little of what it allocates, between waits for the network.
    const kept: Array<{ header: string; parents: string[] }> = []
    for (let page = 0; page < 600; page++) {
      for (let commit = 0; commit < 100; commit++) {
        const garbage = JSON.parse(JSON.stringify({ message: `feat: ${'x'.repeat(400)} ${page}`, commit }))
        kept.push({ header: `${garbage.message.slice(0, 80)}${commit}`, parents: [`${page}-${commit}`] })
      }
      await setImmediate()
    }
    expect(kept).toHaveLength(60_000)
    expect(youngGenerationBytes()).toBeLessThanOrEqual(32 * 1024 * 1024)
  })
})
