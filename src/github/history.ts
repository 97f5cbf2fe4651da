import { setImmediate as nextTurn } from 'node:timers/promises'
import type { SourceCommit } from '../domain/commits.js'
import type { Tag } from '../domain/release-tags.js'
import { capYoungGeneration } from '../young-generation.js'
import { parseArray, parseWithItems } from './json-items.js'
import { call, lastPageOf, PERMISSION, type RepoClient } from './client.js'

const PER_PAGE = 100
/**
 * History pages after the first are requested in rounds of this many, sent together (see readRestInRounds). GitHub
 * allows at most 100 concurrent requests, REST and GraphQL together ("About secondary rate limits",
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api): one round of 10 is in flight
 * at a time, well within it. 10 is also what Octokit's throttling plugin lets run at once (its global limiter), so
 * a larger round would leave in two parts, two round trips. A release's budget is ⌈N/800⌉ + 6 round trips in
 * sequence for N commits; the tags, the first page and the five requests of a release take 7, so rounds of 10
 * meet it for any history above 3,200 commits and up to 100; between, 101–800, 1,101–1,600, 2,101–2,400 and
 * 3,101–3,200 commits take one round trip more (from 101 commits, the pages after the first need a round). The
 * per-minute limit (900 points, one per GET) counts requests, not concurrency: rounds do not bring a history
 * nearer to it.
 */
const PAGE_ROUND = 10

/**
 * All tags with the commit each points at (annotated tags already peeled by GitHub). The first page says how many
 * follow (its `Link`); those are read together, not one after another.
 */
export async function listTags(client: RepoClient): Promise<Tag[]> {
  const page = (number: number) =>
    call({ action: 'list the tags', permission: PERMISSION.contentsRead }, () =>
      client.octokit.rest.repos.listTags({
        owner: client.owner,
        repo: client.repo,
        per_page: PER_PAGE,
        page: number
      })
    )
  const first = await page(1)
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, lastPageOf(first.headers.link) - 1) }, (_, index) => page(index + 2))
  )
  return [first, ...rest].flatMap(response =>
    response.data.map(tag => ({ name: tag.name, sha: tag.commit.sha }))
  )
}

type ApiCommit = {
  sha: string
  commit: { message: string; author?: { date?: string } | null; committer?: { date?: string } | null }
  parents: Array<{ sha: string }>
}

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
    parentShas,
    committedAt: earlier(commit.commit.author?.date, commit.commit.committer?.date)
  }
}

/** The earlier of a commit's author and committer dates: `since` filters by one of them (see listPathCommits). */
function earlier(a: string | undefined, b: string | undefined): string | null {
  if (!a || !b) return a ?? b ?? null
  return Date.parse(a) <= Date.parse(b) ? a : b
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
  send: (request: { fetch: typeof fetch; parseSuccessResponseBody: false }) => Promise<R>,
  onSend: () => void = () => undefined
): Promise<{ bytes: Uint8Array; response: R }> {
  const clientFetch =
    (client.octokit.request.endpoint.DEFAULTS.request?.fetch as typeof fetch | undefined) ?? fetch
  let bytes: Uint8Array | null = null
  const response = await send({
    parseSuccessResponseBody: false,
    fetch: async (url, init) => {
      onSend()
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

function comparePurpose(base: string, head: string) {
  return {
    action: `compare ${base.slice(0, 12)}...${head.slice(0, 12)}`,
    permission: PERMISSION.contentsRead
  }
}

/** The bytes of one page of a comparison; `onSend` is called when the request leaves for GitHub. */
async function comparePageBytes(
  client: RepoClient,
  base: string,
  head: string,
  page: number,
  perPage: number,
  onSend?: () => void
): Promise<Uint8Array> {
  return call(comparePurpose(base, head), async () => {
    const { bytes } = await readPage(
      client,
      request =>
        client.octokit.rest.repos.compareCommitsWithBasehead({
          owner: client.owner,
          repo: client.repo,
          basehead: `${base}...${head}`,
          page,
          per_page: perPage,
          request
        }),
      onSend
    )
    return bytes
  })
}

/** One page of a comparison, its commits made by the reader. */
function parseComparePage<T>(bytes: Uint8Array, read: CommitReader<T>, shas: ShaTable): Comparison<T> {
  const commit = (value: unknown) => read(toSourceCommit(value as ApiCommit, shas))
  const data = parseWithItems(bytes, 'commits', commit) as ApiComparePage<T>
  return {
    status: data.status,
    aheadBy: data.ahead_by,
    commits: data.commits,
    files: (data.files ?? []).map(file => file.filename)
  }
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
  const bytes = await comparePageBytes(client, base, head, page, perPage)
  return call(comparePurpose(base, head), async () => parseComparePage(bytes, read, shas))
}

/** Requests one page: `onSend` is called when the request leaves for GitHub. */
type PageFetch = (page: number, onSend: () => void) => Promise<Uint8Array>

/**
 * Pages 2 to `last`, in rounds of PAGE_ROUND requests sent together, each round once the one before it has
 * arrived: a round is one round trip in sequence, however long the pages take to read. The round before is read
 * (in page order) while a round travels, and only once all of its requests are on their way: reading holds the
 * thread, and a request that left after another of its round was answered would be a round trip of its own. At
 * most two rounds of page bytes are held at once.
 */
async function readRestInRounds<T>(
  last: number,
  fetchPage: PageFetch,
  readItems: (bytes: Uint8Array) => Promise<T[]>
): Promise<T[][]> {
  const read: T[][] = []
  let arrived: Array<Promise<Uint8Array>> = []
  for (let first = 2; first <= last; first += PAGE_ROUND) {
    const round = Array.from({ length: Math.min(PAGE_ROUND, last - first + 1) }, (_, index) => {
      let sent = (): void => undefined
      const leaving = new Promise<void>(resolve => (sent = resolve))
      const bytes = fetchPage(first + index, () => sent())
      bytes.catch(() => undefined)
      // A request that fails before it leaves counts as gone.
      return { bytes, left: Promise.race([leaving, bytes.then(noop, noop)]) }
    })
    await Promise.all(round.map(request => request.left))
    // The requests are handed to the network; one turn of the event loop writes them.
    await nextTurn()
    for (const bytes of arrived) read.push(await readItems(await bytes))
    arrived = round.map(request => request.bytes)
    await Promise.all(arrived)
  }
  for (const bytes of arrived) read.push(await readItems(await bytes))
  return read
}

function noop(): void {}

/** Compares base with head and, when base is an ancestor, reads every commit between them, pages in rounds. */
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
  if (pages > PAGE_ROUND) capYoungGeneration()
  const rest = await readRestInRounds(
    pages,
    (page, onSend) => comparePageBytes(client, base, head, page, PER_PAGE, onSend),
    async bytes =>
      (await call(comparePurpose(base, head), async () => parseComparePage(bytes, read, shas))).commits
  )
  for (const commits of rest) comparison.commits.push(...commits)
  return comparison
}

/** How `base` stands to `head` and how many commits head is ahead, with one small request. */
export async function compareCount(
  client: RepoClient,
  base: string,
  head: string
): Promise<Pick<Comparison<unknown>, 'status' | 'aheadBy'>> {
  const { status, aheadBy } = await comparePage(client, base, head, commit => commit.sha, 1, 1)
  return { status, aheadBy }
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
  read: CommitReader<T>,
  only: { path?: string; since?: string } = {}
): Promise<T[]> {
  const of = only.path ? ` that touch ${only.path}` : ''
  const purpose = {
    action: `list the commits of ${sha.slice(0, 7)}${of}`,
    permission: PERMISSION.contentsRead
  }
  const shas: ShaTable = new Map()
  const fetchPage = (number: number, onSend?: () => void) =>
    call(purpose, () =>
      readPage(
        client,
        request =>
          client.octokit.rest.repos.listCommits({
            owner: client.owner,
            repo: client.repo,
            sha,
            ...only,
            per_page: PER_PAGE,
            page: number,
            request
          }),
        onSend
      )
    )
  const readCommits = (bytes: Uint8Array) =>
    call(purpose, async () => parseArray(bytes, value => read(toSourceCommit(value as ApiCommit, shas))))
  const first = await fetchPage(1)
  const pages = lastPageOf(first.response.headers.link as string | undefined)
  if (pages > PAGE_ROUND) capYoungGeneration()
  const commits = await readCommits(first.bytes)
  const rest = await readRestInRounds(
    pages,
    async (number, onSend) => (await fetchPage(number, onSend)).bytes,
    readCommits
  )
  return [commits, ...rest].flat()
}

/**
 * The commits of `head`'s history that touch `path` (a file or a folder), committed at or after `since`: what a
 * monorepo's package counts, without a request per commit (GitHub filters the history by path, 100 a page).
 */
export async function listPathCommits(
  client: RepoClient,
  head: string,
  path: string,
  since: string | null
): Promise<Set<string>> {
  const shas = await listAllCommits(client, head, commit => commit.sha, {
    path,
    ...(since ? { since } : {})
  })
  return new Set(shas)
}
