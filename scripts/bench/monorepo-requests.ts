import type { LoggedRequest } from '../../test-support/emulator/server.js'
import type { MonorepoHistory } from '../../test-support/bench/monorepo-history.js'

/**
 * The reads a monorepo run makes once, whatever its packages (schedule trigger, no pull request, 10 tags): the
 * repository with its default branch (GET /repos), the branch's head (git ref), the freeze guardrail's issue search,
 * the green gate's check runs and combined status, and the tags, one page per 100. What a single-package release
 * reads before its history, too.
 */
export const CONSTANT_OPERATIONS = [
  'repos/get',
  'git/get-ref',
  'issues/list-for-repo',
  'checks/list-for-ref',
  'repos/get-combined-status-for-ref',
  'repos/list-tags'
] as const

/** The constant of the budget: one request for each of CONSTANT_OPERATIONS, tags one page per 100. */
export function constantReads(tags: number): number {
  return CONSTANT_OPERATIONS.length - 1 + Math.max(1, Math.ceil(tags / 100))
}

/** One package's share of the budget: its range read 100 a page, its last release found, its path listing. */
export const packageTerm = (range: number) => Math.ceil(range / 100) + 2

export interface PackageRequests {
  name: string
  range: number
  /** ⌈range/100⌉ + 2. */
  term: number
  /** Small compares (per_page=1) from its last tag: finding its last release. */
  compares: number
  /** Pages of its path-filtered commit listing (`GET /commits?path=`). */
  listingPages: number
  own: number
}

export interface RequestBreakdown {
  total: number
  byOperation: Array<[string, number]>
  packages: PackageRequests[]
  /** The shared history read: full compares (per_page=100) from the oldest base, how many times it was read. */
  shared: { base: string | null; reads: number; pages: number }
  /** The package whose last tag the shared read starts from. */
  sharedFrom: string | null
  /** Everything else: the reads made once per run. */
  others: number
  constant: number
  budget: number
  /**
   * What the design reads, exactly: the constant, one compare per package, the shared history once (⌈widest
   * range/100⌉ pages) and each package's path listing (⌈touching/100⌉ pages, at least one).
   */
  design: number
}

/** Requests by operation (GitHub's operationId, or graphql), most first. */
export function byOperation(requests: readonly LoggedRequest[]): Array<[string, number]> {
  const counts = new Map<string, number>()
  for (const request of requests) {
    const operation = request.operationId ?? `${request.method} ${request.path}`
    counts.set(operation, (counts.get(operation) ?? 0) + 1)
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

/**
 * Sorts one run's requests (from the emulator's log) by what they were for: each package's last-release compare
 * (by its base, the package's tag) and path-filtered listing (by its path), the shared history read (compares of
 * 100 a page), and the rest; and sets them against the budget Σ (⌈range/100⌉ + 2) + constant.
 */
export function breakDown(history: MonorepoHistory, requests: readonly LoggedRequest[]): RequestBreakdown {
  const packages = history.packages.map((spec): PackageRequests => ({
    name: spec.name,
    range: spec.range,
    term: packageTerm(spec.range),
    compares: 0,
    listingPages: 0,
    own: 0
  }))
  // Packages whose tags point at the same commit share their compares' base: each takes one in turn.
  const byBase = new Map<string, PackageRequests[]>()
  for (const [index, spec] of history.packages.entries())
    byBase.set(spec.tagSha, [...(byBase.get(spec.tagSha) ?? []), packages[index]!])
  const shared = { base: null as string | null, reads: 0, pages: 0 }
  let classified = 0
  for (const request of requests) {
    const query = new URLSearchParams(request.query)
    if (request.operationId === 'repos/compare-commits-with-basehead') {
      const base = decodeURIComponent(request.path.split('/compare/')[1] ?? '').split('...')[0] ?? ''
      if (query.get('per_page') === '1') {
        const owners = byBase.get(base) ?? []
        const owner = owners.find(entry => entry.compares === 0) ?? owners[0]
        if (owner) {
          owner.compares++
          classified++
        }
      } else {
        shared.base ??= base
        shared.pages++
        if ((query.get('page') ?? '1') === '1') shared.reads++
        classified++
      }
    } else if (request.operationId === 'repos/list-commits' && query.has('path')) {
      const owner = packages.find(entry => `packages/${entry.name}` === query.get('path'))
      if (owner) {
        owner.listingPages++
        classified++
      }
    }
  }
  for (const entry of packages) entry.own = entry.compares + entry.listingPages
  const constant = constantReads(history.packages.length)
  const widest = Math.max(...history.packages.map(spec => spec.range))
  const listings = history.packages.reduce(
    (sum, spec) => sum + Math.max(1, Math.ceil(spec.touching / 100)),
    0
  )
  return {
    total: requests.length,
    byOperation: byOperation(requests),
    packages,
    shared,
    sharedFrom: history.packages.find(spec => spec.tagSha === shared.base)?.name ?? null,
    others: requests.length - classified,
    constant,
    budget: packages.reduce((sum, entry) => sum + entry.term, 0) + constant,
    design: constant + history.packages.length + Math.ceil(widest / 100) + listings
  }
}

/** The operations of the constant part a run made, with how many times each. */
export function constantPart(breakdown: RequestBreakdown): string {
  const made = new Map(breakdown.byOperation)
  return CONSTANT_OPERATIONS.map(operation => `${operation} ×${made.get(operation) ?? 0}`).join(', ')
}
