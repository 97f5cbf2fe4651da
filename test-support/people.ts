import { mergePull, openPull, pullEvent, syncPull, type PullAction } from './emulator/pull-requests.js'
import type { PullRecord } from './emulator/repo-state.js'
import type { RunOptions } from './run-action.js'
import type { Scenario } from './scenario.js'

export interface BranchInput {
  branch: string
  /** Commit messages on the branch, oldest first. */
  commits: string[]
  title: string
  body?: string
  labels?: string[]
  /** owner/name of a fork the pull request comes from. */
  headRepo?: string
}

/** A branch with commits off main, and a pull request from it into main, opened on the emulator. */
export async function openBranchPull(s: Scenario, input: BranchInput): Promise<PullRecord> {
  s.repo.checkout(input.branch, true)
  for (const [index, message] of input.commits.entries())
    s.repo.commit(message, { [`${input.branch}-${index}.txt`]: message })
  s.repo.checkout('main')
  return openPull(s.state, {
    head: input.branch,
    title: input.title,
    body: input.body ?? null,
    labels: input.labels,
    user: 'contributor-cai',
    headRepo: input.headRepo
  })
}

/** More commits pushed to a pull request's branch. */
export function pushTo(s: Scenario, pull: PullRecord, ...messages: string[]): void {
  s.repo.checkout(pull.headRef)
  for (const message of messages)
    s.repo.commit(message, { [`${pull.headRef}-${message.length}.txt`]: message })
  s.repo.checkout('main')
}

/**
 * The run GitHub would start for a pull request event: the event payload as GitHub delivers it (head and base at
 * their branches' tips now), GITHUB_REF refs/pull/N/merge.
 */
export async function pullRequestRun(
  s: Scenario,
  pull: PullRecord,
  action: PullAction,
  options: { eventName?: 'pull_request' | 'pull_request_target'; label?: string } = {}
): Promise<Partial<RunOptions>> {
  await syncPull(s.state, pull)
  const event = pullEvent({ host: s.emulator, repo: s.state }, pull, action, { label: options.label })
  return {
    eventName: options.eventName ?? 'pull_request',
    event,
    ref: `refs/pull/${pull.number}/merge`,
    sha: pull.headSha
  }
}

/** The bodies of the comments on an issue or pull request, oldest first. */
export function commentsOn(s: Scenario, number: number): string[] {
  return s.state.comments.filter(comment => comment.number === number).map(comment => comment.body)
}

/** Opens a pull request from a new branch and merges it into main as `maintainer-mia` (the working tree follows). */
export async function mergedPull(
  s: Scenario,
  input: BranchInput,
  method: 'merge' | 'squash' = 'squash'
): Promise<PullRecord> {
  const pull = await openBranchPull(s, input)
  await mergePull(s.state, pull, { by: 'maintainer-mia', method })
  // The emulator moved main with git plumbing: the fixture's checkout of main follows it.
  s.repo.git(['reset', '--quiet', '--hard'])
  return pull
}

/** The labels of a pull request or an issue. */
export function labelsOf(s: Scenario, number: number): string[] {
  const pull = s.state.pulls.find(candidate => candidate.number === number)
  return [...(pull?.labels ?? s.state.issues.find(issue => issue.number === number)?.labels ?? [])]
}
