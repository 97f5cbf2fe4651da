import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // An end-to-end test mostly waits (the action spaces its writes a second apart, polls deploys with backoff), so
    // four workers on two cores, each running up to eight tests of a describe.concurrent file at once, keep the CPU
    // busy without crowding it: a full run takes about 200 s of CPU.
    maxWorkers: 4,
    maxConcurrency: 8
  }
})
