import type { Clock } from './clock.js'
import type { GitRepo } from './git.js'
import { canBeLatest, legacyLatest } from './latest-release.js'
import type {
  CheckRunRecord,
  CommentRecord,
  DispatchMode,
  IssueRecord,
  LockReason,
  PullRecord,
  ReleaseRecord,
  RunScript,
  StatusRecord,
  TokenPermissions,
  WorkflowFile,
  WorkflowRunRecord
} from './records.js'

export type {
  CheckRunRecord,
  CommentRecord,
  DispatchMode,
  IssueRecord,
  LockReason,
  PullRecord,
  ReleaseRecord,
  RunScript,
  StatusRecord,
  TokenPermissions,
  WorkflowFile,
  WorkflowRunRecord
} from './records.js'

/** Everything the emulator knows about one repository beyond git: checks, statuses, releases, workflow runs. */
export class RepoState {
  readonly checkRuns: CheckRunRecord[] = []
  readonly statuses: StatusRecord[] = []
  /** Oldest first, as they were made. */
  readonly releases: ReleaseRecord[] = []
  readonly runs: WorkflowRunRecord[] = []
  /** Tag names in the order GitHub came to show them as the Latest release. */
  readonly latestReleaseHistory: string[] = []
  private latestId: number | null = null
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
  /** Pull request descriptions by number (the action never reads them; events carry them). */
  readonly pullBodies = new Map<number, string>()
  /** The label added last to each pull request, and by whom: the `labeled` event's label and sender. */
  readonly lastLabelled = new Map<number, { label: string; by: string | null }>()
  /** Issues; their numbers and the pull requests' come from one counter (see nextNumber). */
  readonly issues: IssueRecord[] = []
  /** Comments on issues and pull requests, oldest first. */
  readonly comments: CommentRecord[] = []
  /** Locked conversations (issues or pull requests) by number, with the lock reason. */
  readonly locked = new Map<number, LockReason>()
  /** Who the API caller is: the login comments are made as (a GITHUB_TOKEN acts as github-actions[bot]). */
  caller = 'github-actions[bot]'
  /** What the caller's token may write; a 403 "Resource not accessible by integration" otherwise. */
  permissions: TokenPermissions = { issues: 'write', pullRequests: 'write' }

  constructor(
    readonly clock: Clock,
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

  /** The next issue or pull request number: the two share one sequence, as on GitHub. */
  nextNumber(): number {
    const numbers = [...this.pulls, ...this.issues].map(item => item.number)
    return Math.max(0, ...numbers) + 1
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
      startedAt: this.clock.iso(),
      completedAt: status === 'completed' ? this.clock.iso() : null
    }
    this.checkRuns.push(record)
    return record
  }

  completeCheckRun(id: number, conclusion: string): void {
    const run = this.checkRuns.find(candidate => candidate.id === id)
    if (!run) throw new Error(`No check run ${id}`)
    Object.assign(run, { status: 'completed', conclusion, completedAt: this.clock.iso() })
  }

  addStatus(sha: string, context: string, state: StatusRecord['state']): StatusRecord {
    const record: StatusRecord = {
      id: this.id(),
      sha,
      context,
      state,
      targetUrl: null,
      description: null,
      createdAt: this.clock.iso()
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
      createdAt: this.clock.iso(),
      updatedAt: this.clock.iso(),
      inputs: {},
      ...input
    }
    this.runs.push(record)
    return record
  }

  /** The release GitHub shows as Latest: the last one marked so, else as `make_latest: legacy` decides. */
  latestRelease(): ReleaseRecord | null {
    const marked = this.releases.find(release => release.id === this.latestId)
    return marked && canBeLatest(marked) ? marked : legacyLatest(this.releases)
  }

  /**
   * Applies make_latest as GitHub does when a release is published or edited: 'true' makes a published full
   * release the Latest, 'legacy' lets version and date decide, 'false' leaves the Latest as it is.
   */
  markLatest(release: ReleaseRecord, makeLatest: string): void {
    release.makeLatest = makeLatest
    if (canBeLatest(release) && makeLatest === 'true') this.latestId = release.id
    if (makeLatest === 'legacy') this.latestId = legacyLatest(this.releases)?.id ?? null
    this.noteLatest()
  }

  deleteRelease(release: ReleaseRecord): void {
    this.releases.splice(this.releases.indexOf(release), 1)
    if (this.latestId === release.id) this.latestId = null
    this.noteLatest()
  }

  /** Call after any change that may move the Latest (publishing, deleting, a draft or pre-release flag). */
  noteLatest(): void {
    const latest = this.latestRelease()?.tagName
    if (latest !== undefined && latest !== this.latestReleaseHistory.at(-1))
      this.latestReleaseHistory.push(latest)
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
    // Scripted progress runs on real time, so a test that sets the clock still sees its runs finish.
    const age = Date.now() - (run.startedMs ?? Date.now())
    const status =
      age < run.script.queuedMs
        ? 'queued'
        : run.script.never || age < run.script.queuedMs + run.script.durationMs
          ? 'in_progress'
          : 'completed'
    if (status !== run.status) {
      run.status = status
      run.updatedAt = this.clock.iso()
      if (status === 'completed') run.conclusion = run.script.conclusion
    }
    return run
  }

  visibleRuns(): WorkflowRunRecord[] {
    return this.runs.filter(run => !run.hidden).map(run => this.advance(run))
  }
}
