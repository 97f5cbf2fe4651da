import type { GitCommit, GitRepo } from './git.js'
import type { Emulator } from './server.js'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CheckRunRecord {
  id: number
  name: string
  headSha: string
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: string | null
  checkSuiteId: number
  startedAt: string
  completedAt: string | null
}

export interface StatusRecord {
  id: number
  sha: string
  context: string
  state: 'error' | 'failure' | 'pending' | 'success'
  targetUrl: string | null
  description: string | null
  createdAt: string
}

export interface ReleaseRecord {
  id: number
  tagName: string
  targetCommitish: string
  name: string | null
  body: string | null
  draft: boolean
  prerelease: boolean
  makeLatest: string
  createdAt: string
  publishedAt: string | null
}

export interface WorkflowRunRecord {
  id: number
  workflowId: number
  name: string
  path: string
  checkSuiteId: number
  headSha: string
  headBranch: string | null
  event: string
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending'
  conclusion: string | null
  createdAt: string
  updatedAt: string
  inputs: Record<string, unknown>
  /** Scripted progress (dispatched runs); status moves on as time passes. */
  script?: RunScript
  startedMs?: number
  hidden?: boolean
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

/** How a dispatched run behaves: when it starts, how it ends, or that it never ends or never shows up. */
export interface RunScript {
  conclusion: 'success' | 'failure' | 'cancelled' | 'timed_out'
  /** Time queued, then in progress until completion. */
  queuedMs: number
  durationMs: number
  /** Stays in progress forever. */
  never?: boolean
  /** Never appears in the API at all. */
  hidden?: boolean
}

/** How the dispatch endpoint answers: with run details (GitHub since 2026-02-19), 204, or as a server that rejects the field. */
export type DispatchMode = 'details' | 'no-content' | 'rejects-run-details'

export interface PullRecord {
  number: number
  title: string
  state: 'open' | 'closed'
  merged: boolean
  mergeCommitSha: string | null
  baseRef: string
  headRef: string
  headSha: string
  /** owner/name of the head repository: a fork's, for pull requests from forks. */
  headRepo: string
  labels: string[]
  user: string
  mergedBy: string | null
}

export interface WorkflowFile {
  id: number
  path: string
  name: string
  state: 'active' | 'disabled_manually'
}

/** Everything the emulator knows about one repository beyond git: checks, statuses, releases, workflow runs. */
export class RepoState {
  readonly checkRuns: CheckRunRecord[] = []
  readonly statuses: StatusRecord[] = []
  readonly releases: ReleaseRecord[] = []
  readonly runs: WorkflowRunRecord[] = []
  private nextId = 1000
  private readonly workflowIds = new Map<string, WorkflowFile>()
  /** What the next dispatched runs do. */
  runScript: RunScript = { conclusion: 'success', queuedMs: 300, durationMs: 1200 }
  dispatchMode: DispatchMode = 'details'
  readonly pulls: PullRecord[] = []
  /** Collaborators' roles (admin, maintain, write, triage, read); anyone else has none. */
  readonly roles = new Map<string, string>()
  /** Branches whose ref updates GitHub refuses (branch protection). */
  readonly protectedBranches = new Set<string>()

  constructor(
    readonly emulator: Emulator,
    readonly owner: string,
    readonly name: string,
    readonly git: GitRepo,
    public defaultBranch: string
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`
  }

  id(): number {
    return this.nextId++
  }

  addCheckRun(
    sha: string,
    input: {
      name: string
      status?: CheckRunRecord['status']
      conclusion?: string | null
      checkSuiteId?: number
    }
  ): CheckRunRecord {
    const status = input.status ?? 'completed'
    const record: CheckRunRecord = {
      id: this.id(),
      name: input.name,
      headSha: sha,
      status,
      conclusion: status === 'completed' ? (input.conclusion ?? 'success') : null,
      checkSuiteId: input.checkSuiteId ?? this.id(),
      startedAt: now(),
      completedAt: status === 'completed' ? now() : null
    }
    this.checkRuns.push(record)
    return record
  }

  completeCheckRun(id: number, conclusion: string): void {
    const run = this.checkRuns.find(candidate => candidate.id === id)
    if (!run) throw new Error(`No check run ${id}`)
    Object.assign(run, { status: 'completed', conclusion, completedAt: now() })
  }

  addStatus(sha: string, context: string, state: StatusRecord['state']): StatusRecord {
    const record: StatusRecord = {
      id: this.id(),
      sha,
      context,
      state,
      targetUrl: null,
      description: null,
      createdAt: now()
    }
    this.statuses.push(record)
    return record
  }

  addRun(input: Partial<WorkflowRunRecord> & { headSha: string }): WorkflowRunRecord {
    const record: WorkflowRunRecord = {
      id: this.id(),
      workflowId: 1,
      name: 'Release',
      path: '.github/workflows/release.yml',
      checkSuiteId: this.id(),
      headBranch: this.defaultBranch,
      event: 'schedule',
      status: 'in_progress',
      conclusion: null,
      createdAt: now(),
      updatedAt: now(),
      inputs: {},
      ...input
    }
    this.runs.push(record)
    return record
  }

  /** Workflow files at a ref, as .github/workflows/*.yml in git; ids stay stable per path. */
  async workflows(ref = this.defaultBranch): Promise<WorkflowFile[]> {
    const listing = await this.git.git(['ls-tree', '--name-only', ref, '.github/workflows/']).catch(() => '')
    return listing
      .split('\n')
      .filter(path => /\.ya?ml$/.test(path))
      .map(path => {
        let workflow = this.workflowIds.get(path)
        if (!workflow) {
          workflow = {
            id: 160000 + this.workflowIds.size,
            path,
            name: path.split('/').pop()!,
            state: 'active'
          }
          this.workflowIds.set(path, workflow)
        }
        return workflow
      })
  }

  async workflow(idOrFile: string): Promise<WorkflowFile | null> {
    const all = await this.workflows()
    return (
      all.find(workflow => String(workflow.id) === idOrFile || workflow.path.endsWith(`/${idOrFile}`)) ?? null
    )
  }

  /** Moves scripted runs along: queued, then in progress, then completed (unless they never finish). */
  advance(run: WorkflowRunRecord): WorkflowRunRecord {
    if (!run.script || run.status === 'completed') return run
    const age = Date.now() - (run.startedMs ?? Date.now())
    const status =
      age < run.script.queuedMs
        ? 'queued'
        : run.script.never || age < run.script.queuedMs + run.script.durationMs
          ? 'in_progress'
          : 'completed'
    if (status !== run.status) {
      run.status = status
      run.updatedAt = now()
      if (status === 'completed') run.conclusion = run.script.conclusion
    }
    return run
  }

  visibleRuns(): WorkflowRunRecord[] {
    return this.runs.filter(run => !run.hidden).map(run => this.advance(run))
  }

  // ---- JSON in GitHub's shapes, built on GitHub's documented examples ----

  private get links() {
    return this.emulator.links(this)
  }

  private user(): Json {
    const owner = this.emulator.api.example<Json>('release').author
    return { ...owner, login: this.owner, html_url: `${this.emulator.url}/${this.owner}` }
  }

  repositoryJson(): Json {
    const example = this.emulator.api.example<Json>('full-repository-default-response')
    return {
      ...example,
      id: 1296269,
      name: this.name,
      full_name: this.fullName,
      owner: { ...example.owner, login: this.owner },
      html_url: this.links.html,
      url: this.links.api,
      default_branch: this.defaultBranch,
      language: 'TypeScript',
      source: undefined,
      parent: undefined,
      template_repository: undefined,
      organization: undefined
    }
  }

  commitJson(commit: GitCommit): Json {
    const { html, api } = this.links
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

  checkRunJson(run: CheckRunRecord): Json {
    const example = this.emulator.api.example<Json>('check-run-paginated').check_runs[0]
    return {
      ...example,
      id: run.id,
      name: run.name,
      head_sha: run.headSha,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      url: `${this.links.api}/check-runs/${run.id}`,
      html_url: `${this.links.html}/runs/${run.id}`,
      details_url: `${this.links.html}/runs/${run.id}`,
      check_suite: { id: run.checkSuiteId },
      pull_requests: []
    }
  }

  statusJson(status: StatusRecord): Json {
    return {
      url: `${this.links.api}/statuses/${status.sha}`,
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

  releaseJson(release: ReleaseRecord): Json {
    const example = this.emulator.api.example<Json>('release')
    const { html, api } = this.links
    const slug = release.draft ? `untagged-${release.id}` : encodeURIComponent(release.tagName)
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
      tarball_url: `${api}/tarball/${release.tagName}`,
      zipball_url: `${api}/zipball/${release.tagName}`,
      author: this.user(),
      assets: []
    }
  }

  pullJson(pull: PullRecord): Json {
    const example = this.emulator.api.example<Json>('pull-request')
    const { html, api } = this.links
    const label = (name: string, index: number) => ({
      ...example.labels[0],
      id: 9000 + index,
      node_id: `L_${index}`,
      name,
      url: `${api}/labels/${encodeURIComponent(name)}`
    })
    const user = (login: string) => ({
      ...example.user,
      login, // Bots live under /apps/ on GitHub, as merge-queue[bot] → /apps/merge-queue.
      html_url: login.endsWith('[bot]')
        ? `${this.emulator.url}/apps/${login.slice(0, -5)}`
        : `${this.emulator.url}/${login}`
    })
    const [headOwner, headName] = pull.headRepo.split('/')
    return {
      ...example,
      id: 700000 + pull.number,
      number: pull.number,
      title: pull.title,
      state: pull.state,
      merged: pull.merged,
      mergeable: null,
      merge_commit_sha: pull.mergeCommitSha,
      // GitHub's own example lists a team without the `type` its schema requires.
      requested_teams: [],
      requested_reviewers: [],
      merged_at: pull.merged ? now() : null,
      closed_at: pull.state === 'closed' ? now() : null,
      merged_by: pull.mergedBy ? user(pull.mergedBy) : null,
      user: user(pull.user),
      labels: pull.labels.map(label),
      url: `${api}/pulls/${pull.number}`,
      html_url: `${html}/pull/${pull.number}`,
      base: {
        ...example.base,
        ref: pull.baseRef,
        repo: { ...example.base.repo, name: this.name, full_name: this.fullName }
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

  workflowJson(workflow: WorkflowFile): Json {
    const { html, api } = this.links
    return {
      ...this.emulator.api.example<Json>('workflow'),
      id: workflow.id,
      node_id: `W_${workflow.id}`,
      name: workflow.name,
      path: workflow.path,
      state: workflow.state,
      url: `${api}/actions/workflows/${workflow.id}`,
      html_url: `${html}/blob/${this.defaultBranch}/${workflow.path}`,
      badge_url: `${html}/workflows/${workflow.name}/badge.svg`
    }
  }

  runJson(run: WorkflowRunRecord): Json {
    const example = this.emulator.api.example<Json>('workflow-run')
    const { html, api } = this.links
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
      repository: { ...example.repository, name: this.name, full_name: this.fullName },
      head_repository: { ...example.head_repository, name: this.name, full_name: this.fullName }
    }
  }
}
