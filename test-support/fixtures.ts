import { test } from 'vitest'
import { BeastModeApi, type ScriptedAnswer } from './beast-mode/api-server.js'
import { Scenario } from './scenario.js'

export interface ScenarioOptions {
  /** The Node binary the action runs under (default: the runner's Node). */
  node?: string
  /** The history every test of the file starts from, made on the started scenario before the test. */
  setup?: (s: Scenario) => void | Promise<void>
}

/** Starts BEAST MODE API stand-ins for one test; they stop when the test ends. */
export type StartBeastMode = (script: ScriptedAnswer[], key?: string) => Promise<BeastModeApi>

/**
 * A `test` whose context gives every test its own started scenario (`s`: emulator, git repository, runner folder)
 * and stops it after the test, so that tests may run concurrently. After every test that used it, the scenario is
 * checked (no request GitHub would reject, no injected fault left unmet) and a finding fails the test. Concurrent
 * tests use the context's `expect`: `it('…', async ({ s, expect }) => …)`.
 */
export function scenarioTest(options: ScenarioOptions = {}) {
  const { node, setup } = options
  return test.extend<{ s: Scenario; beastMode: StartBeastMode }>({
    s: async ({ task }, use) => {
      const expect = task.context.expect
      const s = await new Scenario().start(node)
      try {
        await setup?.(s)
        await use(s)
        // Requests GitHub would reject, answers GitHub would not give.
        expect(s.emulator.violations).toEqual([])
        // A fault a test injected but no request met means the test did not exercise what it claims.
        expect(s.emulator.faults, 'injected faults no request met').toEqual([])
      } finally {
        await s.stop()
      }
    },
    // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
    beastMode: async ({}, use) => {
      const started: BeastModeApi[] = []
      try {
        await use(async (script, key) => {
          const api = new BeastModeApi(script, key)
          started.push(api)
          await api.start()
          return api
        })
      } finally {
        for (const api of started) await api.stop()
      }
    }
  })
}
