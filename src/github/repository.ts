import { parseVersionFile } from '../domain/version-file.js'
import { call, callOrNull, PERMISSION, type RepoClient } from './client.js'

export interface Repository {
  fullName: string
  defaultBranch: string
  htmlUrl: string
}

export async function getRepository(client: RepoClient): Promise<Repository> {
  const { data } = await call(
    { action: `read the repository ${client.owner}/${client.repo}`, permission: PERMISSION.contentsRead },
    () => client.octokit.rest.repos.get({ owner: client.owner, repo: client.repo })
  )
  return { fullName: data.full_name, defaultBranch: data.default_branch, htmlUrl: data.html_url }
}

/** The commit a branch points at. */
export async function getBranchHead(client: RepoClient, branch: string): Promise<string> {
  const { data } = await call(
    { action: `read the branch ${branch}`, permission: PERMISSION.contentsRead },
    () => client.octokit.rest.git.getRef({ owner: client.owner, repo: client.repo, ref: `heads/${branch}` })
  )
  return data.object.sha
}

/** A text file at a commit, or null when it does not exist there. */
export async function getFileText(client: RepoClient, path: string, ref: string): Promise<string | null> {
  const response = await callOrNull({ action: `read ${path}`, permission: PERMISSION.contentsRead }, () =>
    client.octokit.rest.repos.getContent({ owner: client.owner, repo: client.repo, path, ref })
  )
  const data = response?.data
  if (!data || Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null
  return Buffer.from(data.content, 'base64').toString('utf8')
}

export interface VersionFile {
  path: string
  text: string
  version: string
}

/** The first of the candidate files that exists at the commit and holds a version. */
export async function findVersionFile(
  client: RepoClient,
  candidates: readonly string[],
  ref: string
): Promise<VersionFile | null> {
  for (const path of candidates) {
    const text = await getFileText(client, path, ref)
    const version = text === null ? null : parseVersionFile(path, text)
    if (text !== null && version !== null) return { path, text, version }
  }
  return null
}
