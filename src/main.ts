import * as core from '@actions/core'
import { systemClock } from './clock.js'
import { readConfig, secretsToMask } from './config/index.js'
import { readContext, sameRepository } from './context.js'
import { EarlyReads } from './early-reads.js'
import { asActionError, inputError } from './errors.js'
import { createOctokit } from './github/client.js'
import { ServerTime } from './github/server-time.js'
import { actionsLog } from './log.js'
import { runRelease } from './release-pipeline.js'
import { finish } from './report/exit.js'
import { writeOutputs } from './report/outputs.js'
import { buildResult, emptyResult, errorOf } from './report/result.js'
import { writeSummary } from './report/summary.js'
import type { Runtime } from './runtime.js'

/** config → context → pipeline → report. Every failure ends here, in one place. */
export async function run(): Promise<void> {
  writeOutputs(emptyResult())
  try {
    const read = (name: string) => core.getInput(name)
    // Before anything can print them, valid or not: a refused value is never echoed, and is masked anyway.
    for (const secret of secretsToMask(read)) core.setSecret(secret)
    const config = readConfig(read)
    const context = readContext()
    const repository = config.repository ?? context.workflowRepository
    if (!repository)
      throw inputError(
        'repository',
        'GITHUB_REPOSITORY is not set, so name the repository to release as {owner}/{repo}.'
      )
    const octokit = await createOctokit(config.githubToken, context.apiUrl, actionsLog)
    const serverTime = new ServerTime(systemClock)
    serverTime.watch(octokit)
    const repoClient = { octokit, owner: repository.owner, repo: repository.repo }
    const runtime: Runtime = {
      config,
      context,
      repoClient,
      earlyReads: new EarlyReads(repoClient),
      otherRepository:
        config.repository !== null && !sameRepository(config.repository, context.workflowRepository),
      log: actionsLog,
      clock: systemClock,
      serverTime
    }
    const release = await runRelease(runtime)
    const result = buildResult(config, context, release)
    writeOutputs(result)
    await writeSummary(result, release.facts.repository?.htmlUrl ?? null)
    finish(result, release.error)
  } catch (error) {
    const failure = asActionError(error)
    const result = { ...emptyResult(failure.message), error: errorOf(failure) }
    writeOutputs(result)
    await writeSummary(result, null)
    finish(result, failure)
  }
}
