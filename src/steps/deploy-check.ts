import * as io from '@actions/io'
import { fillInputs, fillPlaceholders, type ReleaseFacts } from '../domain/placeholders.js'
import { dispatchContract, inputProblems } from '../domain/workflow-file.js'
import { getFileText } from '../github/repository.js'
import { getWorkflow } from '../github/workflows.js'
import { blocked, passed, type Step } from '../pipeline.js'
import type { RunState } from '../run-state.js'

/** The facts deploy placeholders are filled with; the sha is the tagged commit (the version commit, if one was made). */
export function releaseFacts(state: RunState): ReleaseFacts {
  const plan = state.version!
  return {
    version: plan.version,
    tag: plan.tag,
    sha: plan.releaseSha,
    'previous-version': plan.previousVersion ?? ''
  }
}

/** Where and with what the deploy workflow is dispatched, from the final release facts. */
export function dispatchTarget(state: RunState): { ref: string; inputs: Record<string, string> } {
  const facts = releaseFacts(state)
  return {
    ref: fillPlaceholders(state.config.deployRef, facts),
    inputs: fillInputs(state.config.deployInputs, facts)
  }
}

/**
 * Settles the deploy before anything is written: the workflow exists, is active, can be dispatched and declares
 * the inputs it will get (GitHub would only say so with a 422 after the tag exists), or the command is installed.
 */
export const deployCheck: Step = {
  id: 'deploy-check',
  title: 'Deploy check',
  async run(state) {
    const { config } = state
    if (config.deployCommand) {
      const program = config.deployCommand.argv[0]!
      if (!program.includes('/') && !(await io.which(program, false))) {
        return blocked(
          `deploy-command cannot run: ${program} is not installed or not on PATH; install it in an earlier step`
        )
      }
      state.deployPlan = { kind: 'command' }
      return passed(`will run ${config.deployCommand.text}`)
    }
    if (!config.deployWorkflow) {
      state.deployPlan = { kind: 'none' }
      return passed('no deploy configured')
    }
    const name = config.deployWorkflow
    const workflow = await getWorkflow(state.gh, name)
    if (!workflow) {
      return blocked(
        `there is no workflow ${name} in ${state.gh.owner}/${state.gh.repo}: check deploy-workflow (a file name in .github/workflows, or an id)`
      )
    }
    if (workflow.state !== 'active') {
      return blocked(
        `the deploy workflow ${workflow.path} is ${workflow.state.replace(/_/g, ' ')}: enable it in the Actions tab`
      )
    }
    const text = await getFileText(state.gh, workflow.path, state.target!.sha)
    const contract = text === null ? null : dispatchContract(text)
    if (contract && !contract.dispatchable) {
      return blocked(
        `${workflow.path} has no workflow_dispatch trigger, so it cannot be dispatched: add 'on: workflow_dispatch' to it`
      )
    }
    const { ref } = dispatchTarget(state)
    const problems = contract ? inputProblems(contract, Object.keys(config.deployInputs)) : []
    if (problems.length > 0) {
      return blocked(
        `${workflow.path} would refuse the dispatch: ${problems.join('; ')} (under on.workflow_dispatch.inputs)`
      )
    }
    state.deployPlan = { kind: 'workflow', workflow }
    return passed(
      `will dispatch ${workflow.path} at ${ref}${text === null ? ' (its file could not be read to check its inputs)' : ''}`
    )
  }
}
