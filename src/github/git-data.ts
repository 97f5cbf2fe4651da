import { ActionError } from '../errors.js'
import { call, explain, messageOf, PERMISSION, statusOf, type RepoClient } from './client.js'

export interface FileChange {
  path: string
  content: string
}

/**
 * One commit of file changes on top of `parent`, made with the Git Data API (blob → tree → commit): no checkout,
 * no git push. Returns the new commit's sha; the branch is not moved yet.
 */
export async function commitFiles(
  client: RepoClient,
  parent: string,
  files: readonly FileChange[],
  message: string
): Promise<string> {
  const purpose = (action: string) => ({ action, permission: PERMISSION.contentsWrite })
  const { data: parentCommit } = await call(
    { action: `read commit ${parent.slice(0, 7)}`, permission: PERMISSION.contentsRead },
    () => client.octokit.rest.git.getCommit({ owner: client.owner, repo: client.repo, commit_sha: parent })
  )
  // The files go inside the tree request (GitHub stores each as a blob): one write, not one per file, and writes
  // are what GitHub's secondary limits and Octokit's throttling space out (about a second apart).
  const { data: tree } = await call(purpose('create the release commit tree'), () =>
    client.octokit.rest.git.createTree({
      owner: client.owner,
      repo: client.repo,
      base_tree: parentCommit.tree.sha,
      tree: files.map(file => ({ path: file.path, mode: '100644', type: 'blob', content: file.content }))
    })
  )
  const { data: commit } = await call(purpose('create the release commit'), () =>
    client.octokit.rest.git.createCommit({
      owner: client.owner,
      repo: client.repo,
      message,
      tree: tree.sha,
      parents: [parent]
    })
  )
  return commit.sha
}

/** The first line of a commit's message. */
export async function commitSubject(client: RepoClient, sha: string): Promise<string> {
  const { data } = await call(
    { action: `read commit ${sha.slice(0, 7)}`, permission: PERMISSION.contentsRead },
    () => client.octokit.rest.git.getCommit({ owner: client.owner, repo: client.repo, commit_sha: sha })
  )
  return data.message.split('\n', 1)[0] ?? ''
}

export type BranchUpdate = 'updated' | 'moved'

/**
 * Moves the branch to `sha` only as a fast-forward (never forced). 'moved' when the branch got new commits
 * meanwhile; branch protection and rulesets become an error that says what to do.
 */
export async function fastForwardBranch(
  client: RepoClient,
  branch: string,
  sha: string
): Promise<BranchUpdate> {
  try {
    await client.octokit.rest.git.updateRef({
      owner: client.owner,
      repo: client.repo,
      ref: `heads/${branch}`,
      sha,
      force: false
    })
    return 'updated'
  } catch (error) {
    const status = statusOf(error)
    const message = messageOf(error)
    if (status === 422 && /fast.?forward/i.test(message)) return 'moved'
    if (status === 422 || status === 409 || (status === 403 && /protect|rule/i.test(message))) {
      throw new ActionError(
        'missing-permission',
        `GitHub refused to update ${branch} with the version commit (${status}: ${message}). Branch protection or a ruleset ` +
          `blocks it: allow the token's actor to bypass them (e.g. a GitHub App in the bypass list), or set commit-version: false ` +
          `and keep the version out of the repository.`,
        { input: 'commit-version', permission: PERMISSION.contentsWrite }
      )
    }
    throw explain(error, {
      action: `update ${branch} with the version commit`,
      permission: PERMISSION.contentsWrite
    })
  }
}
