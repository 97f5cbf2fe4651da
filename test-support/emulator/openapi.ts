import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

// GitHub's official REST description. The package entry point parses every variant (~385 MB), so the one file is read.
const require = createRequire(import.meta.url)
const SPEC_PATH = require.resolve('@octokit/openapi/generated/api.github.com.json')

type Json = Record<string, unknown>
type Schema = Json

export interface Operation {
  operationId: string
  method: string
  template: string
  raw: Json
  regex: RegExp
  pathParams: string[]
  literalSegments: number
}

export interface Match {
  operation: Operation
  params: Record<string, string>
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/** OpenAPI 3.0's `nullable` means nothing to Ajv without a `type`; there it becomes "this schema, or null". */
function normaliseNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normaliseNullable)
  if (node === null || typeof node !== 'object') return node
  const out: Json = {}
  for (const [key, value] of Object.entries(node as Json)) out[key] = normaliseNullable(value)
  // Ajv wants null spelled out in an enum of a nullable schema.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null]
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable
    return { anyOf: [out, { type: 'null' }] }
  }
  return out
}

/** Points refs at the shared components document that Ajv knows as `gh`. */
function rebaseRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebaseRefs)
  if (node === null || typeof node !== 'object') return node
  const out: Json = {}
  for (const [key, value] of Object.entries(node as Json)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `gh${value}` : rebaseRefs(value)
  }
  return out
}

function compileTemplate(
  template: string,
  raw: Json,
  parameters: Json[]
): Pick<Operation, 'regex' | 'pathParams' | 'literalSegments'> {
  const pathParams: string[] = []
  let literalSegments = 0
  const source = template
    .split('/')
    .map(segment => {
      const param = /^\{(.+)\}$/.exec(segment)
      if (!param) {
        if (segment) literalSegments++
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      }
      const name = param[1]!
      pathParams.push(name)
      const definition = parameters.find(p => p.name === name && p.in === 'path')
      return definition?.['x-multi-segment'] ? '(.+)' : '([^/]+)'
    })
    .join('/')
  void raw
  return { regex: new RegExp(`^${source}$`), pathParams, literalSegments }
}

export class OpenApi {
  private readonly spec: Json
  private readonly ajv: Ajv
  private readonly operations: Operation[] = []
  private readonly validators = new Map<string, ValidateFunction>()

  private constructor() {
    this.spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Json
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false })
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void
    addFormats(this.ajv)
    this.ajv.addSchema(normaliseNullable({ components: this.spec.components }) as Schema, 'gh')
    for (const [template, item] of Object.entries(this.spec.paths as Json)) {
      for (const method of METHODS) {
        const raw = (item as Json)[method] as Json | undefined
        if (!raw?.operationId) continue
        const parameters = this.parameters(raw)
        this.operations.push({
          operationId: String(raw.operationId),
          method: method.toUpperCase(),
          template,
          raw,
          ...compileTemplate(template, raw, parameters)
        })
      }
    }
    // Literal paths win over templated ones: /releases/latest before /releases/{release_id}.
    this.operations.sort((a, b) => b.literalSegments - a.literalSegments)
  }

  private static instance: OpenApi | null = null

  static load(): OpenApi {
    OpenApi.instance ??= new OpenApi()
    return OpenApi.instance
  }

  private resolve(node: unknown): Json {
    let current = node as Json
    while (typeof current?.$ref === 'string') {
      const path = (current.$ref as string).replace(/^#\//, '').split('/')
      current = path.reduce<Json>(
        (at, key) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')] as Json,
        this.spec
      )
    }
    return current
  }

  parameters(raw: Json): Json[] {
    return ((raw.parameters as unknown[]) ?? []).map(parameter => this.resolve(parameter))
  }

  find(method: string, pathname: string): Match | null {
    for (const operation of this.operations) {
      if (operation.method !== method) continue
      const match = operation.regex.exec(pathname)
      if (!match) continue
      const params: Record<string, string> = {}
      operation.pathParams.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1]!)))
      return { operation, params }
    }
    return null
  }

  operation(operationId: string): Operation {
    const found = this.operations.find(operation => operation.operationId === operationId)
    if (!found) throw new Error(`No operation ${operationId} in GitHub's OpenAPI description`)
    return found
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.validators.get(key)
    if (!validate) {
      validate = this.ajv.compile(rebaseRefs(normaliseNullable(schema)) as Schema)
      this.validators.set(key, validate)
    }
    return validate
  }

  private check(key: string, schema: unknown, value: unknown, where: string): string[] {
    const validate = this.validator(key, schema)
    if (validate(value)) return []
    return (validate.errors ?? [])
      .slice(0, 5)
      .map(error => `${where}${error.instancePath} ${error.message ?? 'is invalid'}`)
  }

  /** What GitHub would reject in this request: path and query parameters by their schemas, and the JSON body. */
  validateRequest(match: Match, query: URLSearchParams, body: unknown): string[] {
    const { operation } = match
    const problems: string[] = []
    for (const parameter of this.parameters(operation.raw)) {
      const name = String(parameter.name)
      const raw =
        parameter.in === 'path' ? match.params[name] : parameter.in === 'query' ? query.get(name) : undefined
      if (raw === undefined || raw === null) {
        if (parameter.required && parameter.in !== 'header')
          problems.push(`${parameter.in} parameter '${name}' is required`)
        continue
      }
      const schema = (parameter.schema ?? {}) as Json
      const value =
        schema.type === 'integer' || schema.type === 'number'
          ? raw.trim() === ''
            ? NaN
            : Number(raw)
          : schema.type === 'boolean'
            ? raw === 'true'
              ? true
              : raw === 'false'
                ? false
                : raw
            : raw
      problems.push(
        ...this.check(
          `${operation.operationId}:param:${name}`,
          schema,
          value,
          `${parameter.in} parameter '${name}'`
        )
      )
    }
    const requestBody = this.resolve(operation.raw.requestBody)
    const schema = (requestBody?.content as Json | undefined)?.['application/json'] as Json | undefined
    if (schema?.schema) {
      if (body === undefined) {
        if (requestBody.required) problems.push('a JSON request body is required')
      } else {
        problems.push(...this.check(`${operation.operationId}:body`, schema.schema, body, 'body'))
      }
    }
    return problems
  }

  /** Where this response departs from what GitHub documents for the status. */
  validateResponse(operation: Operation, status: number, body: unknown): string[] {
    const responses = operation.raw.responses as Json
    const response = this.resolve(responses[String(status)])
    const schema = ((response?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema
    if (!schema || body === undefined) return []
    return this.check(`${operation.operationId}:response:${status}`, schema, body, 'response')
  }

  /** A copy of one of GitHub's documented examples (components/examples), to build realistic responses from. */
  example<T = Json>(name: string): T {
    const example = (this.spec.components as Json).examples as Json
    const found = example[name] as Json | undefined
    if (!found) throw new Error(`No example ${name} in GitHub's OpenAPI description`)
    return structuredClone(found.value) as T
  }
}
