import type { OpenApi, Operation } from './openapi.js'

/**
 * How much of each response is checked against GitHub's schema: 'full' every item of every list; 'sample' (the
 * default) the first item of each list and every 50th after it, which catches a serialiser that is wrong for all
 * items at a fraction of the cost; 'off' nothing, for benchmarks only.
 */
export type ResponseValidation = 'full' | 'sample' | 'off'

const EVERY = 50

/** Where a successful response departs from what GitHub documents. */
export function checkResponse(
  api: OpenApi,
  operation: Operation,
  status: number,
  body: unknown,
  mode: ResponseValidation
): string[] {
  if (mode === 'off' || status >= 300) return []
  return api.validateResponse(operation, status, mode === 'full' ? body : sample(body))
}

/** The body with each list, at the top or one level down, cut to its first item and every 50th after it. */
export function sample(body: unknown): unknown {
  if (Array.isArray(body)) return thin(body)
  if (body === null || typeof body !== 'object') return body
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) out[key] = Array.isArray(value) ? thin(value) : value
  return out
}

function thin(list: unknown[]): unknown[] {
  return list.length <= 1 ? list : list.filter((_, index) => index % EVERY === 0)
}
