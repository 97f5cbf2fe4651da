import { GitError } from './git.js'
import { HttpError, type Site } from './http.js'
import { setIssueState } from './issues.js'
import { pullJson, repositoryJson } from './payloads.js'
import type { PullRecord, RepoState } from './repo-state.js'

export interface OpenPullInput {
  /** The branch the changes are on, or a commit id. */
  head: string
  /** The branch to merge into (default: the default branch). */
  base?: string
  title: string
  body?: string | null
  labels?: string[]
  /** Who opened it. */
  user?: string
  /** owner/name of the head repository: a fork's, for a pull request from a fork (default: this repository). */
  headRepo?: string
}

export interface MergeInput {
  /** The login that presses the merge button: the `merged_by` the action checks for write access. */
  by: string
  /** merge: a merge commit with both parents (GitHub's default); squash: one commit on the base. */
  method?: 'merge' | 'squash'
  /** The commit message (default: GitHub's, e.g. "Merge pull request #12 from acme/feature" and the title). */
  message?: string
}

async function branchHead(repo: RepoState, branch: string): Promise<string | null> {
  const ref = `refs/heads/${branch}`
  return (await repo.git.refs(ref)).find(found => found.ref === ref)?.commit ?? null
}

/** The pull request with that number, or a 404 that says which numbers exist. */
export function findPull(repo: RepoState, number: number): PullRecord {
  const pull = repo.pulls.find(candidate => candidate.number === number)
  if (pull) return pull
  const known = repo.pulls.map(candidate => `#${candidate.number}`).join(', ') || 'none yet'
  throw new HttpError(404, `No pull request #${number} in ${repo.fullName} (pull requests: ${known})`)
}

/** Opens a pull request from a branch (or a commit) into a branch, as GitHub does: only with commits to merge. */
export async function openPull(repo: RepoState, input: OpenPullInput): Promise<PullRecord> {
  const base = input.base ?? repo.defaultBranch
  const baseSha = await branchHead(repo, base)
  if (!baseSha) throw new HttpError(422, `base: there is no branch '${base}' in ${repo.fullName}`)
  const headSha = (await branchHead(repo, input.head)) ?? (await repo.git.resolveCommit(input.head))
  if (!headSha)
    throw new HttpError(422, `head: '${input.head}' is neither a branch nor a commit of ${repo.fullName}`)
  if ((await repo.git.count(baseSha, headSha)) === 0)
    throw new HttpError(422, `No commits between ${base} and ${input.head}: there is nothing to merge`)
  const pull: PullRecord = {
    number: repo.nextNumber(),
    title: input.title,
    state: 'open',
    merged: false,
    mergeCommitSha: null,
    baseRef: base,
    headRef: input.head,
    headSha,
    baseSha,
    createdAt: repo.clock.iso(),
    headRepo: input.headRepo ?? repo.fullName,
    labels: [...new Set(input.labels ?? [])],
    user: input.user ?? 'octocat',
    mergedBy: null
  }
  repo.pulls.push(pull)
  if (input.body) repo.pullBodies.set(pull.number, input.body)
  return pull
}

const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b/gi

/** Merging into the default branch closes the issues its description names with a closing keyword, as on GitHub. */
function closeReferencedIssues(repo: RepoState, body: string): void {
  for (const [, number] of body.matchAll(CLOSING)) {
    const issue = repo.issues.find(candidate => candidate.number === Number(number))
    if (issue) setIssueState(repo, issue, 'closed', 'completed')
  }
}

/** Adds labels (once each); `by` is remembered as the sender of the `labeled` event. */
export function addLabels(repo: RepoState, pull: PullRecord, labels: string[], by?: string): PullRecord {
  for (const label of labels) if (!pull.labels.includes(label)) pull.labels.push(label)
  if (labels.length > 0) repo.lastLabelled.set(pull.number, { label: labels.at(-1)!, by: by ?? null })
  return pull
}

export function removeLabel(pull: PullRecord, label: string): PullRecord {
  if (!pull.labels.includes(label))
    throw new HttpError(
      404,
      `Pull request #${pull.number} has no label '${label}' (labels: ${pull.labels.join(', ') || 'none'})`
    )
  pull.labels.splice(pull.labels.indexOf(label), 1)
  return pull
}

/**
 * Merges as GitHub's merge button does, on the server side: the merge commit is made with git plumbing (no work
 * tree is touched) and the base branch moves to it only if it has not moved meanwhile.
 */
export async function mergePull(repo: RepoState, pull: PullRecord, input: MergeInput): Promise<PullRecord> {
  if (pull.merged) throw new HttpError(405, `Pull request #${pull.number} is already merged`)
  if (pull.state !== 'open') throw new HttpError(405, `Pull request #${pull.number} is closed`)
  const baseSha = await branchHead(repo, pull.baseRef)
  if (!baseSha) throw new HttpError(422, `The base branch '${pull.baseRef}' no longer exists`)
  // A pull request follows its branch: commits pushed since it was opened are merged too.
  const headSha = (await branchHead(repo, pull.headRef)) ?? pull.headSha
  let tree: string
  try {
    tree = (await repo.git.git(['merge-tree', '--write-tree', baseSha, headSha])).split('\n')[0]!.trim()
  } catch (error) {
    if (!(error instanceof GitError)) throw error
    throw new HttpError(409, `Pull request #${pull.number} has merge conflicts with ${pull.baseRef}`)
  }
  const method = input.method ?? 'merge'
  const [headOwner] = pull.headRepo.split('/')
  const message =
    input.message ??
    (method === 'merge'
      ? `Merge pull request #${pull.number} from ${headOwner}/${pull.headRef}\n\n${pull.title}`
      : `${pull.title} (#${pull.number})`)
  const parents = method === 'merge' ? ['-p', baseSha, '-p', headSha] : ['-p', baseSha]
  const date = `${repo.clock.seconds()} +0000`
  const sha = (
    await repo.git.gitEnv(['commit-tree', tree, ...parents, '-m', message], {
      GIT_AUTHOR_NAME: input.by,
      GIT_AUTHOR_EMAIL: `${input.by}@users.noreply.github.com`,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: 'GitHub',
      GIT_COMMITTER_EMAIL: 'noreply@github.com',
      GIT_COMMITTER_DATE: date
    })
  ).trim()
  if (!(await repo.git.updateRef(`refs/heads/${pull.baseRef}`, sha, baseSha)))
    throw new HttpError(409, 'Base branch was modified. Review and try the merge again.')
  Object.assign(pull, { state: 'closed', merged: true, mergeCommitSha: sha, mergedBy: input.by, headSha })
  if (pull.baseRef === repo.defaultBranch) closeReferencedIssues(repo, repo.pullBodies.get(pull.number) ?? '')
  return pull
}

/**
 * The two commits a pull request's diff (its files) lies between: where its head left the base, and its head. An
 * open pull request follows its branches (their tips now, as syncPull records them). A merged one keeps what was
 * merged: the head recorded at merge time, and the base as it stood then, which is the merge commit's first parent
 * (both merge methods make the merge commit on the base tip), so commits added to the base later do not show.
 */
export async function pullDiffRange(
  repo: RepoState,
  pull: PullRecord
): Promise<{ base: string; head: string }> {
  const open = pull.state === 'open'
  const head = (open ? await branchHead(repo, pull.headRef) : null) ?? pull.headSha
  const merge = pull.merged && pull.mergeCommitSha ? await repo.git.commit(pull.mergeCommitSha) : null
  const baseTip =
    merge?.parents[0] ??
    (open ? await branchHead(repo, pull.baseRef) : null) ??
    pull.baseSha ??
    (await branchHead(repo, pull.baseRef)) ??
    head
  return { base: (await repo.git.mergeBase(baseTip, head)) ?? baseTip, head }
}

export type PullAction = 'opened' | 'closed' | 'labeled' | 'unlabeled' | 'reopened' | 'synchronize' | 'edited'

/** An open pull request follows its branches: its head and base are their tips now (after pushes to either). */
export async function syncPull(repo: RepoState, pull: PullRecord): Promise<PullRecord> {
  if (pull.state !== 'open') return pull
  pull.headSha = (await branchHead(repo, pull.headRef)) ?? pull.headSha
  pull.baseSha = (await branchHead(repo, pull.baseRef)) ?? pull.baseSha
  return pull
}

/** Edits the title or the description, as the `edited` event follows. */
export function editPull(
  repo: RepoState,
  pull: PullRecord,
  edit: { title?: string; body?: string | null }
): PullRecord {
  if (edit.title !== undefined) pull.title = edit.title
  if (edit.body === null) repo.pullBodies.delete(pull.number)
  else if (edit.body !== undefined) repo.pullBodies.set(pull.number, edit.body)
  return pull
}

/**
 * The `pull_request` (and `pull_request_target`) event GitHub delivers, for GITHUB_EVENT_PATH. Its sender is, by
 * default, who merged it (closed) or who added the label last (labeled), as on GitHub.
 */
export function pullEvent(
  site: Site,
  pull: PullRecord,
  action: PullAction,
  options: { label?: string; sender?: string } = {}
): Record<string, unknown> {
  const labelled = site.repo.lastLabelled.get(pull.number)
  const label =
    action === 'labeled' || action === 'unlabeled' ? (options.label ?? labelled?.label) : undefined
  const sender =
    options.sender ??
    (action === 'closed' ? pull.mergedBy : action === 'labeled' ? labelled?.by : null) ??
    pull.user
  return {
    action,
    number: pull.number,
    pull_request: { ...pullJson(site, pull), body: site.repo.pullBodies.get(pull.number) ?? null },
    ...(label === undefined ? {} : { label: { name: label } }),
    repository: repositoryJson(site),
    sender: { login: sender, type: sender.endsWith('[bot]') ? 'Bot' : 'User' }
  }
}
