import { fillPlaceholders } from '../domain/placeholders.js'
import { releaseFacts } from '../domain/release-facts.js'
import { inputError } from '../errors.js'
import { isValidRefName } from './git-ref.js'
import { quoted, type CommandLine, type Inputs } from './readers.js'
import { checkPlaceholders, SAMPLE_VERSIONS } from './version.js'

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
  /** After a failed deploy, deploy the previous release again. */
  rollback: boolean
  /** With deploy-command: what deploys the previous release again. */
  rollbackCommand: CommandLine | null
}

const MAX_DISPATCH_INPUTS = 25
const WORKFLOW_FILE = /^(?!.*\.\.)\w[\w.-]{0,99}\.ya?ml$/
const WORKFLOW_ID = /^[1-9]\d{0,14}$/
const WORKFLOWS_FOLDER = '.github/workflows/'

/** A workflow file name or id; `.github/workflows/deploy.yml` is that file's name, any other path is refused. */
export function readWorkflow(input: Inputs): string | null {
  const value = input.text('deploy-workflow')
  if (value === '') return null
  const name = value.startsWith(WORKFLOWS_FOLDER) ? value.slice(WORKFLOWS_FOLDER.length) : value
  if (WORKFLOW_ID.test(name) || WORKFLOW_FILE.test(name)) return name
  throw inputError(
    'deploy-workflow',
    `${quoted(value)} is not a workflow file name (such as deploy.yml, in .github/workflows of the repository released) or a workflow id.`
  )
}

/**
 * A ref the dispatch can name, whatever the release: placeholders are filled with sample releases, and each result
 * must be what `git check-ref-format --allow-onelevel` accepts.
 */
function readDeployRef(input: Inputs, tagPrefix: string): string {
  const value = input.text('deploy-ref', { max: 200 }) || '{tag}'
  checkPlaceholders('deploy-ref', value)
  // What branch and tag names are made of in practice; git allows more (quotes, '$', '#'), GitHub's UI does not.
  if (!/^[A-Za-z0-9._/+{}-]+$/.test(value) || value === 'HEAD')
    throw inputError(
      'deploy-ref',
      `${quoted(value)} is not a branch or tag such as {tag}, main or refs/heads/main: use letters, digits, '.', '_', '-', '+' and '/'.`
    )
  const other = /\{(sha|previous-version)\}/.exec(value)
  if (other)
    throw inputError(
      'deploy-ref',
      `{${other[1]}} cannot name the ref: a dispatch runs at a branch or tag of this release; use {tag} or {version}.`
    )
  const samples = SAMPLE_VERSIONS.map(version =>
    fillPlaceholders(
      value,
      releaseFacts({ version, tag: `${tagPrefix}${version}`, previousVersion: null }, { sha: '', branch: '' })
    )
  )
  // A leading '-' is valid in a full ref name, but not in a branch or tag name, which would read as an option.
  const wrong = samples.find(
    ref => !isValidRefName(ref, { allowOneLevel: true }) || /[{}]/.test(ref) || ref.startsWith('-')
  )
  if (wrong !== undefined)
    throw inputError(
      'deploy-ref',
      `${quoted(value)} is not a git ref such as {tag}, main or refs/heads/main (filled in, it could be ${quoted(wrong)}).`
    )
  if (/^refs\//.test(value) && !/^refs\/(heads|tags)\//.test(value))
    throw inputError(
      'deploy-ref',
      `${quoted(value)} is neither a branch nor a tag (refs/heads/… or refs/tags/…).`
    )
  return value
}

export function readDeployInputs(input: Inputs): Record<string, string> {
  const entries = input.map('deploy-inputs', '{"environment": "production"}')
  if (entries.size > MAX_DISPATCH_INPUTS) {
    throw inputError(
      'deploy-inputs',
      `${entries.size} inputs; GitHub accepts at most ${MAX_DISPATCH_INPUTS} for a workflow_dispatch.`
    )
  }
  for (const value of entries.values()) checkPlaceholders('deploy-inputs', value)
  // A prototype-less object: no key can reach a prototype wherever it is looked up.
  return Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(entries))
}

export function readDeployConfig(input: Inputs, tagPrefix: string): DeployConfig {
  const deployWorkflow = readWorkflow(input)
  const command = input.text('deploy-command')
  if (deployWorkflow !== null && command !== '')
    throw inputError('deploy-command', 'set deploy-workflow or deploy-command, not both.')
  const deployRef = readDeployRef(input, tagPrefix)
  const deployInputs = readDeployInputs(input)
  // Both belong to the dispatch: without a workflow they would be ignored without a word.
  if (deployWorkflow === null && input.text('deploy-ref') !== '')
    throw inputError(
      'deploy-ref',
      'it is used only with deploy-workflow: set that too, or leave deploy-ref empty.'
    )
  if (deployWorkflow === null && Object.keys(deployInputs).length > 0)
    throw inputError(
      'deploy-inputs',
      `they are used only with deploy-workflow: set that too, or leave deploy-inputs empty${command === '' ? '' : ' (deploy-command gets the release in RELEASE_* variables)'}.`
    )
  const deployWait = input.boolean('deploy-wait')
  return {
    deployWorkflow,
    deployRef,
    deployInputs,
    deployWait,
    deployTimeoutSeconds: input.duration('deploy-timeout'),
    deployCommand: command === '' ? null : input.command('deploy-command', command),
    ...readRollback(input, { workflow: deployWorkflow !== null, command: command !== '', deployWait })
  }
}

function readRollback(
  input: Inputs,
  deploy: { workflow: boolean; command: boolean; deployWait: boolean }
): Pick<DeployConfig, 'rollback' | 'rollbackCommand'> {
  const rollback = input.boolean('rollback')
  const text = input.text('rollback-command')
  if (!rollback) {
    if (text !== '')
      throw inputError(
        'rollback-command',
        'it is used only with rollback: true; set that too, or leave it empty.'
      )
    return { rollback, rollbackCommand: null }
  }
  if (!deploy.workflow && !deploy.command)
    throw inputError(
      'rollback',
      'there is no deploy to roll back: set deploy-workflow or deploy-command too.'
    )
  if (deploy.workflow && !deploy.deployWait)
    throw inputError(
      'rollback',
      'a rollback follows a deploy run that failed, which only a run waited for can show: set deploy-wait: true.'
    )
  if (deploy.workflow && text !== '')
    throw inputError(
      'rollback-command',
      'with deploy-workflow the rollback dispatches that workflow at the previous tag; leave rollback-command empty.'
    )
  if (deploy.command && text === '')
    throw inputError(
      'rollback-command',
      'it is empty: with deploy-command, give the command that deploys the previous release (it gets that release in RELEASE_* variables).'
    )
  return { rollback, rollbackCommand: text === '' ? null : input.command('rollback-command', text) }
}
