import {
  BREAK,
  buildSchema,
  execute,
  GraphQLError,
  parse,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema
} from 'graphql'
import { repositoryNode, RequestScope } from './graphql-nodes.js'
import { GraphqlFieldError } from './graphql-paging.js'
import type { HandlerResult, Host } from './http.js'
import type { RepoState } from './repo-state.js'

// GitHub's GraphQL API (POST /graphql), for the queries clients of the emulator send. Every query is parsed and
// validated against GitHub's published schema (@octokit/graphql-schema), so a query GitHub would refuse is
// refused here, in GitHub's error shape; then graphql-js executes it over graphql-nodes.ts, which reads the same
// git repositories and records as the REST handlers. Executing against the schema also checks every answer's
// shape: a value of the wrong type or a null where GitHub promises none is an error, not a silent departure.

let schema: Promise<GraphQLSchema> | null = null

/** GitHub's schema, loaded and built once per process (~0.4 s) on the first GraphQL request. */
export function githubSchema(): Promise<GraphQLSchema> {
  schema ??= import('@octokit/graphql-schema').then(loaded =>
    buildSchema(loaded.schema.idl, { assumeValidSDL: true })
  )
  return schema
}

type Json = Record<string, unknown>

/** The AST path GitHub names in a validation error: "query name", then fields (by alias) and fragments. */
function pathTo(document: DocumentNode, target: ASTNode | undefined): string[] {
  let path: string[] = []
  if (!target) return path
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (node !== target) return undefined
      path = [...ancestors, node].flatMap(step => {
        if (Array.isArray(step) || !('kind' in step)) return []
        const astNode = step as ASTNode
        if (astNode.kind === 'OperationDefinition')
          return [astNode.name ? `${astNode.operation} ${astNode.name.value}` : astNode.operation]
        if (astNode.kind === 'Field') return [(astNode.alias ?? astNode.name).value]
        if (astNode.kind === 'InlineFragment')
          return [astNode.typeCondition ? `... on ${astNode.typeCondition.name.value}` : '...']
        if (astNode.kind === 'FragmentDefinition') return [`fragment ${astNode.name.value}`]
        return []
      })
      return BREAK
    }
  })
  return path
}

/** graphql-js's words for the refusals clients meet most, in GitHub's (graphql-ruby's) words and codes. */
function githubWording(message: string): { message: string; extensions?: Json } {
  const field = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(message)
  if (field)
    return {
      message: `Field '${field[1]}' doesn't exist on type '${field[2]}'`,
      extensions: { code: 'undefinedField', typeName: field[2], fieldName: field[1] }
    }
  const argument = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./.exec(message)
  if (argument)
    return {
      message: `Field '${argument[2]}' doesn't accept argument '${argument[1]}'`,
      extensions: {
        code: 'argumentNotAccepted',
        name: argument[2],
        typeName: 'Field',
        argumentName: argument[1]
      }
    }
  const required =
    /^Field "(\w+)" argument "(\w+)" of type "\S+" is required, but it was not provided\./.exec(message)
  if (required)
    return {
      message: `Field '${required[1]}' is missing required arguments: ${required[2]}`,
      extensions: {
        code: 'missingRequiredArguments',
        className: 'Field',
        name: required[1],
        arguments: required[2]
      }
    }
  const variable = /^Variable "\$(\w+)" of required type "(\S+)" was not provided\./.exec(message)
  if (variable)
    return {
      message: `Variable $${variable[1]} of type ${variable[2]} was provided invalid value`,
      extensions: { value: null, problems: [{ path: [], explanation: 'Expected value to not be null' }] }
    }
  return { message }
}

function refusal(error: GraphQLError, document: DocumentNode | null): Json {
  const { message, extensions } = githubWording(error.message)
  return {
    ...(document ? { path: pathTo(document, error.nodes?.[0]) } : {}),
    ...(extensions ? { extensions } : {}),
    locations: error.locations ?? [],
    message
  }
}

interface Checked {
  document: DocumentNode | null
  /** GitHub's errors for a query it refuses outright. */
  refused: Json[]
}

export interface GraphqlRequestBody {
  query?: unknown
  variables?: unknown
  operationName?: unknown
}

/**
 * The /graphql endpoint of one emulator. A query's text is parsed and validated once: clients send the same few
 * queries many times, with other variables.
 */
export class GraphqlEndpoint {
  private readonly checked = new Map<string, Checked>()

  constructor(
    private readonly host: Host,
    private readonly repo: (fullName: string) => RepoState | undefined,
    /** Where the refusals and the emulator's own failures are recorded: a test fails on any. */
    private readonly violations: string[]
  ) {}

  private async check(query: string): Promise<Checked> {
    let found = this.checked.get(query)
    if (!found) {
      const github = await githubSchema()
      try {
        const document = parse(query)
        const refused = validate(github, document).map(error => refusal(error, document))
        found = { document, refused }
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error
        found = { document: null, refused: [refusal(error, null)] }
      }
      this.checked.set(query, found)
    }
    return found
  }

  private refuse(errors: Json[], why: string): HandlerResult {
    this.violations.push(`graphql: GitHub would reject this query: ${why}`)
    return { status: 200, body: { errors } }
  }

  /** The answer to one POST /graphql: 200 with `data` and/or `errors`, as GitHub answers. */
  async answer(body: unknown): Promise<HandlerResult> {
    const request = (body ?? {}) as GraphqlRequestBody
    if (typeof request.query !== 'string')
      return this.refuse(
        [{ message: 'A query attribute must be specified and must be a string.' }],
        'no query'
      )
    const { document, refused } = await this.check(request.query)
    if (!document || refused.length > 0)
      return this.refuse(refused, refused.map(error => String(error.message)).join('; '))
    const result = await execute({
      schema: await githubSchema(),
      document,
      rootValue: this.root(),
      variableValues: (request.variables ?? {}) as Json,
      operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
      fieldResolver,
      contextValue: new RequestScope()
    })
    if (result.data === undefined) {
      // Variables that do not fit: GitHub refuses the whole request.
      const errors = (result.errors ?? []).map(error => refusal(error, document))
      return this.refuse(errors, errors.map(error => String(error.message)).join('; '))
    }
    const errors = (result.errors ?? []).map(error => this.executionError(error))
    return { status: 200, body: errors.length > 0 ? { data: result.data, errors } : { data: result.data } }
  }

  /** GitHub's shape for a field that failed; anything but a GraphqlFieldError is the emulator falling short. */
  private executionError(error: GraphQLError): Json {
    const original = error.originalError
    if (!(original instanceof GraphqlFieldError) || original.refusal)
      this.violations.push(
        `graphql: the emulator could not answer ${error.path?.join('.') ?? ''}: ${error.message}`
      )
    return {
      ...(original instanceof GraphqlFieldError ? { type: original.type } : {}),
      path: error.path ?? [],
      locations: error.locations ?? [],
      message: error.message
    }
  }

  private root(): Json {
    return {
      repository: (args: { owner: string; name: string }) => {
        const repo = this.repo(`${args.owner}/${args.name}`)
        if (!repo)
          throw new GraphqlFieldError(
            `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`,
            'NOT_FOUND'
          )
        return repositoryNode({ host: this.host, repo })
      }
    }
  }
}

/**
 * Fields are the nodes' values or functions of the arguments (and the request's scope); a field the nodes lack is
 * not emulated.
 */
const fieldResolver: GraphQLFieldResolver<unknown, RequestScope> = (source, args, request, info) => {
  const node = source as Json
  if (!(info.fieldName in node)) throw new Error(`${info.parentType.name}.${info.fieldName} is not emulated`)
  const value = node[info.fieldName]
  return typeof value === 'function'
    ? (value as (args: unknown, request: RequestScope) => unknown)(args, request)
    : value
}
