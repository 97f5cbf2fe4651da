import type { Tag } from './domain/release-tags.js'
import { getWorkflowRunCheckSuite, listCheckRuns, listStatuses, type CheckResult } from './github/checks.js'
import type { RepoClient } from './github/client.js'
import { findFreezeIssue, type FreezeLookup } from './github/freezes.js'
import { listTags } from './github/history.js'
import { lastPublishedRelease, type PublishedRelease } from './github/last-published.js'

/**
 * Reads that a later step is sure to need and that depend on nothing an earlier step finds, sent early so that
 * they travel with the earlier steps' reads instead of after them (each saves a round trip in sequence). A step
 * starts its own in `prepare` and awaits them in `run`; any step may ask first, the request is made once.
 *
 * Nothing here decides anything: a read is keyed by what it reads (the commit of the checks), so a step that asks
 * about another commit than the one read early gets a read of its own. A read that fails is reported where it is
 * awaited, never where it was started; one that nobody awaits (the run stopped before) is dropped silently.
 */
export class EarlyReads {
  private tagList: Promise<Tag[]> | null = null
  private readonly checks = new Map<string, Promise<CheckResult[]>>()
  private readonly suites = new Map<number, Promise<number | null>>()
  private readonly freezes = new Map<string, Promise<FreezeLookup>>()
  private readonly published = new Map<string, Promise<PublishedRelease | null>>()

  constructor(private readonly client: RepoClient) {}

  /** Every tag with its commit, read once per run: the version is decided from this list. */
  tags(): Promise<Tag[]> {
    this.tagList ??= quiet(listTags(this.client))
    return this.tagList
  }

  /** The check suite of a workflow run (see getWorkflowRunCheckSuite), read once per run. */
  checkSuite(runId: number): Promise<number | null> {
    let suite = this.suites.get(runId)
    if (!suite) this.suites.set(runId, (suite = quiet(getWorkflowRunCheckSuite(this.client, runId))))
    return suite
  }

  /** The open issue carrying the freeze label (see findFreezeIssue), read once per run. */
  freezeIssue(label: string): Promise<FreezeLookup> {
    let lookup = this.freezes.get(label)
    if (!lookup) this.freezes.set(label, (lookup = quiet(findFreezeIssue(this.client, label))))
    return lookup
  }

  /** The last published release with the tag prefix (see lastPublishedRelease), read once per run. */
  lastPublished(tagPrefix: string): Promise<PublishedRelease | null> {
    let release = this.published.get(tagPrefix)
    if (!release)
      this.published.set(tagPrefix, (release = quiet(lastPublishedRelease(this.client, tagPrefix))))
    return release
  }

  /** Starts reading the check runs and commit statuses of a commit, for `takeChecks`. */
  startChecks(sha: string): void {
    if (!this.checks.has(sha)) this.checks.set(sha, quiet(readChecks(this.client, sha)))
  }

  /**
   * The check runs and commit statuses of a commit: the read started early, once (a gate that waits for checks
   * must see them anew at each poll), else a read made now.
   */
  takeChecks(sha: string): Promise<CheckResult[]> {
    const early = this.checks.get(sha)
    this.checks.delete(sha)
    return early ?? readChecks(this.client, sha)
  }
}

async function readChecks(client: RepoClient, sha: string): Promise<CheckResult[]> {
  const [runs, statuses] = await Promise.all([listCheckRuns(client, sha), listStatuses(client, sha)])
  return [...runs, ...statuses]
}

/** The same promise, with its rejection marked as handled: it is reported where (and if) it is awaited. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined)
  return promise
}
