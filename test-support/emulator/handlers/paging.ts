import type { HandlerContext } from '../http.js'

export interface Page<T> {
  items: T[]
  headers: Record<string, string>
}

export function pageParams(query: URLSearchParams, defaultPerPage = 30): { page: number; perPage: number } {
  const page = Math.max(1, Number(query.get('page') ?? 1))
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? defaultPerPage)))
  return { page, perPage }
}

/** GitHub's Link header for a page of `total` items. */
export function linkHeader(
  ctx: HandlerContext,
  path: string,
  page: number,
  perPage: number,
  total: number
): Record<string, string> {
  const last = Math.max(1, Math.ceil(total / perPage))
  const url = (number: number) => {
    const query = new URLSearchParams(ctx.query)
    query.set('per_page', String(perPage))
    query.set('page', String(number))
    return `<${ctx.host.url}${path}?${query.toString()}>`
  }
  const links: string[] = []
  if (page < last) links.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`)
  if (page > 1) links.push(`${url(1)}; rel="first"`, `${url(page - 1)}; rel="prev"`)
  return links.length > 0 ? { link: links.join(', ') } : {}
}

export function paginate<T>(
  ctx: HandlerContext,
  path: string,
  all: readonly T[],
  defaultPerPage = 30
): Page<T> {
  const { page, perPage } = pageParams(ctx.query, defaultPerPage)
  return {
    items: all.slice((page - 1) * perPage, page * perPage),
    headers: linkHeader(ctx, path, page, perPage, all.length)
  }
}
