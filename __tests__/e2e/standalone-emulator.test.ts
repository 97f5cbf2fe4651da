import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { GitFixture } from '../../test-support/git-fixture.js'
import { parseOutputs, PROJECT_ROOT } from '../../test-support/run-action.js'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** What `npm run emulator` printed: its URL, the commands to paste, and where the outputs go. */
interface Printed {
  url: string
  runnerEnv: string
  dispatch: string
  fetchEvent: string
  releaseLabel: string
  outputFile: string
}

function parsePrinted(text: string): Printed {
  const line = (pattern: RegExp) => {
    const found = pattern.exec(text)
    if (!found) throw new Error(`The emulator did not print ${pattern}:\n${text}`)
    return found[1]!.trim()
  }
  return {
    url: line(/^URL: (\S+)$/m),
    runnerEnv: line(/^Runner environment: (\S+)$/m),
    dispatch: line(/^ {2}(env 'INPUT_DRY-RUN=true' .+)$/m),
    fetchEvent: line(/^ {2}(curl .+)$/m),
    releaseLabel: line(/^ {2}(env GITHUB_EVENT_NAME=pull_request_target .+)$/m),
    outputFile: line(/^Outputs: (\S+)/m)
  }
}

/** A user's shell: no GITHUB_* or INPUT_* of the test's own environment, and node as found outside node_modules. */
function userShell(command: string, cwd: string): { exitCode: number; stdout: string } {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(dir => !dir.includes('node_modules'))
    .join(delimiter)
  try {
    const stdout = execFileSync('/bin/sh', ['-c', command], {
      cwd,
      env: { PATH: path, HOME: cwd },
      encoding: 'utf8'
    })
    return { exitCode: 0, stdout }
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string }
    return { exitCode: failed.status, stdout: `${failed.stdout}\n${failed.stderr}` }
  }
}

describe('npm run emulator on a clone of your own repository, as the README shows it', () => {
  const product = new GitFixture()
  const home = mkdtempSync(join(tmpdir(), 'autonomous-release-user-'))
  const clone = join(home, 'my-product')
  let emulator: ChildProcess
  let printed: Printed
  let controls: string

  /** Drives the emulator's HTTP controls, as the README's curl lines do. */
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${controls}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await response.text()
    return { status: response.status, json: (text ? JSON.parse(text) : null) as Json }
  }

  /** Runs a printed command in a user's shell; returns its exit code and the outputs it appended. */
  const runPrinted = (command: string) => {
    const before = readFileSync(printed.outputFile, 'utf8').length
    const run = userShell(command, home)
    return { ...run, outputs: parseOutputs(readFileSync(printed.outputFile, 'utf8').slice(before)) }
  }

  /** Commits in the clone, as its owner would. */
  const git = (args: string[]) =>
    execFileSync('git', args, {
      cwd: clone,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: home,
        GIT_AUTHOR_NAME: 'You',
        GIT_AUTHOR_EMAIL: 'you@example.com',
        GIT_COMMITTER_NAME: 'You',
        GIT_COMMITTER_EMAIL: 'you@example.com'
      }
    }).trim()

  beforeAll(async () => {
    product.commit('chore: init')
    product.tag('v1.0.0')
    product.commit('fix(cart): keep the cart on reload')
    execFileSync('git', ['clone', '--quiet', product.dir, clone])
    emulator = spawn(
      join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
      ['test-support/emulator/cli.ts', '--repo', clone],
      {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let text = ''
    await new Promise<void>((resolve, reject) => {
      emulator.stdout!.on('data', chunk => {
        text += chunk
        if (/^Outputs: /m.test(text)) resolve()
      })
      emulator.stderr!.on('data', chunk => (text += chunk))
      emulator.on('exit', code => reject(new Error(`The emulator exited (${code}):\n${text}`)))
    })
    printed = parsePrinted(text)
    controls = `${printed.url}/_emulator/repos/local/my-product`
  })

  afterEach(async () => {
    expect(
      (await fetch(`${printed.url}/_emulator/violations`).then(answer => answer.json())) as string[]
    ).toEqual([])
  })

  afterAll(async () => {
    if (emulator.exitCode === null) {
      const exited = new Promise(resolve => emulator.once('exit', resolve))
      emulator.kill('SIGTERM')
      await exited
    }
    // Stopping removes the runner files it wrote.
    expect(printed && existsSync(printed.runnerEnv)).toBe(false)
    product.remove()
    rmSync(home, { recursive: true, force: true })
  })

  it('prints an address on 127.0.0.1 and a runner environment with every input and the API URL', () => {
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const env = readFileSync(printed.runnerEnv, 'utf8')
    expect(env).toContain(`GITHUB_API_URL='${printed.url}'`)
    expect(env).toContain("GITHUB_REPOSITORY='local/my-product'")
    // As the runner sets them: every input declared in action.yml, with its default.
    expect(env).toContain("INPUT_TAG-PREFIX='v'")
    expect(env).toContain("INPUT_COMMIT-MESSAGE='chore(release): {tag} [skip ci]'")
    expect(env).toContain("INPUT_QUALITY='auto'")
  })

  it('the printed manual-dispatch command, pasted as printed, dry-runs the next version of the default branch', async () => {
    const run = runPrinted(printed.dispatch)
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.outputs).toMatchObject({
      outcome: 'dry-run',
      released: 'false',
      version: '1.0.1',
      tag: 'v1.0.1',
      sha: git(['rev-parse', 'main'])
    })
    const state = (await control('GET', '/state')).json
    expect(state.tags.map((tag: Json) => tag.name)).toEqual(['v1.0.0'])
    expect(state.releases).toEqual([])
  })

  it('a pull request opened, labelled and merged through the controls is released by the printed commands', async () => {
    git(['switch', '--quiet', '--create', 'share-carts'])
    const head =
      (git(['commit', '--quiet', '--allow-empty', '-m', 'feat(cart): share carts']),
      git(['rev-parse', 'HEAD']))
    const base = git(['rev-parse', 'main'])

    const opened = await control('POST', '/pulls', {
      head: 'share-carts',
      title: 'Share carts',
      body: 'Carts for two.'
    })
    expect(opened).toMatchObject({ status: 201, json: { number: 1, state: 'open', headSha: head } })
    expect(
      (await control('POST', '/pulls/1/labels', { labels: ['release'], by: 'maintainer-mia' })).status
    ).toBe(200)
    expect((await control('PUT', '/collaborators/maintainer-mia', { role: 'maintain' })).status).toBe(200)
    const merged = await control('POST', '/pulls/1/merge', { by: 'maintainer-mia' })
    expect(merged.status).toBe(200)
    const mergeSha = merged.json.sha as string
    // A real merge commit on main, as GitHub's merge button makes it.
    expect(git(['rev-parse', 'main'])).toBe(mergeSha)
    expect(git(['log', '-1', '--format=%P%n%an%n%s', mergeSha]).split('\n')).toEqual([
      `${base} ${head}`,
      'maintainer-mia',
      'Merge pull request #1 from local/share-carts'
    ])
    expect(
      (await control('POST', '/check-runs', { sha: mergeSha, name: 'build', conclusion: 'success' })).status
    ).toBe(201)
    expect(
      (await control('POST', '/statuses', { sha: mergeSha, context: 'ci/lint', state: 'success' })).status
    ).toBe(201)

    const saved = userShell(printed.fetchEvent, home)
    expect(saved.exitCode, saved.stdout).toBe(0)
    const run = runPrinted(printed.releaseLabel)
    expect(run.exitCode, run.stdout).toBe(0)
    expect(run.stdout).toContain("Trigger: passed — #1 merged with 'release' by maintainer-mia (maintain)")
    expect(run.stdout).toContain('Green checks: passed — 2 checks passed')
    expect(run.outputs).toMatchObject({
      outcome: 'released',
      released: 'true',
      version: '1.1.0',
      sha: mergeSha
    })

    const state = (await control('GET', '/state')).json
    expect(state.tags).toContainEqual({ name: 'v1.1.0', sha: mergeSha })
    expect(state.releases).toMatchObject([{ tagName: 'v1.1.0', draft: false }])
    expect(state.pulls).toMatchObject([
      { number: 1, merged: true, mergedBy: 'maintainer-mia', body: 'Carts for two.' }
    ])
  })

  it('the controls refuse what they cannot do with a 4xx and a message that says why', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      [
        'PUT',
        '/collaborators/someone',
        { role: 'owner' },
        422,
        "'role' must be one of admin, maintain, write, triage, read"
      ],
      ['POST', '/pulls', { head: 'main', title: 'Nothing' }, 422, 'No commits between main and main'],
      [
        'POST',
        '/pulls',
        { head: 'no-such-branch', title: 'Typo' },
        422,
        "'no-such-branch' is neither a branch nor a commit"
      ],
      ['POST', '/pulls/1/merge', { by: 'maintainer-mia' }, 405, 'Pull request #1 is already merged'],
      ['POST', '/pulls/7/labels', { labels: ['release'] }, 404, 'No pull request #7 in local/my-product'],
      ['DELETE', '/pulls/1/labels/hotfix', undefined, 404, "Pull request #1 has no label 'hotfix'"],
      [
        'POST',
        '/check-runs',
        { name: 'build', conclusion: 'green' },
        422,
        "'conclusion' must be one of success"
      ],
      [
        'POST',
        '/statuses',
        { context: 'ci', state: 'ok' },
        422,
        "'state' must be one of success, failure, error, pending"
      ],
      [
        'POST',
        '/deploy',
        { script: { conclusion: 'success', durationMS: 5 } },
        422,
        "unknown field 'durationMS'"
      ],
      ['PUT', '/branches/no-such-branch/protection', undefined, 404, 'Branch not found: no-such-branch'],
      ['GET', '/releases', undefined, 404, 'No emulator control at GET']
    ]
    for (const [method, path, body, status, message] of cases) {
      const answer = await control(method, path, body)
      expect({ path, status: answer.status, message: answer.json.message as string }).toMatchObject({
        path,
        status,
        message: expect.stringContaining(message)
      })
    }
    const other = await fetch(`${printed.url}/_emulator/repos/acme/other/state`)
    expect(other.status).toBe(404)
  })
})
