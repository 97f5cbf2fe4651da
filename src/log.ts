import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { untrusted } from './domain/untrusted.js'

/**
 * The job log. Messages carry text from commits, pull requests, labels, checks, BEAST MODE and commands, which
 * may hold workflow commands (`::set-output`, `##[add-mask]`, `##[stop-commands]`): every message goes through
 * `untrusted`, so no line of it is one. The action's own commands (masks, groups, annotations) are issued by
 * @actions/core, with the text as escaped data.
 */
export interface Log {
  /**
   * Runs something that prints to the log line by line (a deploy command), with workflow commands stopped
   * meanwhile. Its lines are neutralised too; this is a second fence, and it is always taken down on a line of
   * its own, so the action's own annotations afterwards are read.
   */
  withCommandsStopped<T>(body: () => Promise<T>): Promise<T>
  info(message: string): void
  warning(message: string): void
  notice(message: string): void
  /** A collapsible group in the job log. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>
}

/** An annotation shows a few KB at most; the log has the rest. */
const ANNOTATION = { maxLength: 16_384 }

/** @deprecated The log's older name for `untrusted` (src/domain/untrusted.ts). */
export const neutralise = (text: string): string => untrusted(text)

/**
 * One line of a program's output, as the job log shows it: cleaned, capped and neutralised. Every write to the
 * log ends its line, so a command the action issues next always starts one.
 */
export function logOutputLine(line: string): void {
  core.info(untrusted(line))
}

export const actionsLog: Log = {
  withCommandsStopped: async body => {
    // GitHub's own defence for output it cannot vet: nothing is a command until the random token ends it.
    const token = randomUUID()
    core.info(`::stop-commands::${token}`)
    try {
      return await body()
    } finally {
      core.info(`::${token}::`)
    }
  },
  info: message => core.info(untrusted(message)),
  warning: message => core.warning(untrusted(message, ANNOTATION)),
  notice: message => core.notice(untrusted(message, ANNOTATION)),
  group: (title, body) => core.group(untrusted(title, { singleLine: true }), body)
}
