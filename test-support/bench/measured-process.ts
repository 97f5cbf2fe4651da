import { spawn, type ChildProcess } from 'node:child_process'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'

const GNU_TIME = '/usr/bin/time'

/** CPU time (user + system) and peak resident memory of a process and the children it waited for. */
export interface ResourceUse {
  cpuMs: number
  /** The largest of the process's and its children's peaks, not their sum. */
  maxRssKb: number
}

/**
 * GNU time around a command: it reports the getrusage figures of the process it started (with the processes that
 * one waited for, such as git), to a file of its own so the command's stderr stays the command's. Without
 * /usr/bin/time the figures are simply missing.
 */
export class ResourceProbe {
  static readonly available = existsSync(GNU_TIME)
  private readonly dir = mkdtempSync(join(tmpdir(), 'bench-rusage-'))
  private readonly file = join(this.dir, 'rusage')

  /** The command prefix: empty when /usr/bin/time is missing. */
  wrapper(): string[] {
    return ResourceProbe.available ? [GNU_TIME, '-o', this.file, '-f', 'cpu=%U+%S rss=%M'] : []
  }

  /** The figures of the last command run under `wrapper()`, then forgets them. */
  read(): ResourceUse | null {
    try {
      const text = readFileSync(this.file, 'utf8')
      // A failed command adds a first line "Command exited with non-zero status N".
      const found = /cpu=([\d.]+)\+([\d.]+) rss=(\d+)/.exec(text)
      return found
        ? { cpuMs: (Number(found[1]) + Number(found[2])) * 1000, maxRssKb: Number(found[3]) }
        : null
    } catch {
      return null
    } finally {
      rmSync(this.file, { force: true })
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** When a child process was started and when it exited, on this process's `performance.now()` clock. */
export interface ChildTimes {
  spawnedAt: number
  exitedAt: number
}

/**
 * Times the child process that `run` starts, by whatever means (runAction starts the action exactly as the runner
 * does, and this leaves it so), from just before its spawn to its exit: Node announces every new child process on
 * the `child_process` diagnostics channel. The child is the one whose command line contains `marker`.
 */
export async function timeChild<T>(
  marker: string,
  run: () => Promise<T>
): Promise<{ result: T; times: ChildTimes }> {
  let times: ChildTimes | null = null
  const onChild = (message: unknown): void => {
    const child = (message as { process: ChildProcess }).process
    const spawnedAt = performance.now()
    child.once('exit', () => {
      if (child.spawnargs.some(arg => arg.includes(marker)))
        times = { spawnedAt, exitedAt: performance.now() }
    })
  }
  subscribe('child_process', onChild)
  try {
    const result = await run()
    if (!times) throw new Error(`No child process with '${marker}' in its command line was started`)
    return { result, times }
  } finally {
    unsubscribe('child_process', onChild)
  }
}

export interface CommandRun {
  exitCode: number
  times: ChildTimes
  resources: ResourceUse | null
  /** The lines of stdout that matched `keep`. */
  kept: string[]
  /** The end of stdout and of stderr, for an error message. */
  tail: string
}

export interface CommandOptions {
  cwd: string
  env?: NodeJS.ProcessEnv
  /** Lines of stdout worth keeping; the rest is counted and dropped (semantic-release logs every commit). */
  keep?: RegExp
  /** Called with every chunk of stdout, for tools whose output is the measurement (git log). */
  onStdout?: (chunk: Buffer) => void
  timeoutMs?: number
}

const TAIL = 4000

function keepTail(tail: string, chunk: Buffer): string {
  return (tail + chunk.subarray(-TAIL).toString('utf8')).slice(-TAIL)
}

/** Runs a command under GNU time, timed from just before its spawn to its exit. */
export async function runMeasured(
  command: string,
  args: readonly string[],
  options: CommandOptions
): Promise<CommandRun> {
  const probe = new ResourceProbe()
  try {
    const full = [...probe.wrapper(), command, ...args]
    const spawnedAt = performance.now()
    const child = spawn(full[0]!, full.slice(1), { cwd: options.cwd, env: options.env ?? process.env })
    let exitedAt = Number.NaN
    child.once('exit', () => (exitedAt = performance.now()))
    const kept: string[] = []
    const decoder = new StringDecoder('utf8')
    let partial = ''
    let tail = ''
    child.stdout.on('data', (chunk: Buffer) => {
      options.onStdout?.(chunk)
      if (options.keep) {
        const lines = (partial + decoder.write(chunk)).split('\n')
        partial = lines.pop() ?? ''
        kept.push(...lines.filter(line => options.keep!.test(line)))
      }
      tail = keepTail(tail, chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => (tail = keepTail(tail, chunk)))
    // A safety net only: it stops GNU time, and the command it started is left to finish alone.
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15 * 60_000)
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('close', code => resolve(code ?? -1))
    }).finally(() => clearTimeout(timer))
    if (options.keep?.test(partial)) kept.push(partial)
    return { exitCode, times: { spawnedAt, exitedAt }, resources: probe.read(), kept, tail }
  } finally {
    probe.dispose()
  }
}
