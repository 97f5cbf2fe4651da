import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import type { CommandLine } from './config/index.js'
import { MAX_LINE_LENGTH } from './domain/untrusted.js'
import { logOutputLine } from './log.js'

export interface CommandRun {
  exitCode: number | null
  output: string
  timedOut: boolean
  /** The program is not installed (not on PATH). */
  missing: boolean
  durationMs: number
}

export interface CommandOptions {
  cwd: string
  /** Variables for the program, on top of the runner's (less the secrets below). */
  env: Record<string, string>
  timeoutMs: number
  /**
   * Print the output to the job log as it comes, line by line and neutralised (see logOutputLine), or hand each
   * line to the function given. It is captured as well.
   */
  stream?: boolean | ((line: string) => void)
  /**
   * Pass on the runner's own tokens (RUNNER_TOKENS): the program can then use the job's cache, artifacts, OIDC
   * tokens and GitHub token as the action could. Off unless the workflow asks for it.
   */
  passRunnerTokens?: boolean
}

/**
 * What lets a program act as this job: the runtime token for caches and artifacts and the service URLs it is
 * good for, the OIDC token request, and the GitHub token a workflow put in the environment.
 */
export const RUNNER_TOKENS: readonly string[] = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'GITHUB_TOKEN'
]

/**
 * The environment a program gets: the runner's, without the action's inputs (INPUT_*, where its secrets arrive)
 * and, unless asked for, without the runner's tokens; then the variables given.
 */
export function commandEnv(
  parent: NodeJS.ProcessEnv,
  given: Record<string, string>,
  passRunnerTokens = false
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined || name.startsWith('INPUT_')) continue
    if (!passRunnerTokens && RUNNER_TOKENS.includes(name.toUpperCase())) continue
    env[name] = value
  }
  return { ...env, ...given }
}

/**
 * Runs a command without a shell: argv goes to the program as it is, so no text can be injected into a command
 * line. Secrets that reach the action as inputs (INPUT_*) and the runner's tokens are not passed on.
 */
export async function runCommand(command: CommandLine, options: CommandOptions): Promise<CommandRun> {
  // Loaded on demand: most runs start no command, and execa is a third of the code the runner would load first.
  const { execa } = await import('execa')
  const started = Date.now()
  const [file = '', ...args] = command.argv
  const subprocess = execa(file, args, {
    cwd: options.cwd,
    env: commandEnv(process.env, options.env, options.passRunnerTokens),
    extendEnv: false,
    shell: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    all: true,
    reject: false,
    timeout: options.timeoutMs,
    forceKillAfterDelay: 2000
  })
  const print = options.stream === true ? logOutputLine : options.stream || null
  // Never `inherit`: what the program prints reaches the log only through the sanitiser, a line at a time.
  const followers = print ? [subprocess.stdout, subprocess.stderr].map(stream => follow(stream, print)) : []
  let result: Awaited<typeof subprocess>
  try {
    result = await subprocess
  } finally {
    // The last line may have no line break: it is printed all the same, and ends its line.
    for (const follower of followers) follower.end()
  }
  return {
    exitCode: result.exitCode ?? null,
    output: result.all ?? '',
    timedOut: result.timedOut,
    missing: (result as { code?: string }).code === 'ENOENT',
    durationMs: Date.now() - started
  }
}

/** Splits a stream into lines as the runner does (`\n`, `\r\n` or a lone `\r`) and hands each to `print`. */
function follow(stream: Readable | null | undefined, print: (line: string) => void): LineSplitter {
  const lines = new LineSplitter(print)
  stream?.on('data', (chunk: Buffer | string) => lines.write(chunk))
  return lines
}

/** Keeps at most this much of a line that has not ended yet; the sanitiser cuts it to MAX_LINE_LENGTH anyway. */
const PENDING_LIMIT = MAX_LINE_LENGTH * 4

export class LineSplitter {
  private pending = ''
  private afterCarriageReturn = false
  private ended = false
  private readonly decoder = new StringDecoder('utf8')

  constructor(private readonly print: (line: string) => void) {}

  write(chunk: Buffer | string): void {
    if (this.ended) return
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk)
    let start = 0
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index)
      if (code !== 0x0a && code !== 0x0d) continue
      const crlf = code === 0x0a && this.afterCarriageReturn && index === start && this.pending === ''
      if (!crlf) {
        this.append(text.slice(start, index))
        this.emit()
      }
      this.afterCarriageReturn = code === 0x0d
      start = index + 1
    }
    if (start < text.length) {
      this.append(text.slice(start))
      this.afterCarriageReturn = false
    }
  }

  /** Prints what is left of the last line, if anything. */
  end(): void {
    if (this.ended) return
    this.append(this.decoder.end())
    if (this.pending !== '') this.emit()
    this.ended = true
  }

  private append(text: string): void {
    if (this.pending.length >= PENDING_LIMIT) return
    this.pending += text
    if (this.pending.length > PENDING_LIMIT) this.pending = this.pending.slice(0, PENDING_LIMIT)
  }

  private emit(): void {
    const line = this.pending
    this.pending = ''
    this.print(line)
  }
}
