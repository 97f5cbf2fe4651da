import pLimit from 'p-limit'
import type { SourceCommit } from '../domain/commits.js'
import type { Tag } from '../domain/release-tags.js'
import { capYoungGeneration } from '../young-generation.js'
import { parseArray, parseWithItems } from './json-items.js'
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

/** One string per sha across a read: a commit's sha and the next commit's parent sha are the same text. */
type ShaTable = Map<string, string>

function shared(table: ShaTable, sha: string): string {
  const known = table.get(sha)
  if (known !== undefined) return known
  table.set(sha, sha)
  return sha
}

/** Only what the analysis reads: the sha, the message and the parents (merges bring pull requests in). */
function toSourceCommit(commit: ApiCommit, shas: ShaTable): SourceCommit {
  const parentShas = commit.parents.map(parent => shared(shas, parent.sha))
  return {
    sha: shared(shas, commit.sha),
    message: commit.commit.message,
    parents: parentShas.length,
    parentShas
  }
}

/**
 * What the history keeps of each commit, made as its page arrives: a page's text and the full messages are
 * garbage as soon as the page is read (50,000 commits of GitHub's commit objects are hundreds of megabytes).
 */
export type CommitReader<T> = (commit: SourceCommit) => T

export interface Comparison<T> {
  /** 'ahead' or 'identical' means base is an ancestor of head. */
  status: 'ahead' | 'behind' | 'diverged' | 'identical'
  aheadBy: number
  /** Commits in base..head, oldest first, as the reader made them; complete only when fetched with `compareAll`. */
  commits: T[]
  /** Paths changed between base and head (GitHub lists at most 300). */
  files: string[]
}

type ApiComparePage<T> = {
  status: Comparison<unknown>['status']
  ahead_by: number
  commits: T[]
  files?: Array<{ filename: string }>
}

/**
 * A history page's bytes, read as they arrive. Octokit would parse every answer with a reviver that checks each
 * value for big integers, several times slower than JSON.parse on the megabytes a long history takes; and with
 * `parseSuccessResponseBody: false` it hands back only the body stream and drops the response, whose body undici
 * cancels when the response is garbage-collected first. So the client's own fetch is wrapped for these requests:
 * a successful answer's body is read there, and Octokit gets the status and headers (rate limits, `Link`).
 */
async function readPage<R extends { headers: Record<string, string | number | undefined> }>(
  client: RepoClient,
  send: (request: { fetch: typeof fetch; parseSuccessResponseBody: false }) => Promise<R>
): Promise<{ bytes: Uint8Array; response: R }> {
  const clientFetch =
    (client.octokit.request.endpoint.DEFAULTS.request?.fetch as typeof fetch | undefined) ?? fetch
  let bytes: Uint8Array | null = null
  const response = await send({
    parseSuccessResponseBody: false,
    fetch: async (url, init) => {
      const answer = await clientFetch(url, init)
      if (!answer.ok) return answer
      bytes = new Uint8Array(await answer.arrayBuffer())
      // Not a `new Response`: on Node 24 that global alone loads Node's internal undici, which the client avoids.
      const { status, statusText, url: answered, headers } = answer
      return { status, statusText, url: answered, headers, ok: true, body: null } as Response
    }
  })
  if (bytes === null) throw new Error('GitHub answered a history page without its body')
  return { bytes, response }
}

async function comparePage<T>(
  client: RepoClient,
  base: string,
  head: string,
  read: CommitReader<T>,
  page: number,
  perPage: number,
  shas: ShaTable = new Map()
): Promise<Comparison<T>> {
  const purpose = {
    action: `compare ${base.slice(0, 12)}...${head.slice(0, 12)}`,
    permission: PERMISSION.contentsRead
  }
  const data = await call(purpose, async () => {
    const { bytes } = await readPage(client, request =>
      client.octokit.rest.repos.compareCommitsWithBasehead({
        owner: client.owner,
        repo: client.repo,
        basehead: `${base}...${head}`,
        page,
        per_page: perPage,
        request
      })
    )
    const commit = (value: unknown) => read(toSourceCommit(value as ApiCommit, shas))
    return parseWithItems(bytes, 'commits', commit) as ApiComparePage<T>
  })
  return {
    status: data.status,
    aheadBy: data.ahead_by,
    commits: data.commits,
    files: (data.files ?? []).map(file => file.filename)
  }
}

/** Compares base with head and, when base is an ancestor, reads every commit between them, pages in parallel. */
export async function compareAll<T>(
  client: RepoClient,
  base: string,
  head: string,
  read: CommitReader<T>
): Promise<Comparison<T>> {
  const shas: ShaTable = new Map()
  const first = await comparePage(client, base, head, read, 1, PER_PAGE, shas)
  const comparison: Comparison<T> = { ...first }
  if (first.status !== 'ahead') return comparison
  const pages = Math.ceil(first.aheadBy / PER_PAGE)
  if (pages > PAGE_CONCURRENCY) capYoungGeneration()
  const limit = pLimit(PAGE_CONCURRENCY)
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, index) =>
      limit(async () => (await comparePage(client, base, head, read, index + 2, PER_PAGE, shas)).commits)
    )
  )
  for (const commits of rest) comparison.commits.push(...commits)
  return comparison
}

/** Whether `ancestor` is in the history of `head`, with one small request. */
export async function isAncestor(client: RepoClient, ancestor: string, head: string): Promise<boolean> {
  const data = await comparePage(client, ancestor, head, commit => commit.sha, 1, 1)
  return data.status === 'ahead' || data.status === 'identical'
}

/** The whole history of a commit (used when there is no earlier release): the first page says how many pages follow. */
export async function listAllCommits<T>(
  client: RepoClient,
  sha: string,
  read: CommitReader<T>
): Promise<T[]> {
  const purpose = { action: `list the commits of ${sha.slice(0, 7)}`, permission: PERMISSION.contentsRead }
  const shas: ShaTable = new Map()
  const page = (number: number) =>
    call(purpose, async () => {
      const { bytes, response } = await readPage(client, request =>
        client.octokit.rest.repos.listCommits({
          owner: client.owner,
          repo: client.repo,
          sha,
          per_page: PER_PAGE,
          page: number,
          request
        })
      )
      const commits = parseArray(bytes, value => read(toSourceCommit(value as ApiCommit, shas)))
      return { commits, link: response.headers.link as string | undefined }
    })
  const first = await page(1)
  if (lastPageOf(first.link) > PAGE_CONCURRENCY) capYoungGeneration()
  const limit = pLimit(PAGE_CONCURRENCY)
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, lastPageOf(first.link) - 1) }, (_, index) =>
      limit(async () => (await page(index + 2)).commits)
    )
  )
  return [first.commits, ...rest].flat()
}
