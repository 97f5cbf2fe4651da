import { call, callOrNull, lastPageOf, PERMISSION, type RepoClient } from './client.js'

export interface PullRequest {
  number: number
  title: string
  merged: boolean
  mergeCommitSha: string | null
  baseRef: string
  labels: string[]
  mergedBy: string | null
}

/** The pull request as GitHub has it now (an event's copy can be stale: labels change, merges happen). */
export async function getPullRequest(client: RepoClient, number: number): Promise<PullRequest> {
  const { data } = await call(
    { action: `read pull request #${number}`, permission: PERMISSION.pullRequestsRead },
    () => client.octokit.rest.pulls.get({ owner: client.owner, repo: client.repo, pull_number: number })
  )
  return {
    number: data.number,
    title: data.title,
    merged: data.merged,
    mergeCommitSha: data.merge_commit_sha,
    baseRef: data.base.ref,
    labels: data.labels.map(label => label.name),
    mergedBy: data.merged_by?.login ?? null
  }
}

/** The user's role on the repository: admin, maintain, write, triage, read, or none (also for apps and bots). */
export async function getRole(client: RepoClient, username: string): Promise<string> {
  const response = await callOrNull(
    { action: `read the permission of ${username}`, permission: PERMISSION.metadataRead },
    () =>
      client.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: client.owner,
        repo: client.repo,
        username
      })
  )
  return response ? response.data.role_name || response.data.permission : 'none'
}

/** GitHub lists at most 3,000 files of a pull request. */
const MAX_PULL_FILES = 3_000

/** The paths a pull request changed (GitHub lists at most 3,000), pages after the first read together. */
export async function listPullFiles(client: RepoClient, number: number): Promise<string[]> {
  const page = (index: number) =>
    call(
      { action: `list the files of pull request #${number}`, permission: PERMISSION.pullRequestsRead },
      () =>
        client.octokit.rest.pulls.listFiles({
          owner: client.owner,
          repo: client.repo,
          pull_number: number,
          per_page: 100,
          page: index
        })
    )
  const first = await page(1)
  const last = Math.min(lastPageOf(first.headers.link), MAX_PULL_FILES / 100)
  const rest = await Promise.all(Array.from({ length: Math.max(0, last - 1) }, (_, index) => page(index + 2)))
  return [first, ...rest].flatMap(response => response.data.map(file => file.filename))
}
