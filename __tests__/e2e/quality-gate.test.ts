import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe } from 'vitest'
import { BeastModeApi, type ScriptedAnswer } from '../../test-support/beast-mode/api-server.js'
import { CacheService } from '../../test-support/cache-service.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import { PROJECT_ROOT, type ActionRun } from '../../test-support/run-action.js'

const STANDIN_BIN = join(PROJECT_ROOT, 'test-support', 'beast-mode', 'bin')
const KEY = 'bm_test_key_123'
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

interface QualityFixtures {
  /** A folder of the test's own, removed after it. */
  scratch: string
  /** Where the stand-in beast-mode CLI logs its calls. */
  calls: string
  /** Runs the action with quality: beast-mode and the stand-in CLI on PATH. */
  cliRun: (env: Record<string, string>, inputs?: Record<string, string>) => Promise<ActionRun>
  /** The calls the stand-in CLI logged. */
  standinCalls: () => Array<{ argv: string[] }>
  /** Starts a BEAST MODE API stand-in with the script and runs the action against it. */
  apiRun: (
    script: ScriptedAnswer[],
    inputs?: Record<string, string>
  ) => Promise<{ run: ActionRun; api: BeastModeApi }>
}

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
    s.repo.commit('feat(cart): save carts', { 'src/cart.ts': 'export {}\n' })
  }
}).extend<QualityFixtures>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  scratch: async ({}, use) => {
    const scratch = mkdtempSync(join(tmpdir(), 'autonomous-release-quality-'))
    try {
      await use(scratch)
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  },
  calls: async ({ scratch }, use) => use(join(scratch, 'beast-mode-calls.jsonl')),
  cliRun: async ({ s, calls }, use) =>
    use((env, inputs = {}) =>
      s.run({
        path: [STANDIN_BIN],
        env: { STANDIN_LOG: calls, ...env },
        inputs: { quality: 'beast-mode', ...inputs }
      })
    ),
  standinCalls: async ({ calls }, use) =>
    use(() =>
      existsSync(calls)
        ? readFileSync(calls, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map(line => JSON.parse(line))
        : []
    ),
  apiRun: async ({ s, beastMode }, use) =>
    use(async (script, inputs = {}) => {
      const api = await beastMode(script, KEY)
      const run = await s.run({
        inputs: { quality: 'beast-mode', 'beast-mode-api-url': api.url, 'beast-mode-api-key': KEY, ...inputs }
      })
      return { run, api }
    })
})

describe.concurrent('quality gate', () => {
  describe('BEAST MODE CLI', () => {
    it('a passing score releases and is reported', async ({ expect, cliRun, standinCalls }) => {
      const run = await cliRun({ STANDIN_SCORE: '82' })
      expect(run.outputs).toMatchObject({ outcome: 'released', 'quality-score': '82' })
      expect(standinCalls().map(call => call.argv)).toEqual([
        ['ci', 'check', '--min-score', '60', '--fail-on-low-score']
      ])
      expect(run.result.quality).toMatchObject({ passed: true, score: 82, threshold: 60, cached: false })
      expect(run.summary).toContain('### Quality')
      expect(run.summary).toMatch(/\| BEAST MODE \(CLI\) \| ✅ passed with 82\/100 \| 82\/100 \| \d+\.\ds \|/)
      const steps = run.result.steps.map(step => step.id)
      // Scored once the version is decided and approved, before anything is written.
      expect(steps.indexOf('quality')).toBe(steps.indexOf('major-release') + 1)
      expect(steps.indexOf('major-release')).toBe(steps.indexOf('version') + 1)
    })

    it('a low score blocks with score and threshold, and nothing is tagged', async ({
      s,
      expect,
      cliRun,
      standinCalls
    }) => {
      const run = await cliRun({ STANDIN_SCORE: '42' }, { 'quality-threshold': '70' })
      expect(run.exitCode).toBe(1)
      expect(run.outputs).toMatchObject({ outcome: 'blocked', released: 'false', 'quality-score': '42' })
      expect(run.stdout).toContain(
        '::error::BEAST MODE (CLI) exited with code 1 (score 42/100, threshold 70)'
      )
      expect(standinCalls()[0]!.argv).toContain('70')
      expect(s.emulator.writes()).toEqual([])
      expect(s.tags()).toEqual(['v1.0.0'])
    })

    it('a custom command that exits 0 with a score below the threshold still blocks', async ({
      expect,
      cliRun
    }) => {
      const run = await cliRun({ STANDIN_SCORE: '55' }, { 'beast-mode-command': 'beast-mode quality score' })
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain('scored 55/100, below the quality threshold 60')
    })

    it('JSON output with quality on the 0–1 scale is normalised', async ({ expect, cliRun }) => {
      const run = await cliRun({ STANDIN_MODE: 'json', STANDIN_SCORE: '91' })
      expect(run.outputs['quality-score']).toBe('91')
      expect(run.outputs.outcome).toBe('released')
    })

    it.for<[string, Record<string, string>, Record<string, string>, string]>([
      ['exits non-zero', { STANDIN_MODE: 'crash' }, {}, 'BEAST MODE (CLI) exited with code 3'],
      ['prints garbage', { STANDIN_MODE: 'garbage' }, {}, 'printed no score'],
      [
        'hangs past the timeout',
        { STANDIN_MODE: 'hang' },
        { 'quality-timeout': '2' },
        'did not finish within 2s (quality-timeout)'
      ]
    ])('blocks when the CLI %s', async ([_name, env, inputs, message], { s, expect, cliRun }) => {
      const run = await cliRun(env, inputs)
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain(message)
      expect(s.emulator.writes()).toEqual([])
    })

    it('CLI missing and no API URL blocks with the install hint', async ({ s, expect }) => {
      const run = await s.run({ inputs: { quality: 'beast-mode' } })
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain('The beast-mode CLI is not on PATH and beast-mode-api-url is not set')
      expect(run.stdout).toContain('set quality: none to release without a quality gate on purpose')
      expect(s.emulator.writes()).toEqual([])
    })
  })

  describe('BEAST MODE API', () => {
    it('quality on the 0–1 scale becomes 0–100; the request carries the key and the release facts', async ({
      s,
      expect,
      apiRun
    }) => {
      const { run, api } = await apiRun([
        {
          status: 200,
          body: {
            quality: 0.734,
            recommendations: ['Add tests for cart', { title: 'Split checkout.ts' }, 'a', 'b', 'c', 'six']
          }
        }
      ])
      expect(run.outputs).toMatchObject({ outcome: 'released', 'quality-score': '73.4' })
      expect(api.received).toHaveLength(1)
      expect(api.received[0]).toMatchObject({
        path: '/api/repos/quality',
        authorization: `Bearer ${KEY}`,
        body: {
          repo: 'acme/app',
          platform: 'beast-mode',
          sha: s.repo.head(),
          ref: 'refs/heads/main',
          changedFiles: ['src/cart.ts']
        }
      })
      expect(run.summary).toContain('- Add tests for cart\n- Split checkout.ts\n- a\n- b\n- c\n')
      expect(run.summary).not.toContain('- six')
      expect(run.stdout).toContain(`::add-mask::${KEY}`)
      expect(run.stdout.replace(`::add-mask::${KEY}`, '')).not.toContain(KEY)
      expect(run.summary + JSON.stringify(run.outputs)).not.toContain(KEY)
    })

    it('score on the 0–100 scale is used as it is', async ({ expect, apiRun }) => {
      const { run } = await apiRun([{ status: 200, body: { score: 88 } }])
      expect(run.outputs['quality-score']).toBe('88')
    })

    it('a score below the threshold blocks', async ({ s, expect, apiRun }) => {
      const { run } = await apiRun([{ status: 200, body: { quality: 0.41 } }])
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain('::error::BEAST MODE (API) scored 41/100, below the quality threshold 60')
      expect(s.emulator.writes()).toEqual([])
    })

    it('a 500 then success is retried', async ({ expect, apiRun }) => {
      const { run, api } = await apiRun([
        { status: 500, body: { error: 'boom' } },
        { status: 200, body: { quality: 0.9 } }
      ])
      expect(run.outputs.outcome).toBe('released')
      expect(api.received).toHaveLength(2)
      expect(run.stdout).toContain('BEAST MODE API attempt 1 failed: BEAST MODE answered 500')
    })

    it.for<[string, ScriptedAnswer[], Record<string, string>, string]>([
      [
        '401 (wrong key)',
        [{ status: 200, body: { quality: 0.9 } }],
        { 'beast-mode-api-key': 'wrong' },
        'BEAST MODE refused the key (401): check the beast-mode-api-key secret'
      ],
      [
        'a slow answer beyond the timeout',
        [{ status: 200, body: { quality: 0.9 }, delayMs: 5000 }],
        { 'quality-timeout': '2' },
        'BEAST MODE did not answer within 2s (quality-timeout)'
      ],
      [
        'non-JSON',
        [{ status: 200, body: '<html>oops</html>' }],
        {},
        'BEAST MODE answered with something that is not JSON'
      ],
      ['no score', [{ status: 200, body: { status: 'ok' } }], {}, 'BEAST MODE answered without a score']
    ])('%s blocks and never passes', async ([_name, script, inputs, message], { s, expect, apiRun }) => {
      const { run } = await apiRun(script, inputs)
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain(message)
      expect(s.emulator.writes()).toEqual([])
    })

    it('a wrong URL (404) blocks naming beast-mode-api-url', async ({ s, expect, beastMode }) => {
      const api = await beastMode([{ status: 200, body: { quality: 1 } }], KEY)
      const run = await s.run({
        inputs: { quality: 'beast-mode', 'beast-mode-api-url': `${api.url}/wrong`, 'beast-mode-api-key': KEY }
      })
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain('(404): check beast-mode-api-url')
    })
  })

  describe('quality: auto, the default', () => {
    const NOT_CONFIGURED = 'not configured (set beast-mode-api-url or install the beast-mode CLI)'

    it('without BEAST MODE anywhere, a first run releases and says the gate is not configured', async ({
      s,
      expect
    }) => {
      const run = await s.run()
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0', 'quality-score': '' })
      expect(run.stdout).toContain(`::notice::Quality gate: BEAST MODE ${NOT_CONFIGURED}.`)
      expect(run.summary).toMatch(new RegExp(`\\| Quality gate \\| [^|]* \\| ${escape(NOT_CONFIGURED)} \\|`))
      expect(run.summary).toContain(
        `Quality gate: BEAST MODE ${NOT_CONFIGURED}; this release was not scored.`
      )
      expect(run.result.quality).toMatchObject({
        passed: true,
        score: null,
        off: false,
        beastModeMissing: true
      })
    })

    it('finds the beast-mode CLI on PATH and holds a low score to the threshold', async ({
      s,
      expect,
      standinCalls,
      calls
    }) => {
      const run = await s.run({
        path: [STANDIN_BIN],
        env: { STANDIN_LOG: calls, STANDIN_SCORE: '41' },
        inputs: { quality: 'auto' }
      })
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(standinCalls()).toHaveLength(1)
      expect(run.result.quality).toMatchObject({ passed: false, score: 41, beastModeMissing: false })
      expect(s.emulator.writes()).toEqual([])
    })

    it('with the API URL set, asks the API and never looks for the CLI', async ({
      s,
      expect,
      standinCalls,
      calls
    }) => {
      const api = new BeastModeApi([{ status: 200, body: { quality: 0.9 } }], KEY)
      await api.start()
      try {
        const run = await s.run({
          path: [STANDIN_BIN],
          env: { STANDIN_LOG: calls, STANDIN_SCORE: '10' },
          inputs: { 'beast-mode-api-url': api.url, 'beast-mode-api-key': KEY }
        })
        expect(run.outputs).toMatchObject({ outcome: 'released', 'quality-score': '90' })
        expect(api.received).toHaveLength(1)
        expect(standinCalls()).toEqual([])
      } finally {
        await api.stop()
      }
    })

    it('without BEAST MODE, still runs the quality commands and blocks on one that fails', async ({
      s,
      expect
    }) => {
      const run = await s.run({ inputs: { 'quality-commands': 'node -e "process.exit(3)"' } })
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.summary).toContain(
        `Quality gate: BEAST MODE ${NOT_CONFIGURED}; only the quality commands ran.`
      )
      expect(run.summary).toContain('exited with code 3')
    })
  })

  describe('extra quality commands', () => {
    it('quality: none releases and the summary says the gate was off', async ({ s, expect }) => {
      const run = await s.run({ inputs: { quality: 'none' } })
      expect(run.outputs).toMatchObject({ outcome: 'released', 'quality-score': '' })
      expect(run.summary).toContain('The quality gate is turned off (`quality: none`)')
    })

    it('a failing extra command blocks and nothing is tagged', async ({ s, expect }) => {
      const run = await s.run({
        inputs: {
          quality: 'command',
          'quality-commands': 'node -e "console.log(\'code roach: 3 issues\')"\nnode -e "process.exit(4)"'
        }
      })
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain('::error::node -e "process.exit(4)" exited with code 4')
      expect(run.result.quality?.gates.map(gate => gate.passed)).toEqual([true, false])
      expect(run.summary).toContain('| node -e "process.exit(4)" | ❌ exited with code 4 |')
      expect(s.tags()).toEqual(['v1.0.0'])
    })

    it('BEAST MODE then extra commands, each listed with result and duration', async ({ expect, cliRun }) => {
      const run = await cliRun(
        { STANDIN_SCORE: '77' },
        { 'quality-commands': 'node -e "console.log(\'Code Roach 95/100\')"' }
      )
      expect(run.outputs.outcome).toBe('released')
      expect(run.result.quality?.gates.map(gate => [gate.name, gate.passed, gate.score])).toEqual([
        ['BEAST MODE (CLI)', true, 77],
        ['node -e "console.log(\'Code Roach 95/100\')"', true, 95]
      ])
    })

    it('commands run without a shell, and hostile commit text never reaches one', async ({
      s,
      expect,
      scratch
    }) => {
      // Absolute paths: wherever a shell ran, these files would appear.
      const planted = ['pwned-1', 'pwned-2', 'pwned-3'].map(name => join(scratch, name))
      s.repo.commit(
        `fix: $(touch ${planted[0]}) \`touch ${planted[1]}\`; touch ${planted[2]} && echo ::set-output name=released::true`
      )
      const marker = join(scratch, 'pwned-4')
      const run = await s.run({
        inputs: {
          quality: 'command',
          'quality-commands': `node -e "console.log(JSON.stringify(process.argv.slice(1)))" ';' touch ${marker}`
        }
      })
      expect(run.outputs.outcome).toBe('released')
      expect(run.stdout).toContain(`[";","touch","${marker}"]`)
      expect(existsSync(marker)).toBe(false)
      for (const file of planted) expect(existsSync(file)).toBe(false)
      expect(run.stdout).not.toMatch(/^::set-output/m)
    })
  })

  describe('verdict cache', () => {
    const cacheIt = it.extend<{ cache: CacheService }>({
      // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
      cache: async ({}, use) => {
        const cache = new CacheService()
        await cache.start()
        try {
          await use(cache)
        } finally {
          await cache.stop()
        }
      }
    })

    cacheIt(
      'a later run on the same commit uses the cached verdict',
      async ({ s, expect, cliRun, standinCalls, cache }) => {
        // A dry run judges the commit for real (and writes nothing to the repository); the release then reuses it.
        const first = await cliRun({ STANDIN_SCORE: '82', ...cache.env() }, { 'dry-run': 'true' })
        expect(first.outputs.outcome).toBe('dry-run')
        expect(cache.keys()).toEqual([
          expect.stringMatching(new RegExp(`^autonomous-release-quality-v1-${s.repo.head()}-[0-9a-f]{16}$`))
        ])
        const second = await cliRun({ STANDIN_SCORE: '82', ...cache.env() })
        expect(second.outputs.outcome).toBe('released')
        expect(second.outputs['quality-score']).toBe('82')
        expect(second.result.quality).toMatchObject({ cached: true, passed: true })
        expect(second.stdout).toContain('Using the cached quality verdict')
        expect(second.summary).toContain('Verdict reused from an earlier run on this commit')
        expect(standinCalls()).toHaveLength(1)
        expect(cache.calls).toEqual(
          expect.arrayContaining([
            'GetCacheEntryDownloadURL',
            'CreateCacheEntry',
            'upload',
            'FinalizeCacheEntryUpload',
            'download'
          ])
        )
      }
    )

    cacheIt('another threshold is another cache entry', async ({ expect, cliRun, standinCalls, cache }) => {
      await cliRun({ STANDIN_SCORE: '82', ...cache.env() }, { 'dry-run': 'true' })
      await cliRun({ STANDIN_SCORE: '82', ...cache.env() }, { 'quality-threshold': '80' })
      expect(standinCalls()).toHaveLength(2)
      expect(cache.keys()).toHaveLength(2)
    })

    cacheIt(
      'quality: auto: a verdict cached without BEAST MODE is not reused once its CLI is on PATH',
      async ({ s, expect, standinCalls, calls, cache }) => {
        const inputs = { quality: 'auto', 'quality-commands': 'node -e 0' }
        const without = await s.run({ env: cache.env(), inputs: { ...inputs, 'dry-run': 'true' } })
        expect(without.result.quality).toMatchObject({ passed: true, beastModeMissing: true })
        const withCli = await s.run({
          path: [STANDIN_BIN],
          env: { STANDIN_LOG: calls, STANDIN_SCORE: '41', ...cache.env() },
          inputs
        })
        expect(withCli.outputs.outcome).toBe('blocked')
        expect(withCli.result.quality).toMatchObject({ cached: false, score: 41, beastModeMissing: false })
        expect(standinCalls()).toHaveLength(1)
      }
    )

    cacheIt(
      'a cache service that is down never fails the run: the gate runs',
      async ({ expect, cliRun, standinCalls, cache }) => {
        const env = { ...cache.env() }
        await cache.stop()
        const run = await cliRun({ STANDIN_SCORE: '82', ...env })
        expect(run.outputs.outcome).toBe('released')
        expect(standinCalls()).toHaveLength(1)
        expect(run.stdout).toContain('::warning::Failed to restore: Failed to GetCacheEntryDownloadURL')
        expect(run.stdout).toContain('::notice::the quality verdict was not cached')
      }
    )

    cacheIt('without a cache service the gate runs with a notice', async ({ expect, cliRun }) => {
      const run = await cliRun({ STANDIN_SCORE: '82' })
      expect(run.outputs.outcome).toBe('released')
      expect(run.stdout).toContain(
        '::notice::the Actions cache service is not available here, so the quality gate runs'
      )
    })
  })

  it('a dry run runs the gate and writes nothing on GitHub', async ({ s, expect, cliRun, standinCalls }) => {
    const run = await cliRun({ STANDIN_SCORE: '82' }, { 'dry-run': 'true' })
    expect(run.outputs).toMatchObject({ outcome: 'dry-run', 'quality-score': '82' })
    expect(standinCalls()).toHaveLength(1)
    expect(s.emulator.writes()).toEqual([])
  })
})
