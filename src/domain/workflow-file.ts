import { yaml } from '../yaml.js'

export interface DispatchContract {
  dispatchable: boolean
  /** Inputs declared under on.workflow_dispatch.inputs. */
  inputs: Record<string, { required: boolean; hasDefault: boolean }>
}

/** What a workflow file accepts from a workflow_dispatch, read from its `on:` section. Null when it cannot be read. */
export function dispatchContract(text: string): DispatchContract | null {
  let document: unknown
  try {
    document = yaml().parse(text)
  } catch {
    return null
  }
  if (document === null || typeof document !== 'object') return null
  const on = (document as Record<string, unknown>).on
  if (on === 'workflow_dispatch') return { dispatchable: true, inputs: {} }
  if (Array.isArray(on)) return { dispatchable: on.includes('workflow_dispatch'), inputs: {} }
  if (on === null || typeof on !== 'object' || !('workflow_dispatch' in on))
    return { dispatchable: false, inputs: {} }
  const declared = ((on as Record<string, unknown>).workflow_dispatch as { inputs?: unknown } | null)?.inputs
  const inputs: DispatchContract['inputs'] = {}
  if (declared && typeof declared === 'object') {
    for (const [name, spec] of Object.entries(declared as Record<string, unknown>)) {
      const fields = (spec ?? {}) as { required?: unknown; default?: unknown }
      inputs[name] = { required: fields.required === true, hasDefault: fields.default !== undefined }
    }
  }
  return { dispatchable: true, inputs }
}

/** Problems GitHub would answer with 422 for these inputs, in words a user can act on. */
export function inputProblems(contract: DispatchContract, given: readonly string[]): string[] {
  const problems: string[] = []
  const undeclared = given.filter(name => !(name in contract.inputs))
  if (undeclared.length > 0)
    problems.push(`it does not declare the input${undeclared.length > 1 ? 's' : ''} ${undeclared.join(', ')}`)
  const missing = Object.entries(contract.inputs)
    .filter(([name, input]) => input.required && !input.hasDefault && !given.includes(name))
    .map(([name]) => name)
  if (missing.length > 0)
    problems.push(`it requires ${missing.join(', ')}, which deploy-inputs does not give`)
  return problems
}
