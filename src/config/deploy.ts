import { inputError } from '../errors.js'
import { quoted, type CommandLine, type Inputs } from './readers.js'
import { checkPlaceholders } from './version.js'

/** The deploy: a workflow dispatched at the new tag, or a command. */
export interface DeployConfig {
  /** The deploy workflow: a file name (deploy.yml) or a numeric id; null for none. */
  deployWorkflow: string | null
  /** Ref to dispatch the deploy at; placeholders allowed (default: the new tag). */
  deployRef: string
  /** Inputs for the deploy workflow, with {version}, {tag}, {sha}, {previous-version} placeholders. */
  deployInputs: Record<string, string>
  /** Wait for the deploy and publish the release only when it succeeded. */
  deployWait: boolean
  /** Seconds to wait for the deploy (workflow run or command). */
  deployTimeoutSeconds: number
  /** A deploy command instead of a workflow, run without a shell. */
  deployCommand: CommandLine | null
}

const MAX_DISPATCH_INPUTS = 25
const WORKFLOW_FILE = /^[\w.-]{1,100}\.ya?ml$/

/** A workflow file name or id; `.github/workflows/deploy.yml` is taken as deploy.yml, any other path refused. */
function readWorkflow(input: Inputs): string | null {
  const value = input.text('deploy-workflow')
  if (value === '') return null
  const name = value.replace(/^\.github\/workflows\//, '')
  if (/^\d{1,15}$/.test(name) || WORKFLOW_FILE.test(name)) return name
  throw inputError(
    'deploy-workflow',
    `${quoted(value)} is not a workflow file name (deploy.yml, in .github/workflows) or a workflow id.`
  )
}

// A ref the dispatch can name: what `git check-ref-format --allow-onelevel` accepts, with {placeholders}.
const REF = /^(?![-/.])(?!.*(?:\.\.|\/\/|\/\.|@\{|\.lock$|\.$|\/$))[A-Za-z0-9._/{}-]{1,200}$/

function readDeployRef(input: Inputs): string {
  const value = input.text('deploy-ref') || '{tag}'
  checkPlaceholders('deploy-ref', value)
  if (!REF.test(value))
    throw inputError(
      'deploy-ref',
      `${quoted(value)} is not a git ref such as {tag}, main or refs/heads/main.`
    )
  return value
}

function readDeployInputs(input: Inputs): Record<string, string> {
  const entries = input.map('deploy-inputs', '{"environment": "production"}')
  if (entries.size > MAX_DISPATCH_INPUTS) {
    throw inputError(
      'deploy-inputs',
      `${entries.size} inputs; GitHub accepts at most ${MAX_DISPATCH_INPUTS} for a workflow_dispatch.`
    )
  }
  for (const value of entries.values()) checkPlaceholders('deploy-inputs', value)
  // A prototype-less object: a key named __proto__ is just a key.
  return Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(entries))
}

export function readDeployConfig(input: Inputs): DeployConfig {
  const deployWorkflow = readWorkflow(input)
  const command = input.text('deploy-command')
  if (deployWorkflow !== null && command !== '')
    throw inputError('deploy-command', 'set deploy-workflow or deploy-command, not both.')
  return {
    deployWorkflow,
    deployRef: readDeployRef(input),
    deployInputs: readDeployInputs(input),
    deployWait: input.boolean('deploy-wait'),
    deployTimeoutSeconds: input.duration('deploy-timeout'),
    deployCommand: command === '' ? null : input.command('deploy-command', command)
  }
}
