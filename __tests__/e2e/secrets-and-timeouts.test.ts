import { describe } from 'vitest'
import { explain, createOctokit, GitHubTimeout, REQUEST_TIMEOUT_MS } from '../../src/github/client.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import type { Scenario } from '../../test-support/scenario.js'

const KEY = 'bm_test_key_123'

/** What the job log shows: the runner consumes `::add-mask::` lines and prints the rest. */
const shownLog = (stdout: string) =>
  stdout
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

const it = scenarioTest({ setup: s => void s.repo.commit('feat: x') })

describe.concurrent('secrets', () => {
  it.for<[string, string[], Record<string, string>]>([
    ['github-token', ['ghs_pastedFirstLine0123456789abc', 'ghs_pastedSecondLine9876543210xyz'], {}],
    [
      'beast-mode-api-key',
      ['bm_pastedFirstLine0123456789', 'bm_pastedSecondLine9876543210'],
      { quality: 'beast-mode', 'beast-mode-api-url': 'https://beast-mode.example' }
    ]
  ])(
    'a %s pasted with a line break is masked line by line, refused without echo, before any request',
    async ([input, lines, extra], { s, expect }) => {
      const secret = lines.join('\n')
      const run = await s.run({ inputs: { ...extra, [input]: secret } })
      expect(run.exitCode).toBe(1)
      expect(run.outputs).toMatchObject({ outcome: 'blocked', released: 'false' })
      // Masked first, each line and the whole, before anything else is printed.
      const masks = run.stdout.split('\n').filter(line => line.startsWith('::add-mask::'))
      expect(masks).toEqual(expect.arrayContaining(lines.map(line => `::add-mask::${line}`)))
      expect(masks).toContain(`::add-mask::${lines.join('%0A')}`)
      const firstOther = run.stdout.split('\n').findIndex(line => !line.startsWith('::add-mask::'))
      expect(run.stdout.split('\n').slice(firstOther).join('\n')).not.toContain('::add-mask::')
      expect(run.stdout).toContain(`::error::Invalid input '${input}': it contains white space, line breaks`)
      for (const text of [shownLog(run.stdout), run.stderr, run.summary, JSON.stringify(run.outputs)]) {
        for (const line of lines) expect(text).not.toContain(line)
      }
      expect(s.emulator.requests).toEqual([])
    }
  )
})

describe.concurrent('hostile inputs are refused before any request', () => {
  it.for<[string, Record<string, string>, string]>([
    ['tag-prefix', { 'tag-prefix': '-1' }, "'-1' cannot start a git tag name"],
    ['tag-prefix', { 'tag-prefix': 'v\u202e' }, 'invisible characters'],
    ['changelog-file', { 'commit-version': 'true', 'changelog-file': '.git/config' }, 'not under .git'],
    [
      'deploy-workflow',
      { 'deploy-workflow': 'https://github.com/acme/ops/blob/main/.github/workflows/deploy.yml' },
      'is not a workflow file name'
    ],
    [
      'deploy-ref',
      { 'deploy-workflow': 'deploy.yml', 'deploy-ref': 'release/{tag}.lock' },
      "(filled in, it could be 'release/v1.2.3.lock')"
    ],
    ['quality-timeout', { 'quality-timeout': '1e20' }, 'is not a whole number of seconds'],
    ['repository', { repository: '../..' }, 'Expected format {owner}/{repo}'],
    [
      'deploy-inputs',
      { 'deploy-workflow': 'deploy.yml', 'deploy-inputs': '{"__proto__": {"polluted": "yes"}}' },
      "'__proto__' is not allowed as a name"
    ],
    ['release-label', { 'release-label': '##[set-output name=released;]true' }, 'workflow-command syntax'],
    [
      'quality-commands',
      { quality: 'command', 'quality-commands': 'npm test && npm run lint' },
      "has '&' in it, which only a shell understands"
    ]
  ])('%s: %j', async ([input, inputs, message], { s, expect }) => {
    const run = await s.run({ inputs })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ outcome: 'blocked', released: 'false' })
    expect(run.stdout).toContain(`::error::Invalid input '${input}': `)
    expect(run.stdout).toContain(message)
    expect(run.result.error).toMatchObject({ code: 'invalid-input' })
    // Nothing the runner would act on came back into the log.
    expect(run.stdout).not.toContain('##[')
    expect(run.stdout).not.toMatch(/^::set-output/m)
    expect(s.emulator.requests).toEqual([])
  })
})

const apiRun = (s: Scenario, url: string, inputs: Record<string, string> = {}) =>
  s.run({
    inputs: { quality: 'beast-mode', 'beast-mode-api-url': url, 'beast-mode-api-key': KEY, ...inputs }
  })

describe.concurrent('BEAST MODE API', () => {
  it('a redirect to another host is not followed to a score: inconclusive, naming the host, nothing written', async ({
    s,
    expect,
    beastMode
  }) => {
    const elsewhere = await beastMode([{ status: 200, body: { quality: 1 } }], KEY)
    const otherHost = elsewhere.url.replace('127.0.0.1', 'localhost')
    const api = await beastMode([{ status: 307, location: `${otherHost}/api/repos/quality` }], KEY)
    const run = await apiRun(s, api.url)
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ outcome: 'blocked', released: 'false', 'quality-score': '' })
    expect(run.stdout).toContain(
      `BEAST MODE at ${new URL(api.url).host} redirected (307) to another host, ${new URL(otherHost).host}`
    )
    expect(run.result.quality?.gates).toMatchObject([{ passed: false, inconclusive: true, score: null }])
    expect(api.received).toHaveLength(1)
    // Neither the request nor the key went to the other host.
    expect(elsewhere.received).toEqual([])
    expect(s.emulator.writes()).toEqual([])
  })

  it('a redirect on the same host is not followed either, and says where to point beast-mode-api-url', async ({
    s,
    expect,
    beastMode
  }) => {
    const api = await beastMode([{ status: 308, location: '/v2/api/repos/quality' }], KEY)
    const run = await apiRun(s, api.url)
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain(
      `BEAST MODE redirected (308) to ${api.url}/v2/api/repos/quality: set beast-mode-api-url`
    )
    expect(api.received).toHaveLength(1)
  })

  it('a hung attempt times out on its own and is retried within quality-timeout', async ({
    s,
    expect,
    beastMode
  }) => {
    const api = await beastMode(
      [
        { status: 200, body: { quality: 0.9 }, delayMs: 12_000 },
        { status: 200, body: { quality: 0.9 } }
      ],
      KEY
    )
    const run = await apiRun(s, api.url, { 'quality-timeout': '15' })
    // The second attempt answered although the first would have taken 12 s: the first was abandoned at 5 s.
    expect(run.outputs).toMatchObject({ outcome: 'released', 'quality-score': '90' })
    expect(run.stdout).toContain('BEAST MODE API attempt 1 failed: no answer within 5s')
    expect(api.received).toHaveLength(2)
  })
})

// In-process clients with a 0.3 s timeout, so these tests run one at a time: no other test's emulator shares the
// event loop and could hold up an answer that must come within 0.3 s.
describe('GitHub requests time out on their own', () => {
  const log = { warning: () => undefined }

  it('every attempt has 30 s by default, not the 300 s of a socket', ({ expect }) => {
    expect(REQUEST_TIMEOUT_MS).toBe(30_000)
  })

  it('a GET that hangs past the timeout is abandoned and retried', async ({ s, expect }) => {
    const octokit = await createOctokit('ghs_test', s.emulator.url, log, 300)
    const fault = s.emulator.inject({ operationId: 'repos/get', delayMs: 3_000 })
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'app' })
    // The hung attempt (its answer would come after 3 s) was abandoned, and the retry answered.
    expect(data.full_name).toBe('acme/app')
    expect(fault.taken).toBe(1)
    await until(() => s.emulator.requests.filter(request => request.operationId === 'repos/get').length === 2)
  })

  it('a write sent without retries that hangs fails once, saying it timed out', async ({ s, expect }) => {
    const octokit = await createOctokit('ghs_test', s.emulator.url, log, 300)
    s.emulator.inject({ operationId: 'git/create-ref', delayMs: 1_500 })
    const error = await octokit
      .request('POST /repos/{owner}/{repo}/git/refs', {
        owner: 'acme',
        repo: 'app',
        ref: 'refs/tags/v9.9.9',
        sha: s.repo.head(),
        request: { retries: 0 }
      })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GitHubTimeout)
    expect(explain(error, { action: 'create the tag v9.9.9', permission: 'contents: write' }).message).toBe(
      'GitHub request to create the tag v9.9.9 timed out: GitHub did not answer POST /repos/{owner}/{repo}/git/refs within 0.3s.'
    )
    await until(() => s.emulator.requests.some(request => request.operationId === 'git/create-ref'))
    expect(s.emulator.requests.filter(request => request.operationId === 'git/create-ref')).toHaveLength(1)
  })
})
