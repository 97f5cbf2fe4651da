import { describe, type ExpectStatic } from 'vitest'
import type { ScriptedAnswer } from '../../test-support/beast-mode/api-server.js'
import { scenarioTest, type StartBeastMode } from '../../test-support/fixtures.js'
import type { ActionRun } from '../../test-support/run-action.js'
import type { Scenario } from '../../test-support/scenario.js'

/** The commands the runner knows (ActionCommandManager's extensions); it compares names ignoring case. */
const RUNNER_COMMANDS = [
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'add-path',
  'set-env',
  'set-output',
  'save-state',
  'debug',
  'notice',
  'warning',
  'error',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
  'internal-set-repo-path'
]

interface ReadCommand {
  name: string
  data: string
}

/**
 * The job log as the runner reads it: line by line (`\n`, `\r\n`, a lone `\r`), `::name …::data` after leading
 * blanks, else `##[name …]data` anywhere in the line; after `stop-commands` nothing is a command until its token.
 * Returns the commands it would act on, and whether the log ends with commands stopped.
 */
function readAsRunner(stdout: string): { commands: ReadCommand[]; stoppedAtEnd: boolean } {
  const commands: ReadCommand[] = []
  let stopToken: string | null = null
  const known = (name: string) =>
    RUNNER_COMMANDS.includes(name.toLowerCase()) ||
    (stopToken !== null && name.toLowerCase() === stopToken.toLowerCase())
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const command = readLine(line, known)
    if (!command) continue
    if (stopToken !== null) {
      if (command.name.toLowerCase() === stopToken.toLowerCase()) {
        commands.push({ name: 'resume-commands', data: stopToken })
        stopToken = null
      }
      continue
    }
    if (command.name === 'stop-commands') stopToken = command.data
    commands.push(command)
  }
  return { commands, stoppedAtEnd: stopToken !== null }
}

function readLine(line: string, known: (name: string) => boolean): ReadCommand | null {
  const trimmed = line.trimStart()
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2)
    const name = end < 0 ? '' : trimmed.slice(2, end).split(' ')[0]!
    if (known(name)) return { name: name.toLowerCase(), data: trimmed.slice(end + 2) }
  }
  const start = line.indexOf('##[')
  const end = start < 0 ? -1 : line.indexOf(']', start)
  if (end < 0) return null
  const name = line.slice(start + 3, end).split(' ')[0]!
  return known(name) ? { name: name.toLowerCase(), data: line.slice(end + 1) } : null
}

const ACTIONS_OWN = new Set(['add-mask', 'group', 'endgroup', 'notice', 'warning', 'error', 'debug'])
const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Only the action's own commands are read; its stop-commands are its own and always taken down again. */
function expectOnlyOwnCommands(expect: ExpectStatic, run: ActionRun, secrets: string[] = []): void {
  const { commands, stoppedAtEnd } = readAsRunner(run.stdout)
  expect(stoppedAtEnd).toBe(false)
  expect(run.stdout).not.toContain('##[')
  const foreign = commands.filter(command => {
    if (command.name === 'add-mask')
      return ![...secrets, 'ghs_emulatortoken0123456789abcdefABCDEF'].includes(command.data)
    if (command.name === 'stop-commands' || command.name === 'resume-commands')
      return !TOKEN.test(command.data)
    return !ACTIONS_OWN.has(command.name)
  })
  expect(foreign).toEqual([])
  // Every annotation the run meant to make was read: nothing stopped them.
  if (run.outputs.outcome === 'blocked') expect(commands.map(command => command.name)).toContain('error')
  if (run.outputs.outcome === 'skipped') expect(commands.map(command => command.name)).toContain('notice')
}

/**
 * A `node -e` command line that prints `text` (without a final line break unless it has one). The text is built
 * from pieces, so that the command line itself carries no workflow command: the action refuses such inputs.
 */
function printing(text: string): string {
  const literal = JSON.stringify(text).replaceAll('##[', '#"+"#[').replaceAll('::', ':"+":')
  return `node -e 'process.stdout.write(${literal})'`
}

/** The log as a person reads it: zero-width spaces are invisible. */
const shown = (stdout: string) => stdout.replace(/\u200b/g, '')

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

const IMG = '<img src=x onerror=alert(1)>'
const SCRIPT = '<script>alert(document.cookie)</script>'

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
    s.state.roles.set('maintainer-mia', 'maintain')
  }
})

/** A pull request with one commit, merged with a merge commit, known to the emulator. */
function mergedPullRequest(
  s: Scenario,
  title: string,
  labels: string[],
  message = 'feat: share carts (#12)'
) {
  s.repo.checkout('feature-12', true)
  const headSha = s.repo.commit(message)
  s.repo.checkout('main')
  const mergeSha = s.repo.merge('feature-12', 'Merge pull request #12 from acme/feature-12')
  const pull = {
    number: 12,
    title,
    state: 'closed' as const,
    merged: true,
    mergeCommitSha: mergeSha,
    baseRef: 'main',
    headRef: 'feature-12',
    headSha,
    headRepo: 'acme/app',
    labels,
    user: 'contributor-cai',
    mergedBy: 'maintainer-mia'
  }
  s.state.pulls.push(pull)
  return pull
}

function pullEvent(pull: ReturnType<typeof mergedPullRequest>, action: 'closed' | 'labeled', label?: string) {
  return {
    eventName: 'pull_request_target',
    ref: 'refs/heads/main',
    sha: pull.mergeCommitSha,
    event: {
      action,
      number: pull.number,
      sender: { login: 'maintainer-mia' },
      ...(label ? { label: { name: label } } : {}),
      pull_request: {
        number: pull.number,
        title: pull.title,
        merged: true,
        merge_commit_sha: pull.mergeCommitSha,
        merged_by: { login: 'maintainer-mia' },
        labels: pull.labels.map(name => ({ name })),
        base: { ref: 'main', repo: { full_name: 'acme/app' } },
        head: { ref: pull.headRef, sha: pull.headSha, repo: { full_name: pull.headRepo } }
      }
    }
  }
}

/** Runs the action against a BEAST MODE API stand-in that answers with the script. */
async function apiRun(s: Scenario, beastMode: StartBeastMode, script: ScriptedAnswer[]): Promise<ActionRun> {
  const api = await beastMode(script, 'bm_key')
  return s.run({
    inputs: { quality: 'beast-mode', 'beast-mode-api-url': api.url, 'beast-mode-api-key': 'bm_key' }
  })
}

describe.concurrent('hostile text in every place the action reads it', () => {
  it('check runs named like workflow commands and HTML skip the release, and stay text', async ({
    s,
    expect
  }) => {
    const sha = s.repo.commit('feat: wishlists')
    const names = [
      '##[set-output name=released;]true',
      '##[add-mask]v1.1.0',
      `e2e ${IMG}`,
      '::error::forged',
      '##[stop-commands]hostile-token'
    ]
    for (const name of names) s.state.addCheckRun(sha, { name, conclusion: 'failure' })
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'skipped', released: 'false' })
    expectOnlyOwnCommands(expect, run)
    for (const name of names) expect(shown(run.stdout)).toContain(name)
    expect(run.outputs['skipped-reason']).not.toContain('##[')
    expect(run.result.reason).toContain('##[stop-commands]hostile-token (failure)')
    expect(run.summary).not.toMatch(/<img|<script/)
    expect(run.summary).toContain('e2e &lt;img src=x onerror=alert(1)>')
  })

  it('in a monorepo, hostile commit subjects stay text in every package row, step and annotation', async ({
    s,
    expect
  }) => {
    s.repo.commit('chore: packages', { 'packages/api/package.json': '{"name": "api", "version": "1.0.0"}\n' })
    s.repo.tag('api@1.0.0')
    const subject = `feat(api)!: ##[stop-commands]t ::error::forged ${IMG} @everyone`
    s.repo.commit(subject, { 'packages/api/index.js': 'x\n' })
    const run = await s.run({
      inputs: { packages: '- path: packages/api\n- path: packages/web', 'major-releases': 'manual' }
    })
    expect(run.outputs.outcome).toBe('blocked')
    expectOnlyOwnCommands(expect, run)
    expect(shown(run.stdout)).toContain('::error::forged')
    expect(run.summary).not.toMatch(/<img|<script/)
    expect(run.summary).toContain('| api | ⛔ blocked |')
    expect(run.outputs['skipped-reason']).toBe('')
    expect(run.outputs.result).not.toContain('##[')
  })

  it('hostile bump labels on a merged pull request block with their names as text', async ({ s, expect }) => {
    const labels = [
      'release',
      'release:major',
      'release:patch',
      'release:##[stop-commands]t',
      `release:${IMG}`
    ]
    const pull = mergedPullRequest(s, 'Share carts', labels)
    const run = await s.run(pullEvent(pull, 'closed'))
    expect(run.outputs.outcome).toBe('blocked')
    expectOnlyOwnCommands(expect, run)
    expect(shown(run.stdout)).toContain('::error::pull request #12 has conflicting bump labels release:major')
    expect(shown(run.stdout)).toContain('release:##[stop-commands]t')
    expect(run.summary).not.toMatch(/<img|<script/)
  })

  it('a hostile label added to a merged pull request is skipped with its name as text', async ({
    s,
    expect
  }) => {
    const label = '##[add-mask]release ::set-output name=released::true'
    const pull = mergedPullRequest(s, 'Share carts', ['release', label])
    const run = await s.run(pullEvent(pull, 'labeled', label))
    expect(run.outputs.outcome).toBe('skipped')
    expectOnlyOwnCommands(expect, run)
    expect(shown(run.stdout)).toContain(`the label '${label}' added to #12 is not the release label`)
  })

  describe('BEAST MODE answers', () => {
    const body = `##[set-output name=released;]true\n::error::forged\n##[stop-commands]t ${IMG}`

    it.for<[string, ScriptedAnswer]>([
      ['a 400', { status: 400, body }],
      ['a 422', { status: 422, body: JSON.stringify({ message: body }) }],
      ['an answer that is not JSON', { status: 200, body }]
    ])(
      '%s with workflow commands in its body blocks, and the body stays text',
      async ([_name, answer], { s, expect, beastMode }) => {
        s.repo.commit('feat: wishlists')
        const run = await apiRun(s, beastMode, [answer])
        expect(run.outputs.outcome).toBe('blocked')
        expectOnlyOwnCommands(expect, run, ['bm_key'])
        // The body reached the log (as text, or in the gate's own escaped form).
        expect(shown(run.stdout)).toContain('set-output name=released;]true')
        expect(run.summary).not.toMatch(/<img|<script/)
      }
    )

    it('a 10 MB answer still fits the outputs (1 MB) and the summary (1 MiB)', async ({
      s,
      expect,
      beastMode
    }) => {
      s.repo.commit('feat: wishlists')
      const recommendations = Array.from(
        { length: 5 },
        (_, index) => `##[error]${index} ${'r'.repeat(2_000_000)}`
      )
      const run = await apiRun(s, beastMode, [{ status: 200, body: { quality: 0.9, recommendations } }])
      expect(run.outputs).toMatchObject({ outcome: 'released', 'quality-score': '90' })
      expectOnlyOwnCommands(expect, run, ['bm_key'])
      const outputs = Object.entries(run.outputs).reduce(
        (sum, [name, value]) => sum + bytes(name) + bytes(value),
        0
      )
      expect(outputs).toBeLessThan(1_000_000)
      expect(bytes(run.summary)).toBeLessThan(1024 * 1024)
      expect(run.result.truncated).toContain('long-texts')
      expect(run.result.quality!.gates[0]!.recommendations[0]).toMatch(/^##\[error\]0 r+…\(cut\)$/)
      expect(run.summary).toContain('- ##\\[error\\]0 rrr')
    })
  })

  it('a quality command that prints workflow commands passes, and its output stays text', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: wishlists')
    const output = [
      '##[set-output name=released;]false',
      '::add-mask::v1.1.0',
      '##[stop-commands]hostile-token',
      '\u001b[31m::error::forged in red\u001b[0m',
      `${IMG}${SCRIPT}`,
      'Quality 90/100 and no line break ##[error]at the end'
    ].join('\n')
    const run = await s.run({ inputs: { quality: 'command', 'quality-commands': printing(output) } })
    expect(run.outputs).toMatchObject({ outcome: 'released', released: 'true', version: '1.1.0' })
    expectOnlyOwnCommands(expect, run)
    const log = shown(run.stdout)
    expect(log).toContain(
      '##[set-output name=released;]false\n::add-mask::v1.1.0\n##[stop-commands]hostile-token\n'
    )
    expect(log).toContain('::error::forged in red\n')
    expect(log).toContain('Quality 90/100 and no line break ##[error]at the end\n')
    expect(run.summary).not.toMatch(/<img|<script/)
  })

  it('a deploy command whose output stops commands and has no last line break leaves the log reading commands', async ({
    s,
    expect
  }) => {
    s.repo.commit('feat: wishlists')
    const output = [
      '::stop-commands::hostile-token',
      '##[stop-commands]other-token',
      '::set-output name=released::false',
      '##[add-mask]v1.1.0',
      'deployed, and the last line has no line break'
    ].join('\n')
    const run = await s.run({ inputs: { 'deploy-command': printing(output) } })
    expect(run.outputs).toMatchObject({
      outcome: 'released',
      released: 'true',
      'deploy-conclusion': 'success'
    })
    expectOnlyOwnCommands(expect, run)
    const { commands } = readAsRunner(run.stdout)
    const names = commands.map(command => command.name)
    // The action's own fence around the output is taken down, on a line of its own, before the next step.
    expect(names.indexOf('resume-commands')).toBeGreaterThan(names.indexOf('stop-commands'))
    expect(names.lastIndexOf('group')).toBeGreaterThan(names.indexOf('resume-commands'))
    expect(shown(run.stdout)).toContain('\ndeployed, and the last line has no line break\n')
    expect(s.state.releases[0]!.draft).toBe(false)
  })

  it("GitHub's generated notes carry hostile pull request titles as text into the release and the summary", async ({
    s,
    expect
  }) => {
    const title = `Share carts ${IMG} ${SCRIPT}`
    mergedPullRequest(s, title, [], `feat: ${title} (#12)`)
    const run = await s.run({ inputs: { 'release-notes': 'github' } })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
    expectOnlyOwnCommands(expect, run)
    const body = s.state.releases[0]!.body
    expect(body).toContain(
      'Share carts &lt;img src=x onerror=alert(1)> &lt;script>alert(document.cookie)&lt;/script>'
    )
    for (const text of [body, run.summary, run.outputs['release-notes']!, run.result.releaseNotes]) {
      expect(text).not.toMatch(/<img|<script/i)
    }
    expect(run.outputs['release-notes']).toBe(body)
  })

  it("deploy and quality commands run without the runner's tokens", async ({ s, expect }) => {
    s.repo.commit('feat: wishlists')
    const tokens = {
      ACTIONS_RUNTIME_TOKEN: 'runtime-token',
      ACTIONS_RUNTIME_URL: 'https://pipelines.example/',
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_CACHE_URL: 'https://cache.example/',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-token',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
      GITHUB_TOKEN: 'ghs_workflowtoken'
    }
    const print = (who: string) =>
      `node -e 'console.log("${who} sees:", JSON.stringify(Object.keys(process.env).filter(name => name.startsWith("ACTIONS_") || name.startsWith("INPUT_") || name === "GITHUB_TOKEN")))'`
    const run = await s.run({
      env: tokens,
      inputs: {
        quality: 'command',
        'quality-cache': 'false',
        'quality-commands': print('quality'),
        'deploy-command': print('deploy')
      }
    })
    expect(run.outputs.outcome).toBe('released')
    expect(run.stdout).toContain('quality sees: []')
    expect(run.stdout).toContain('deploy sees: []')
  })
})
