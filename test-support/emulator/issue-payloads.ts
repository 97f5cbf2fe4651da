import { links, type Site } from './http.js'
import type { Conversation } from './issues.js'
import { pullJson } from './payloads.js'
import type { CommentRecord } from './records.js'

// Issues and issue comments in GitHub's shapes, built on GitHub's documented examples.

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

function person(site: Site, login: string): Json {
  const example = site.host.api.example<Json>('issue-comment').user
  const bot = login.endsWith('[bot]')
  return {
    ...example,
    login,
    type: bot ? 'Bot' : 'User',
    html_url: bot ? `${site.host.url}/apps/${login.slice(0, -5)}` : `${site.host.url}/${login}`
  }
}

function labelJson(site: Site, name: string, index: number): Json {
  const example = site.host.api.example<Json[]>('label-items')[0]!
  return {
    ...example,
    id: 9000 + index,
    node_id: `L_${index}`,
    name,
    url: `${links(site).api}/labels/${encodeURIComponent(name)}`
  }
}

export function labelsJson(site: Site, names: string[]): Json[] {
  return names.map((name, index) => labelJson(site, name, index))
}

/**
 * An issue, or a pull request as the issues API shows it: with a `pull_request` key holding its links (and
 * merged_at), which is how a client tells the two apart.
 */
export function issueJson(site: Site, conversation: Conversation): Json {
  const example = site.host.api.example<Json>('issue')
  const { html, api } = links(site)
  const { repo } = site
  const number = conversation.kind === 'pull' ? conversation.pull.number : conversation.issue.number
  const lockReason = repo.locked.get(number)
  const comments = repo.comments.filter(comment => comment.number === number).length
  const common = {
    ...example,
    id: 500000 + number,
    node_id: `I_${number}`,
    number,
    url: `${api}/issues/${number}`,
    repository_url: api,
    labels_url: `${api}/issues/${number}/labels{/name}`,
    comments_url: `${api}/issues/${number}/comments`,
    events_url: `${api}/issues/${number}/events`,
    assignee: null,
    assignees: [],
    milestone: null,
    pinned_comment: undefined,
    closed_by: null,
    locked: lockReason !== undefined,
    active_lock_reason: lockReason ?? null,
    comments
  }
  if (conversation.kind === 'pull') {
    const pull = pullJson(site, conversation.pull)
    return {
      ...common,
      html_url: pull.html_url,
      title: pull.title,
      body: pull.body,
      user: person(site, conversation.pull.user),
      labels: pull.labels,
      state: pull.state,
      state_reason: null,
      created_at: pull.created_at,
      updated_at: pull.updated_at,
      closed_at: pull.closed_at,
      pull_request: {
        url: pull.url,
        html_url: pull.html_url,
        diff_url: `${pull.html_url}.diff`,
        patch_url: `${pull.html_url}.patch`,
        merged_at: pull.merged_at
      }
    }
  }
  const { issue } = conversation
  return {
    ...common,
    html_url: `${html}/issues/${number}`,
    title: issue.title,
    body: issue.body,
    user: person(site, issue.user),
    labels: labelsJson(site, issue.labels),
    state: issue.state,
    state_reason: issue.stateReason,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    pull_request: undefined
  }
}

export function commentJson(site: Site, comment: CommentRecord): Json {
  const example = site.host.api.example<Json>('issue-comment')
  const { html, api } = links(site)
  const kind = site.repo.pulls.some(pull => pull.number === comment.number) ? 'pull' : 'issues'
  return {
    ...example,
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${html}/${kind}/${comment.number}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.number}`,
    body: comment.body,
    user: person(site, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    // A bot is no collaborator; a person is one when the collaborators control gave them a role.
    author_association: site.repo.roles.has(comment.user) ? 'COLLABORATOR' : 'NONE'
  }
}
