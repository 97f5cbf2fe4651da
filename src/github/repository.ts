import { call, callOrNull, type RepoClient } from './client.js'

export interface Repository {
  fullName: string
  defaultBranch: string
  htmlUrl: string
}

export async function getRepository(gh: RepoClient): Promise<Repository> {
  const { data } = await call(
    { action: `read the repository ${gh.owner}/${gh.repo}`, permission: 'contents: read' },
    () => gh.octokit.rest.repos.get({ owner: gh.owner, repo: gh.repo })
  )
  return { fullName: data.full_name, defaultBranch: data.default_branch, htmlUrl: data.html_url }
}

/** The commit a branch points at. */
export async function getBranchHead(gh: RepoClient, branch: string): Promise<string> {
  const { data } = await call({ action: `read the branch ${branch}`, permission: 'contents: read' }, () =>
    gh.octokit.rest.git.getRef({ owner: gh.owner, repo: gh.repo, ref: `heads/${branch}` })
  )
  return data.object.sha
}

/** A text file at a commit, or null when it does not exist there. */
export async function getFileText(gh: RepoClient, path: string, ref: string): Promise<string | null> {
  const response = await callOrNull({ action: `read ${path}`, permission: 'contents: read' }, () =>
    gh.octokit.rest.repos.getContent({ owner: gh.owner, repo: gh.repo, path, ref })
  )
  const data = response?.data
  if (!data || Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null
  return Buffer.from(data.content, 'base64').toString('utf8')
}
