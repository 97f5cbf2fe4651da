import { call, callOrNull, explain, statusOf, type RepoClient } from './client.js'

/** The permissions writing to conversations needs, by GitHub's names, so that a refusal names the missing one. */
export const CONVERSATION_PERMISSION = {
  pullRequestsRead: 'pull-requests: read',
  pullRequestsWrite: 'pull-requests: write',
  issuesRead: 'issues: read',
  issuesWrite: 'issues: write'
} as const

/** An issue or a pull request, as the issues API shows both. */
export interface Conversation {
  number: number
  title: string
  body: string
  /** A pull request (the issues API gives it a `pull_request` key). */
  isPullRequest: boolean
  merged: boolean
  state: 'open' | 'closed'
  locked: boolean
  labels: string[]
  comments: number
}

/** A pull request as the preview needs it: where it comes from and where it goes. */
export interface PreviewPullRequest {
  number: number
  title: string
  body: string
  open: boolean
  headSha: string
  /** owner/name of the head repository; null when it was deleted. */
  headRepository: string | null
  baseRef: string
  baseRepository: string
  labels: string[]
  locked: boolean
}

export interface Comment {
  id: number
  body: string
  url: string
}

const writePermission = (conversation: { isPullRequest: boolean }) =>
  conversation.isPullRequest ? CONVERSATION_PERMISSION.pullRequestsWrite : CONVERSATION_PERMISSION.issuesWrite

export async function getPreviewPullRequest(client: RepoClient, number: number): Promise<PreviewPullRequest> {
  const { data } = await call(
    { action: `read pull request #${number}`, permission: CONVERSATION_PERMISSION.pullRequestsRead },
    () => client.octokit.rest.pulls.get({ owner: client.owner, repo: client.repo, pull_number: number })
  )
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? '',
    open: data.state === 'open' && !data.merged,
    headSha: data.head.sha,
    headRepository: data.head.repo?.full_name ?? null,
    baseRef: data.base.ref,
    baseRepository: data.base.repo.full_name,
    labels: data.labels.map(label => label.name),
    locked: data.locked
  }
}

/** An issue or pull request by number, or null when there is none (or it was deleted or transferred). */
export async function getConversation(client: RepoClient, number: number): Promise<Conversation | null> {
  const response = await callOrNull(
    { action: `read #${number}`, permission: CONVERSATION_PERMISSION.issuesRead },
    () => client.octokit.rest.issues.get({ owner: client.owner, repo: client.repo, issue_number: number }),
    [404, 410]
  )
  if (!response) return null
  const { data } = response
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? '',
    isPullRequest: data.pull_request !== undefined,
    merged: typeof data.pull_request?.merged_at === 'string',
    state: data.state === 'open' ? 'open' : 'closed',
    locked: data.locked,
    labels: data.labels.map(label => (typeof label === 'string' ? label : (label.name ?? ''))),
    comments: data.comments
  }
}

/**
 * Who may have written a marked comment: a bot (the GITHUB_TOKEN's github-actions[bot], an app) or someone with
 * write access to the repository (a personal token's owner). A contributor who pastes the marker into a comment
 * does not get that comment taken for the action's.
 */
const TRUSTED_AUTHORS = new Set(['bot', 'OWNER', 'MEMBER', 'COLLABORATOR'])

function authorOf(comment: { user: { type?: string } | null; author_association: string }): string {
  return comment.user?.type === 'Bot' ? 'bot' : comment.author_association
}

/**
 * The first comment that starts with the marker and was written by the action's kind of author (see
 * TRUSTED_AUTHORS), page by page (it stops at the page that has it), or null.
 */
export async function findMarkedComment(
  client: RepoClient,
  conversation: { number: number; isPullRequest: boolean },
  marker: string
): Promise<Comment | null> {
  const permission = conversation.isPullRequest
    ? CONVERSATION_PERMISSION.pullRequestsRead
    : CONVERSATION_PERMISSION.issuesRead
  return call({ action: `read the comments of #${conversation.number}`, permission }, async () => {
    const pages = client.octokit.paginate.iterator(client.octokit.rest.issues.listComments, {
      owner: client.owner,
      repo: client.repo,
      issue_number: conversation.number,
      per_page: 100
    })
    for await (const page of pages) {
      const found = page.data.find(
        comment => comment.body?.startsWith(marker) && TRUSTED_AUTHORS.has(authorOf(comment))
      )
      if (found) return { id: found.id, body: found.body ?? '', url: found.html_url }
    }
    return null
  })
}

/**
 * Comments once: the request is not retried blindly (a lost answer could mean a comment made), and after a
 * failure that may have happened on GitHub's side the marker is looked for before one more attempt.
 */
export async function createMarkedComment(
  client: RepoClient,
  conversation: { number: number; isPullRequest: boolean },
  marker: string,
  body: string
): Promise<Comment> {
  const purpose = { action: `comment on #${conversation.number}`, permission: writePermission(conversation) }
  const attempt = async () => {
    const { data } = await client.octokit.rest.issues.createComment({
      owner: client.owner,
      repo: client.repo,
      issue_number: conversation.number,
      body,
      request: { retries: 0 }
    })
    return { id: data.id, body: data.body ?? '', url: data.html_url }
  }
  try {
    return await attempt()
  } catch (error) {
    const status = statusOf(error)
    if (status !== null && status < 500) throw explain(error, purpose)
    const landed = await findMarkedComment(client, conversation, marker)
    if (landed) return landed
    return call(purpose, attempt)
  }
}

export async function updateComment(
  client: RepoClient,
  conversation: { number: number; isPullRequest: boolean },
  id: number,
  body: string
): Promise<Comment> {
  const { data } = await call(
    { action: `update comment ${id} on #${conversation.number}`, permission: writePermission(conversation) },
    () =>
      client.octokit.rest.issues.updateComment({
        owner: client.owner,
        repo: client.repo,
        comment_id: id,
        body
      })
  )
  return { id: data.id, body: data.body ?? '', url: data.html_url }
}

/** Adds labels to an issue or pull request; adding one it has already is harmless (GitHub keeps one). */
export async function addLabels(
  client: RepoClient,
  conversation: { number: number; isPullRequest: boolean },
  labels: string[]
): Promise<void> {
  await call({ action: `label #${conversation.number}`, permission: writePermission(conversation) }, () =>
    client.octokit.rest.issues.addLabels({
      owner: client.owner,
      repo: client.repo,
      issue_number: conversation.number,
      labels
    })
  )
}

/** The merged pull requests GitHub associates with a commit (the one that landed it, for a commit on the base). */
export async function mergedPullRequestsOf(client: RepoClient, sha: string): Promise<number[]> {
  const { data } = await call(
    {
      action: `list the pull requests of ${sha.slice(0, 7)}`,
      permission: CONVERSATION_PERMISSION.pullRequestsRead
    },
    () =>
      client.octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        owner: client.owner,
        repo: client.repo,
        commit_sha: sha,
        per_page: 100
      })
  )
  return data.filter(pull => pull.merged_at !== null).map(pull => pull.number)
}

/**
 * The numbers of the closed issues and pull requests that carry the label, most recently updated first, one page
 * of 100: a cheap way to see that the pull requests of a release were all told (they are labelled last).
 */
export async function recentlyLabelled(client: RepoClient, label: string): Promise<Set<number>> {
  const { data } = await call(
    { action: `list the pull requests labelled '${label}'`, permission: CONVERSATION_PERMISSION.issuesRead },
    () =>
      client.octokit.rest.issues.listForRepo({
        owner: client.owner,
        repo: client.repo,
        labels: label,
        state: 'closed',
        sort: 'updated',
        direction: 'desc',
        per_page: 100
      })
  )
  return new Set(data.map(item => item.number))
}
