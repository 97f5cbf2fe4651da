import type { Clock } from './clock.js'
import type { Config } from './config/index.js'
import type { RunContext } from './context.js'
import type { EarlyReads } from './early-reads.js'
import type { RepoClient } from './github/client.js'
import type { ServerTime } from './github/server-time.js'
import type { Log } from './log.js'

/**
 * What every step may use, and none may change: the inputs, the event, the repository's client and its early reads,
 * log and clock.
 */
export interface Runtime {
  readonly config: Config
  readonly context: RunContext
  /** The GitHub client for the one repository this run releases. */
  readonly repoClient: RepoClient
  /** Reads a later step is sure to need, started early by that step's `prepare` (see EarlyReads). */
  readonly earlyReads: EarlyReads
  /** The `repository` input names another repository than the workflow's: nothing in the event is about it. */
  readonly otherRepository: boolean
  readonly log: Log
  readonly clock: Clock
  /** GitHub's time, from its answers' Date headers: what release windows and the cadence are judged by. */
  readonly serverTime: ServerTime
}
