// Paging as GitHub's GraphQL API pages a connection, and the errors it reports next to partial data.

export type Args = Record<string, unknown>
type Node = Record<string, unknown>

/** An error GitHub reports in `errors` next to partial data, with its `type` (NOT_FOUND, ...). */
export class GraphqlFieldError extends Error {
  constructor(
    message: string,
    readonly type: string,
    /** The client asked for something GitHub refuses (a page without bounds): its test should fail. */
    readonly refusal = false
  ) {
    super(message)
  }
}

const MAX_PAGE = 100

/** GitHub's cursors are opaque; these carry the index after which the next page starts. */
function cursorOf(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64')
}

function indexOf(cursor: unknown): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(String(cursor), 'base64').toString('utf8'))
  if (!match)
    throw new GraphqlFieldError(
      `\`${String(cursor)}\` does not appear to be a valid cursor.`,
      'INVALID_CURSOR_ARGUMENTS',
      true
    )
  return Number(match[1])
}

/**
 * A page of a connection as GitHub cuts it: `first` or `last` is required and at most 100; `after` and `before`
 * are cursors of this connection.
 */
export function connection<T>(name: string, all: readonly T[], args: Args, node: (item: T) => unknown): Node {
  const { first, last, after, before } = args as {
    first?: number
    last?: number
    after?: string
    before?: string
  }
  if (first == null && last == null)
    throw new GraphqlFieldError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
      'MISSING_PAGINATION_BOUNDARIES',
      true
    )
  for (const [bound, value] of [
    ['first', first],
    ['last', last]
  ] as const)
    if (value != null && (value < 0 || value > MAX_PAGE))
      throw new GraphqlFieldError(
        value < 0
          ? `\`${bound}\` on the \`${name}\` connection cannot be less than zero.`
          : `Requesting ${value} records on the \`${name}\` connection exceeds the \`${bound}\` limit of ${MAX_PAGE} records.`,
        'EXCESSIVE_PAGINATION',
        true
      )
  let start = after == null ? 0 : indexOf(after) + 1
  let end = before == null ? all.length : Math.min(all.length, indexOf(before))
  if (first != null) end = Math.min(end, start + first)
  if (last != null) start = Math.max(start, end - last)
  const items = all.slice(start, end)
  const edges = items.map((item, offset) => ({ cursor: cursorOf(start + offset), node: () => node(item) }))
  return {
    totalCount: all.length,
    nodes: () => items.map(node),
    edges,
    pageInfo: {
      hasNextPage: end < all.length,
      hasPreviousPage: start > 0,
      startCursor: items.length > 0 ? cursorOf(start) : null,
      endCursor: items.length > 0 ? cursorOf(end - 1) : null
    }
  }
}
