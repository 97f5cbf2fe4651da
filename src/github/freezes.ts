import { explain, PERMISSION, type RepoClient } from './client.js'

export interface FreezeIssue {
  number: number
  title: string
  htmlUrl: string
}

export type FreezeLookup =
  | { found: FreezeIssue | null }
  /** The token may not read issues: a freeze cannot be seen, which the caller must say. */
  | { refused: string }

/**
 * The open issue (or pull request) carrying the freeze label, newest first: one request, whatever the number of
 * issues. A refusal (403, or 404 for a token that cannot see issues) is returned, not thrown.
 */
export async function findFreezeIssue(client: RepoClient, label: string): Promise<FreezeLookup> {
  const purpose = { action: `look for open issues labelled '${label}'`, permission: PERMISSION.issuesRead }
  try {
    const { data } = await client.octokit.rest.issues.listForRepo({
      owner: client.owner,
      repo: client.repo,
      state: 'open',
      labels: label,
      sort: 'created',
      direction: 'desc',
      per_page: 1
    })
    const issue = data[0]
    return { found: issue ? { number: issue.number, title: issue.title, htmlUrl: issue.html_url } : null }
  } catch (error) {
    const explained = explain(error, purpose)
    if (explained.code === 'missing-permission' || explained.code === 'not-found')
      return { refused: explained.message }
    throw explained
  }
}
