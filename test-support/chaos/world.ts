import type { LoggedRequest } from '../emulator/server.js'
import type { ReleaseRecord, RepoState, WorkflowRunRecord } from '../emulator/repo-state.js'
import type { Scenario } from '../scenario.js'

/** A deploy workflow that takes the version as an input, as the e2e deploy suite uses. */
export const DEPLOY_YML = `name: Deploy
on:
  workflow_dispatch:
    inputs:
      environment:
        description: Where to deploy
        required: true
      version:
        required: false
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh "\${{ inputs.environment }}" "\${{ inputs.version }}"
`

export const PACKAGE_JSON = '{\n  "name": "app",\n  "version": "1.0.0"\n}\n'

export const DEPLOY_INPUTS = {
  'deploy-workflow': 'deploy.yml',
  'deploy-inputs': '{"environment": "production", "version": "{version}"}',
  'deploy-timeout': '60'
}

/** Dispatched deploy runs: short, so that a seed stays within seconds (the action polls every 2 s at first). */
export const QUICK_DEPLOY = { conclusion: 'success', queuedMs: 100, durationMs: 400 } as const

/**
 * A deploy nobody waits for (deploy-wait: false) is still running when the rerun comes, as it usually is in real
 * life; being slower than any seed also keeps what the rerun sees the same on every machine.
 */
export const UNWAITED_DEPLOY = { conclusion: 'success', queuedMs: 100, durationMs: 60_000 } as const

/** A release as an earlier run (or a human) left it, put straight into the emulator's state. */
export function addRelease(
  state: RepoState,
  tagName: string,
  sha: string,
  options: { draft: boolean; makeLatest?: string }
): ReleaseRecord {
  const now = state.clock.iso()
  const record: ReleaseRecord = {
    id: state.id(),
    tagName,
    targetCommitish: sha,
    name: tagName,
    body: `Release ${tagName}`,
    draft: options.draft,
    prerelease: false,
    makeLatest: options.makeLatest ?? 'true',
    createdAt: now,
    publishedAt: options.draft ? null : now
  }
  state.releases.push(record)
  if (!options.draft) state.markLatest(record, record.makeLatest)
  return record
}

export const HOUR = 60 * 60_000

/**
 * Moves everything the emulator recorded about releases and workflow runs `ms` into the past, as if the next run
 * came that much later: drafts look as old as an earlier run's would, and scripted runs have moved on as far.
 */
export function age(state: RepoState, ms: number): void {
  const back = (iso: string) => new Date(Date.parse(iso) - ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
  for (const release of state.releases) {
    release.createdAt = back(release.createdAt)
    if (release.publishedAt) release.publishedAt = back(release.publishedAt)
  }
  for (const run of state.runs) {
    run.createdAt = back(run.createdAt)
    run.updatedAt = back(run.updatedAt)
    if (run.startedMs !== undefined) run.startedMs -= ms
  }
}

export interface TagState {
  name: string
  /** The commit the tag peels to. */
  commit: string
  /** That commit's parents. */
  parents: string[]
  /** Whether the release branch contains that commit. */
  onBranch: boolean
}

export interface DeployRunState {
  id: number
  headSha: string
  headBranch: string | null
  version: string
  status: string
  conclusion: string | null
  /** How it ends (or ended): its conclusion when completed, else what its script will conclude. */
  eventual: string | null
}

/** What the emulator's repository looks like at one moment, copied so later changes do not alter it. */
export interface WorldSnapshot {
  tags: TagState[]
  releases: ReleaseRecord[]
  deployRuns: DeployRunState[]
  latest: string | null
  latestHistory: string[]
  branchHead: string
}

/** Tags as git has them, each peeled to its commit, with where that commit sits. */
export function tagStates(s: Scenario, branch: string): TagState[] {
  const listing = s.repo.git([
    'for-each-ref',
    '--format=%(refname:strip=2) %(objectname) %(*objectname)',
    'refs/tags'
  ])
  return listing
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [name, object, peeled] = line.split(' ')
      const commit = peeled || object!
      const [, ...parents] = s.repo.git(['rev-list', '--parents', '-n', '1', commit]).split(' ')
      const onBranch = s.repo.git(['branch', '--list', '--contains', commit, branch]).trim() !== ''
      return { name: name!, commit, parents, onBranch }
    })
}

function deployRun(state: RepoState, run: WorkflowRunRecord): DeployRunState {
  state.advance(run)
  const script = run.script
  const eventual =
    run.status === 'completed'
      ? run.conclusion
      : script && !script.never && !script.hidden
        ? script.conclusion
        : null
  return {
    id: run.id,
    headSha: run.headSha,
    headBranch: run.headBranch,
    version: String(run.inputs.version ?? ''),
    status: run.status,
    conclusion: run.conclusion,
    eventual
  }
}

export function snapshot(s: Scenario, branch = 'main'): WorldSnapshot {
  const state = s.state
  return {
    tags: tagStates(s, branch),
    releases: state.releases.map(release => ({ ...release })),
    deployRuns: state.runs.filter(run => run.event === 'workflow_dispatch').map(run => deployRun(state, run)),
    latest: state.latestRelease()?.tagName ?? null,
    latestHistory: [...state.latestReleaseHistory],
    branchHead: s.repo.head(branch)
  }
}

/** Whether a logged request wrote and GitHub did it (even when the answer was then lost). */
export function wroteSuccessfully(request: LoggedRequest): boolean {
  if (!request.write) return false
  const status =
    request.faulted && request.handledStatus !== undefined ? request.handledStatus : request.status
  return status >= 200 && status < 300
}
