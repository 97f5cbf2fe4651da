import pLimit from 'p-limit'
import type { SourceCommit } from '../domain/commits.js'
import type { Tag } from '../domain/release-tags.js'
import { call, lastPageOf, PERMISSION, type RepoClient } from './client.js'

const PER_PAGE = 100
// Parallel page fetches stay well under GitHub's secondary limit of 100 concurrent requests.
const PAGE_CONCURRENCY = 8

/** All tags with the commit each points at (annotated tags already peeled by GitHub). */
export async function listTags(client: RepoClient): Promise<Tag[]> {
  const tags = await call({ action: 'list the tags', permission: PERMISSION.contentsRead }, () =>
    client.octokit.paginate(client.octokit.rest.repos.listTags, {
      owner: client.owner,
      repo: client.repo,
      per_page: PER_PAGE
    })
  )
  return tags.map(tag => ({ name: tag.name, sha: tag.commit.sha }))
}

type ApiCommit = { sha: string; commit: { message: string }; parents: Array<{ sha: string }> }

/** Only what the analysis reads: the sha, the message and the parents (merges bring pull requests in). */
function toSourceCommit(commit: ApiCommit): SourceCommit {
  const parentShas = commit.parents.map(parent => parent.sha)
  return { sha: commit.sha, message: commit.commit.message, parents: parentShas.length, parentShas }
}

export interface Comparison {
  /** 'ahead' or 'identical' means base is an ancestor of head. */
  status: 'ahead' | 'behind' | 'diverged' | 'identical'
  aheadBy: number
  /** Commits in base..head, oldest first; complete only when fetched with `compareAll`. */
  commits: SourceCommit[]
  /** Paths changed between base and head (GitHub lists at most 300). */
  files: string[]
}

/** One page of a comparison, reduced to what the analysis reads as it arrives. */
interface ComparePage {
  status: Comparison['status']
  aheadBy: number
  commits: SourceCommit[]
  files: string[]
}

type ApiComparePage = {
  status: Comparison['status']
  ahead_by: number
  commits: ApiCommit[]
  files?: Array<{ filename: string }>
}

/**
 * Octokit parses every answer with a reviver that checks each value for big integers, several times slower than
 * JSON.parse on the megabytes a long history takes; the history pages need no such care, so they are read as text.
 */
const RAW = { parseSuccessResponseBody: false } as const

async function parseRaw<T>(body: unknown): Promise<T> {
  return JSON.parse(await new Response(body as ReadableStream).text()) as T
}

async function comparePage(
  client: RepoClient,
  base: string,
  head: string,
  page: number,
  perPage: number
): Promise<ComparePage> {
  const purpose = {
    action: `compare ${base.slice(0, 12)}...${head.slice(0, 12)}`,
    permission: PERMISSION.contentsRead
  }
  const data = await call(purpose, async () => {
    const response = await client.octokit.rest.repos.compareCommitsWithBasehead({
      owner: client.owner,
      repo: client.repo,
      basehead: `${base}...${head}`,
      page,
      per_page: perPage,
      request: RAW
    })
    return parseRaw<ApiComparePage>(response.data)
  })
  return {
    status: data.status,
    aheadBy: data.ahead_by,
    commits: data.commits.map(toSourceCommit),
    files: (data.files ?? []).map(file => file.filename)
  }
}

/** Compares base with head and, when base is an ancestor, reads every commit between them, pages in parallel. */
export async function compareAll(client: RepoClient, base: string, head: string): Promise<Comparison> {
  const first = await comparePage(client, base, head, 1, PER_PAGE)
  const comparison: Comparison = { ...first }
  if (first.status !== 'ahead') return comparison
  const pages = Math.ceil(first.aheadBy / PER_PAGE)
  const limit = pLimit(PAGE_CONCURRENCY)
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, index) =>
      limit(async () => (await comparePage(client, base, head, index + 2, PER_PAGE)).commits)
    )
  )
  for (const commits of rest) comparison.commits.push(...commits)
  return comparison
}

/** Whether `ancestor` is in the history of `head`, with one small request. */
export async function isAncestor(client: RepoClient, ancestor: string, head: string): Promise<boolean> {
  const data = await comparePage(client, ancestor, head, 1, 1)
  return data.status === 'ahead' || data.status === 'identical'
}

/** The whole history of a commit (used when there is no earlier release): the first page says how many pages follow. */
export async function listAllCommits(client: RepoClient, sha: string): Promise<SourceCommit[]> {
  const purpose = { action: `list the commits of ${sha.slice(0, 7)}`, permission: PERMISSION.contentsRead }
  const page = (number: number) =>
    call(purpose, async () => {
      const response = await client.octokit.rest.repos.listCommits({
        owner: client.owner,
        repo: client.repo,
        sha,
        per_page: PER_PAGE,
        page: number,
        request: RAW
      })
      const commits = (await parseRaw<ApiCommit[]>(response.data)).map(toSourceCommit)
      return { commits, link: response.headers.link }
    })
  const first = await page(1)
  const limit = pLimit(PAGE_CONCURRENCY)
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, lastPageOf(first.link) - 1) }, (_, index) =>
      limit(async () => (await page(index + 2)).commits)
    )
  )
  return [first.commits, ...rest].flat()
}
