import { call, callOrNull, PERMISSION, type RepoClient } from './client.js'

export type CheckState = 'success' | 'pending' | 'failure'

/** One check run or commit status, reduced to what the green gate decides on. */
export interface CheckResult {
  name: string
  kind: 'check-run' | 'status'
  state: CheckState
  /** GitHub's own word for it: a conclusion, a status, or a commit status state. */
  detail: string
  url: string | null
  checkSuiteId: number | null
}

const PASSING_CONCLUSIONS = new Set(['success', 'neutral', 'skipped'])

export async function listCheckRuns(client: RepoClient, sha: string): Promise<CheckResult[]> {
  const runs = await call(
    { action: `list the check runs of ${sha.slice(0, 7)}`, permission: PERMISSION.checksRead },
    () =>
      client.octokit.paginate(client.octokit.rest.checks.listForRef, {
        owner: client.owner,
        repo: client.repo,
        ref: sha,
        filter: 'latest',
        per_page: 100
      })
  )
  return runs.map(run => {
    const state: CheckState =
      run.status !== 'completed'
        ? 'pending'
        : PASSING_CONCLUSIONS.has(run.conclusion ?? '')
          ? 'success'
          : 'failure'
    return {
      name: run.name,
      kind: 'check-run',
      state,
      detail: run.status === 'completed' ? (run.conclusion ?? 'completed') : run.status,
      url: run.html_url ?? null,
      checkSuiteId: run.check_suite?.id ?? null
    }
  })
}

/**
 * Commit statuses, latest per context. GitHub's combined `state` is `pending` when there are no statuses at all,
 * so the gate looks at the contexts, never at that summary.
 */
export async function listStatuses(client: RepoClient, sha: string): Promise<CheckResult[]> {
  const purpose = {
    action: `read the commit statuses of ${sha.slice(0, 7)}`,
    permission: PERMISSION.statusesRead
  }
  const statuses: CheckResult[] = []
  for (let page = 1; ; page++) {
    const { data } = await call(purpose, () =>
      client.octokit.rest.repos.getCombinedStatusForRef({
        owner: client.owner,
        repo: client.repo,
        ref: sha,
        per_page: 100,
        page
      })
    )
    for (const status of data.statuses) {
      statuses.push({
        name: status.context,
        kind: 'status',
        state: status.state === 'success' ? 'success' : status.state === 'pending' ? 'pending' : 'failure',
        detail: status.state,
        url: status.target_url ?? null,
        checkSuiteId: null
      })
    }
    if (statuses.length >= data.total_count || data.statuses.length === 0) return statuses
  }
}

/**
 * The check suite of a workflow run, so the gate can leave out the run that is asking. Null when the token may not
 * read Actions: the gate then sees this run's own job as pending, and says so.
 */
export async function getWorkflowRunCheckSuite(client: RepoClient, runId: number): Promise<number | null> {
  const response = await callOrNull(
    { action: `read workflow run ${runId}`, permission: PERMISSION.actionsRead },
    () =>
      client.octokit.rest.actions.getWorkflowRun({ owner: client.owner, repo: client.repo, run_id: runId }),
    [403, 404]
  )
  return response?.data.check_suite_id ?? null
}
