import * as core from '@actions/core'
import { readConfig } from './config.js'
import { readContext, sameRepository } from './context.js'
import { asActionError, inputError } from './errors.js'
import { createOctokit } from './github/client.js'
import { actionsLog } from './log.js'
import { runPipeline, type Step } from './pipeline.js'
import { buildResult, emptyResult, finish, writeOutputs, writeSummary } from './report.js'
import { systemClock, type RunState } from './run-state.js'
import { branchGate } from './steps/branch-gate.js'
import { deployCheck } from './steps/deploy-check.js'
import { deployStep } from './steps/deploy.js'
import { greenGate } from './steps/green-gate.js'
import { publishStep } from './steps/publish.js'
import { qualityGate } from './steps/quality-gate.js'
import { releaseStep } from './steps/release.js'
import { triggerGate } from './steps/trigger-gate.js'
import { versionCommit } from './steps/version-commit.js'
import { versionStep } from './steps/version.js'

export const STEPS: readonly Step[] = [
  triggerGate,
  branchGate,
  greenGate,
  versionStep,
  qualityGate,
  deployCheck,
  versionCommit,
  releaseStep,
  deployStep,
  publishStep
]

/** config → context → pipeline → report. Every failure ends here, in one place. */
export async function run(): Promise<void> {
  writeOutputs(emptyResult())
  try {
    const config = readConfig(name => core.getInput(name))
    core.setSecret(config.githubToken)
    if (config.beastModeApiKey) core.setSecret(config.beastModeApiKey)
    const context = readContext()
    const repository = config.repository ?? context.workflowRepository
    if (!repository)
      throw inputError(
        'repository',
        'GITHUB_REPOSITORY is not set, so name the repository to release as {owner}/{repo}.'
      )
    const octokit = createOctokit(config.githubToken, context.apiUrl, actionsLog)
    const state: RunState = {
      config,
      context,
      gh: { octokit, owner: repository.owner, repo: repository.repo },
      otherRepository:
        config.repository !== null && !sameRepository(config.repository, context.workflowRepository),
      log: actionsLog,
      clock: systemClock
    }
    const pipeline = await runPipeline(STEPS, state)
    const result = buildResult(state, pipeline)
    writeOutputs(result)
    await writeSummary(result, state.repository?.htmlUrl ?? null)
    finish(result, pipeline.error)
  } catch (error) {
    const failure = asActionError(error)
    const result = emptyResult(failure.message)
    writeOutputs(result)
    await writeSummary(result, null)
    finish(result, failure)
  }
}
