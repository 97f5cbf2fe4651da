import * as io from '@actions/io'
import { fillPlaceholders } from '../domain/placeholders.js'
import { releaseFacts } from '../domain/release-facts.js'
import { dispatchContract, inputProblems } from '../domain/workflow-file.js'
import { getFileText } from '../github/repository.js'
import { getWorkflow } from '../github/workflows.js'
import { blocked, passed, type ReadingStep } from '../pipeline.js'
import type { DeployPlan, Target, VersionPlan } from '../plan.js'

/**
 * Settles the deploy before anything is written: the workflow exists, is active, can be dispatched and declares
 * the inputs it will get (GitHub would only say so with a 422 after the tag exists), or the command is installed.
 */
export const deployCheck: ReadingStep<{ target: Target; version: VersionPlan }, { deployPlan: DeployPlan }> =
  {
    id: 'deploy-check',
    title: 'Deploy check',
    writes: false,
    async run({ target, version }, runtime) {
      const { config, repoClient } = runtime
      if (config.deployCommand) {
        const [program = ''] = config.deployCommand.argv
        if (!program.includes('/') && !(await io.which(program, false))) {
          return blocked(
            `deploy-command cannot run: ${program} is not installed or not on PATH; install it in an earlier step`
          )
        }
        return passed(`will run ${config.deployCommand.text}`, { deployPlan: { kind: 'command' } })
      }
      if (!config.deployWorkflow) return passed('no deploy configured', { deployPlan: { kind: 'none' } })
      const name = config.deployWorkflow
      const workflow = await getWorkflow(repoClient, name)
      if (!workflow) {
        return blocked(
          `there is no workflow ${name} in ${repoClient.owner}/${repoClient.repo}: check deploy-workflow (a file name in .github/workflows, or an id)`
        )
      }
      if (workflow.state !== 'active') {
        return blocked(
          `the deploy workflow ${workflow.path} is ${workflow.state.replace(/_/g, ' ')}: enable it in the Actions tab`
        )
      }
      const text = await getFileText(repoClient, workflow.path, target.sha)
      const contract = text === null ? null : dispatchContract(text)
      if (contract && !contract.dispatchable) {
        return blocked(
          `${workflow.path} has no workflow_dispatch trigger, so it cannot be dispatched: add 'on: workflow_dispatch' to it`
        )
      }
      const problems = contract ? inputProblems(contract, Object.keys(config.deployInputs)) : []
      if (problems.length > 0) {
        return blocked(
          `${workflow.path} would refuse the dispatch: ${problems.join('; ')} (under on.workflow_dispatch.inputs)`
        )
      }
      const ref = fillPlaceholders(config.deployRef, releaseFacts(version, target))
      const unread = text === null ? ' (its file could not be read to check its inputs)' : ''
      return passed(`will dispatch ${workflow.path} at ${ref}${unread}`, {
        deployPlan: { kind: 'workflow', workflow }
      })
    }
  }
