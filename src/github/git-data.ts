import { ActionError } from '../errors.js'
import { call, explain, statusOf, type RepoClient } from './client.js'

const WRITE = 'contents: write'

export interface FileChange {
  path: string
  content: string
}

/**
 * One commit of file changes on top of `parent`, made with the Git Data API (blob → tree → commit): no checkout,
 * no git push. Returns the new commit's sha; the branch is not moved yet.
 */
export async function commitFiles(
  gh: RepoClient,
  parent: string,
  files: readonly FileChange[],
  message: string
): Promise<string> {
  const purpose = (action: string) => ({ action, permission: WRITE })
  const { data: parentCommit } = await call(
    { action: `read commit ${parent.slice(0, 7)}`, permission: 'contents: read' },
    () => gh.octokit.rest.git.getCommit({ owner: gh.owner, repo: gh.repo, commit_sha: parent })
  )
  const blobs = await Promise.all(
    files.map(file =>
      call(purpose(`store ${file.path}`), () =>
        gh.octokit.rest.git.createBlob({
          owner: gh.owner,
          repo: gh.repo,
          content: Buffer.from(file.content).toString('base64'),
          encoding: 'base64'
        })
      )
    )
  )
  const { data: tree } = await call(purpose('create the release commit tree'), () =>
    gh.octokit.rest.git.createTree({
      owner: gh.owner,
      repo: gh.repo,
      base_tree: parentCommit.tree.sha,
      tree: files.map((file, index) => ({
        path: file.path,
        mode: '100644',
        type: 'blob',
        sha: blobs[index]!.data.sha
      }))
    })
  )
  const { data: commit } = await call(purpose('create the release commit'), () =>
    gh.octokit.rest.git.createCommit({
      owner: gh.owner,
      repo: gh.repo,
      message,
      tree: tree.sha,
      parents: [parent]
    })
  )
  return commit.sha
}

/** The first line of a commit's message. */
export async function commitSubject(gh: RepoClient, sha: string): Promise<string> {
  const { data } = await call(
    { action: `read commit ${sha.slice(0, 7)}`, permission: 'contents: read' },
    () => gh.octokit.rest.git.getCommit({ owner: gh.owner, repo: gh.repo, commit_sha: sha })
  )
  return data.message.split('\n', 1)[0] ?? ''
}

export type BranchUpdate = 'updated' | 'moved'

/**
 * Moves the branch to `sha` only as a fast-forward (never forced). 'moved' when the branch got new commits
 * meanwhile; branch protection and rulesets become an error that says what to do.
 */
export async function fastForwardBranch(gh: RepoClient, branch: string, sha: string): Promise<BranchUpdate> {
  try {
    await gh.octokit.rest.git.updateRef({
      owner: gh.owner,
      repo: gh.repo,
      ref: `heads/${branch}`,
      sha,
      force: false
    })
    return 'updated'
  } catch (error) {
    const status = statusOf(error)
    const message = String(
      (error as { response?: { data?: { message?: unknown } } }).response?.data?.message ??
        (error as Error).message
    )
    if (status === 422 && /fast.?forward/i.test(message)) return 'moved'
    if (status === 422 || status === 409 || (status === 403 && /protect|rule/i.test(message))) {
      throw new ActionError(
        'missing-permission',
        `GitHub refused to update ${branch} with the version commit (${status}: ${message}). Branch protection or a ruleset ` +
          `blocks it: allow the token's actor to bypass them (e.g. a GitHub App in the bypass list), or set commit-version: false ` +
          `and keep the version out of the repository.`,
        { input: 'commit-version', permission: WRITE }
      )
    }
    throw explain(error, { action: `update ${branch} with the version commit`, permission: WRITE })
  }
}
