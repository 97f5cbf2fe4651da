import { fillInputs, fillPlaceholders } from '../domain/placeholders.js'
import { releaseFacts, type ReleaseFacts } from '../domain/release-facts.js'
import { asActionError } from '../errors.js'
import { listDispatchRuns } from '../github/workflows.js'
import type { ReleasePlan, ReleaseRecord, RollbackRecord } from '../plan.js'
import type { Runtime } from '../runtime.js'
import { dispatchRun, elapsed, emptyRecord, runDeployCommand, waitForRun } from './deploy-run.js'

type Known = ReleasePlan & { releaseSha: string; release: ReleaseRecord }

/** What a rollback would do, for a dry run. */
export function rollbackPlan(known: Known): string {
  const { previousTag } = known.version
  return previousTag
    ? `would deploy ${previousTag} again (rollback)`
    : 'there is no previous release to roll back to'
}

/** The previous release's facts, as its own deploy had them (its tag, version and commit). */
function previousFacts(known: Known): ReleaseFacts | null {
  const { previousTag, previousVersion, previousSha } = known.version
  if (previousTag === null || previousVersion === null || previousSha === null) return null
  return releaseFacts(
    { version: previousVersion, tag: previousTag, previousVersion: null },
    { sha: previousSha, branch: known.target.branch },
    `${known.repository.htmlUrl}/releases/tag/${encodeURIComponent(previousTag)}`
  )
}

/**
 * Deploys the previous release again after this run's deploy failed: the deploy workflow dispatched at the previous
 * tag with deploy-inputs filled in for it, or rollback-command with its RELEASE_* variables; waited for. Never
 * throws: a rollback that cannot be done is said, loudly, in the record's summary.
 */
export async function rollBack(known: Known, runtime: Runtime): Promise<RollbackRecord> {
  const { deployPlan } = known
  const kind = deployPlan.kind === 'workflow' ? 'workflow' : 'command'
  const facts = previousFacts(known)
  const record: RollbackRecord = { ...emptyRecord(kind), tag: facts?.tag ?? null, summary: '' }
  if (!facts) {
    record.summary = `NOT ROLLED BACK: there is no previous release to roll back to, so production may be left on the failed deploy of ${known.version.tag}`
    return record
  }
  runtime.log.warning(`The deploy of ${known.version.tag} failed; rolling back to ${facts.tag}`)
  try {
    if (deployPlan.kind === 'workflow') {
      const { config, repoClient } = runtime
      const ref = fillPlaceholders(config.deployRef, facts)
      // The run is at the commit its ref points at: the previous tag's, or (for a branch) the branch head's.
      const sha = ref === facts.tag || ref === `refs/tags/${facts.tag}` ? facts.sha : known.releaseSha
      const earlier = new Set(
        (await listDispatchRuns(repoClient, deployPlan.workflow.id, sha)).map(run => run.id)
      )
      const dispatch = {
        workflow: deployPlan.workflow,
        ref,
        inputs: fillInputs(config.deployInputs, facts),
        sha
      }
      const started = runtime.clock.now()
      const run = await dispatchRun(runtime, dispatch, earlier, 'the rollback')
      if (typeof run === 'string') {
        record.summary = `ROLLBACK UNCERTAIN: ${run}; production may be on neither version`
        return record
      }
      record.runId = run.id
      record.runUrl = run.htmlUrl
      record.durationMs = runtime.clock.now() - started
      await waitForRun(runtime, run.id, record, 'rollback')
    } else {
      const command = runtime.config.rollbackCommand
      if (!command) throw new Error('rollback-command is not set')
      const run = await runDeployCommand(runtime, command, facts)
      record.durationMs = run.durationMs
      record.conclusion = run.timedOut
        ? 'timeout'
        : run.exitCode === 0 && !run.missing
          ? 'success'
          : 'failure'
    }
  } catch (error) {
    record.conclusion = record.conclusion || 'failure'
    record.summary = `ROLLBACK FAILED: ${asActionError(error).message}; production may be on neither version`
    return record
  }
  record.summary = describe(record, facts.tag)
  return record
}

function describe(record: RollbackRecord, tag: string): string {
  const run = record.runUrl ? ` (${record.runUrl})` : ''
  const what = record.kind === 'workflow' ? `rollback run ${record.runId}${run}` : 'rollback-command'
  if (record.conclusion === 'success')
    return `rolled back: ${what} deployed ${tag} again in ${elapsed(record.durationMs)}; production is back on ${tag}`
  if (record.conclusion === 'timeout')
    return `ROLLBACK UNFINISHED: ${what} did not finish within deploy-timeout; production may be on neither version`
  return `ROLLBACK FAILED: ${what} concluded ${record.conclusion}; production may be on neither version`
}
