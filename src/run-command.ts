import { execa } from 'execa'
import type { CommandLine } from './config/index.js'

export interface CommandRun {
  exitCode: number | null
  output: string
  timedOut: boolean
  /** The program is not installed (not on PATH). */
  missing: boolean
  durationMs: number
}

/**
 * Runs a command without a shell: argv goes to the program as it is, so no text can be injected into a command
 * line. Secrets that reach the action as inputs (INPUT_*) are not passed on.
 */
export async function runCommand(
  command: CommandLine,
  options: { cwd: string; env: Record<string, string>; timeoutMs: number; stream?: boolean }
): Promise<CommandRun> {
  const started = Date.now()
  const [file, ...args] = command.argv
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INPUT_')))
  const result = await execa(file!, args, {
    cwd: options.cwd,
    env: { ...env, ...options.env },
    extendEnv: false,
    shell: false,
    stdin: 'ignore',
    // Streamed output goes to the job log as it comes, like any step's; it is captured as well.
    stdout: options.stream ? ['pipe', 'inherit'] : 'pipe',
    stderr: options.stream ? ['pipe', 'inherit'] : 'pipe',
    all: true,
    reject: false,
    timeout: options.timeoutMs,
    forceKillAfterDelay: 2000
  })
  return {
    exitCode: result.exitCode ?? null,
    output: result.all ?? '',
    timedOut: result.timedOut,
    missing: (result as { code?: string }).code === 'ENOENT',
    durationMs: Date.now() - started
  }
}
