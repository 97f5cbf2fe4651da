import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'

/**
 * The job log. Text that came from commits, pull requests or branches may contain workflow commands
 * (`::set-output`, `::add-mask`, `::stop-commands`); the runner acts on them at a line's start, so every `::`
 * is broken with a zero-width space before it is printed.
 */
export function neutralise(text: string): string {
  return text.replace(/::/g, ':\u200b:').replace(/%0A|%0D/gi, match => match.replace('%', '%\u200b'))
}

export interface Log {
  /** Runs something whose output reaches the log unfiltered, with workflow commands stopped meanwhile. */
  withCommandsStopped<T>(body: () => Promise<T>): Promise<T>
  info(message: string): void
  warning(message: string): void
  notice(message: string): void
  /** A collapsible group in the job log. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>
}

export const actionsLog: Log = {
  withCommandsStopped: async body => {
    // GitHub's own defence for output it cannot vet: nothing is a command until the random token ends it.
    const token = randomUUID()
    process.stdout.write(`::stop-commands::${token}\n`)
    try {
      return await body()
    } finally {
      process.stdout.write(`::${token}::\n`)
    }
  },
  info: message => core.info(neutralise(message)),
  warning: message => core.warning(neutralise(message)),
  notice: message => core.notice(neutralise(message)),
  group: (title, body) => core.group(neutralise(title), body)
}
