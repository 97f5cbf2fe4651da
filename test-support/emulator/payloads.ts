import type { GitCommit } from './git.js'
import { links, type Site } from './http.js'
import type {
  CheckRunRecord,
  PullRecord,
  ReleaseRecord,
  StatusRecord,
  WorkflowFile,
  WorkflowRunRecord
} from './records.js'

// JSON in GitHub's shapes, built on GitHub's documented examples so every field the schema asks for is there.

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

function user(site: Site): Json {
  const owner = site.host.api.example<Json>('release').author
  return { ...owner, login: site.repo.owner, html_url: `${site.host.url}/${site.repo.owner}` }
}

export function repositoryJson(site: Site): Json {
  const example = site.host.api.example<Json>('full-repository-default-response')
  const { html, api } = links(site)
  return {
    ...example,
    id: 1296269,
    name: site.repo.name,
    full_name: site.repo.fullName,
    owner: { ...example.owner, login: site.repo.owner },
    html_url: html,
    url: api,
    default_branch: site.repo.defaultBranch,
    language: 'TypeScript',
    source: undefined,
    parent: undefined,
    template_repository: undefined,
    organization: undefined
  }
}

export function commitJson(site: Site, commit: GitCommit): Json {
  const { html, api } = links(site)
  return {
    sha: commit.sha,
    node_id: Buffer.from(`commit:${commit.sha}`).toString('base64'),
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      comment_count: 0
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${html}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    author: null,
    committer: null,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${html}/commit/${sha}`
    }))
  }
}

export function checkRunJson(site: Site, run: CheckRunRecord): Json {
  const example = site.host.api.example<Json>('check-run-paginated').check_runs[0]
  const { html, api } = links(site)
  return {
    ...example,
    id: run.id,
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${html}/runs/${run.id}`,
    details_url: `${html}/runs/${run.id}`,
    check_suite: { id: run.checkSuiteId },
    pull_requests: []
  }
}

export function statusJson(site: Site, status: StatusRecord): Json {
  return {
    url: `${links(site).api}/statuses/${status.sha}`,
    avatar_url: null,
    id: status.id,
    node_id: `S_${status.id}`,
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt
  }
}

/** A draft has no tag yet: GitHub gives it an untagged-… page and no archive URLs. */
export function releaseJson(site: Site, release: ReleaseRecord): Json {
  const example = site.host.api.example<Json>('release')
  const { html, api } = links(site)
  const slug = release.draft ? `untagged-${release.id}` : encodeURIComponent(release.tagName)
  const archive = (kind: string) =>
    release.draft ? null : `${api}/${kind}/${encodeURIComponent(release.tagName)}`
  return {
    ...example,
    id: release.id,
    node_id: `RE_${release.id}`,
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    html_url: `${html}/releases/tag/${slug}`,
    url: `${api}/releases/${release.id}`,
    assets_url: `${api}/releases/${release.id}/assets`,
    upload_url: `${api}/releases/${release.id}/assets{?name,label}`,
    tarball_url: archive('tarball'),
    zipball_url: archive('zipball'),
    author: user(site),
    assets: []
  }
}

export function pullJson(site: Site, pull: PullRecord): Json {
  const example = site.host.api.example<Json>('pull-request')
  const { html, api } = links(site)
  const { repo } = site
  const root = site.host.url
  const label = (name: string, index: number) => ({
    ...example.labels[0],
    id: 9000 + index,
    node_id: `L_${index}`,
    name,
    url: `${api}/labels/${encodeURIComponent(name)}`
  })
  const person = (login: string) => ({
    ...example.user,
    login, // Bots live under /apps/ on GitHub, as merge-queue[bot] → /apps/merge-queue.
    html_url: login.endsWith('[bot]') ? `${root}/apps/${login.slice(0, -5)}` : `${root}/${login}`
  })
  const [headOwner, headName] = pull.headRepo.split('/')
  const now = site.host.clock.iso()
  return {
    ...example,
    id: 700000 + pull.number,
    number: pull.number,
    title: pull.title,
    body: repo.pullBodies.get(pull.number) ?? null,
    locked: repo.locked.has(pull.number),
    active_lock_reason: repo.locked.get(pull.number) ?? null,
    state: pull.state,
    merged: pull.merged,
    mergeable: null,
    merge_commit_sha: pull.mergeCommitSha,
    // GitHub's own example lists a team without the `type` its schema requires.
    requested_teams: [],
    requested_reviewers: [],
    created_at: pull.createdAt ?? example.created_at,
    updated_at: pull.createdAt ?? example.updated_at,
    merged_at: pull.merged ? now : null,
    closed_at: pull.state === 'closed' ? now : null,
    merged_by: pull.mergedBy ? person(pull.mergedBy) : null,
    user: person(pull.user),
    labels: pull.labels.map(label),
    url: `${api}/pulls/${pull.number}`,
    html_url: `${html}/pull/${pull.number}`,
    base: {
      ...example.base,
      ref: pull.baseRef,
      sha: pull.baseSha ?? example.base.sha,
      repo: { ...example.base.repo, name: repo.name, full_name: repo.fullName }
    },
    head: {
      ...example.head,
      ref: pull.headRef,
      sha: pull.headSha,
      repo: {
        ...example.head.repo,
        name: headName,
        full_name: pull.headRepo,
        owner: { ...example.head.repo.owner, login: headOwner }
      }
    }
  }
}

export function workflowJson(site: Site, workflow: WorkflowFile): Json {
  const { html, api } = links(site)
  return {
    ...site.host.api.example<Json>('workflow'),
    id: workflow.id,
    node_id: `W_${workflow.id}`,
    name: workflow.name,
    path: workflow.path,
    state: workflow.state,
    url: `${api}/actions/workflows/${workflow.id}`,
    html_url: `${html}/blob/${site.repo.defaultBranch}/${workflow.path}`,
    badge_url: `${html}/workflows/${workflow.name}/badge.svg`
  }
}

export function runJson(site: Site, run: WorkflowRunRecord): Json {
  const example = site.host.api.example<Json>('workflow-run')
  const { html, api } = links(site)
  const { name, fullName } = site.repo
  return {
    ...example,
    id: run.id,
    name: run.name,
    path: run.path,
    workflow_id: run.workflowId,
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: `CS_${run.checkSuiteId}`,
    head_sha: run.headSha,
    head_branch: run.headBranch,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.createdAt,
    url: `${api}/actions/runs/${run.id}`,
    html_url: `${html}/actions/runs/${run.id}`,
    workflow_url: `${api}/actions/workflows/${run.workflowId}`,
    pull_requests: [],
    repository: { ...example.repository, name, full_name: fullName },
    head_repository: { ...example.head_repository, name, full_name: fullName }
  }
}
