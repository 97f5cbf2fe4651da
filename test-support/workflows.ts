import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { PROJECT_ROOT } from './run-action.js'

/** This repository's workflows, read as the runner reads them, for the tests that hold them to the action. */

export type Scalar = string | number | boolean | null

export interface Step {
  uses?: string
  run?: string
  with?: Record<string, Scalar>
}

export interface Job {
  'timeout-minutes'?: unknown
  permissions?: unknown
  steps?: Step[]
}

export interface DispatchInput {
  type?: 'string' | 'choice' | 'boolean' | 'number' | 'environment'
  options?: string[]
  default?: Scalar
}

export interface Workflow {
  on: Record<string, { types?: string[]; inputs?: Record<string, DispatchInput> } | null>
  permissions?: unknown
  jobs: Record<string, Job>
}

export interface WorkflowFile {
  file: string
  text: string
  workflow: Workflow
}

const WORKFLOWS = join(PROJECT_ROOT, '.github', 'workflows')

/** The workflows in the fenced `yaml` blocks of a README section (from its `## ` heading to the next). */
export function readmeWorkflows(section: string): Workflow[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf(`\n## ${section}\n`)
  if (start === -1) throw new Error(`README.md has no section '## ${section}'`)
  const end = readme.indexOf('\n## ', start + 1)
  const text = readme.slice(start, end === -1 ? undefined : end)
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map(match => parse(match[1] ?? '') as Workflow)
}

export function readWorkflows(): WorkflowFile[] {
  return readdirSync(WORKFLOWS)
    .filter(name => /\.ya?ml$/.test(name))
    .map(file => {
      const text = readFileSync(join(WORKFLOWS, file), 'utf8')
      return { file, text, workflow: parse(text) as Workflow }
    })
}

/** The steps that run this action from the checkout. */
export const actionSteps = (job: Job): Step[] => (job.steps ?? []).filter(step => step.uses === './')

/** What an expression can see in one run: the event, and its workflow_dispatch inputs (none for other events). */
export interface WorkflowRunContext {
  event: string
  inputs: Record<string, Scalar>
  /** A repository that has set none of the secrets the workflow names (a first run): they are empty. */
  noSecrets?: boolean
}

/** The token `${{ github.token }}` stands for. */
export const WORKFLOW_TOKEN = 'ghs_workflowtesttoken0123456789abcdefAB'

/**
 * A `${{ }}` expression as the runner evaluates it, for the forms the workflows use: `a || b` of `inputs.*`,
 * `github.token`, `secrets.*`, `vars.*` and quoted literals. Anything else throws, so that a new form is taught here
 * rather than passed unchecked.
 */
function evaluate(expression: string, context: WorkflowRunContext): Scalar {
  for (const operand of expression.split('||').map(part => part.trim())) {
    const literal = /^'(.*)'$/.exec(operand)
    const path = /^(inputs|secrets|vars)\.([\w-]+)$/.exec(operand)
    let value: Scalar
    if (literal) value = literal[1]!
    else if (path?.[1] === 'inputs') value = context.inputs[path[2]!] ?? null
    else if (path?.[1] === 'secrets') value = context.noSecrets ? '' : 'secret0123456789'
    else if (path?.[1] === 'vars') value = ''
    else if (operand === 'github.token') value = WORKFLOW_TOKEN
    else throw new Error(`cannot evaluate \${{ ${expression} }}: teach test-support/workflows.ts this form`)
    if (value !== null && value !== '' && value !== false && value !== 0) return value
  }
  return ''
}

/** A value as the runner passes it to the action (INPUT_*): expressions evaluated, scalars as text. */
export function substitute(value: Scalar | undefined, context: WorkflowRunContext): string {
  return String(value ?? '').replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) =>
    String(evaluate(expression, context) ?? '')
  )
}

/** A step's `with:`, as the action receives it in that run. */
export function stepInputs(step: Step, context: WorkflowRunContext): Record<string, string> {
  return Object.fromEntries(
    Object.entries(step.with ?? {}).map(([name, value]) => [name, substitute(value, context)])
  )
}

/**
 * Every run a workflow can start: each combination of its dispatch inputs (each option of a choice, both booleans,
 * a string's default, and for `version` an exact version too), and each other event, which has no inputs.
 */
export function runContexts(workflow: Workflow): WorkflowRunContext[] {
  const contexts: WorkflowRunContext[] = []
  for (const event of Object.keys(workflow.on)) {
    if (event !== 'workflow_dispatch') {
      contexts.push({ event, inputs: {} })
      continue
    }
    let combinations: Array<Record<string, Scalar>> = [{}]
    for (const [name, input] of Object.entries(workflow.on.workflow_dispatch?.inputs ?? {})) {
      const values: Scalar[] =
        input.type === 'choice'
          ? (input.options ?? [])
          : input.type === 'boolean'
            ? [true, false]
            : [input.default ?? '', ...(name === 'version' ? ['1.0.0'] : [])]
      combinations = combinations.flatMap(combination =>
        values.map(value => ({ ...combination, [name]: value }))
      )
    }
    contexts.push(...combinations.map(inputs => ({ event, inputs })))
  }
  return contexts
}
