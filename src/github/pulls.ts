import { call, callOrNull, PERMISSION, type RepoClient } from './client.js'

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
