import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { describe } from 'vitest'
import { GitRepo } from '../../test-support/emulator/git.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import type { Scenario } from '../../test-support/scenario.js'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

// What a monorepo release reads: the commits that touched a package (since a date), and a pull request's files.
const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init', { 'README.md': 'app\n' })
    // Every item of every list is checked against GitHub's schemas, and the fixture fails a test on any violation.
    s.emulator.validateResponses = 'full'
  }
})

async function call(s: Scenario, method: string, path: string, body?: unknown) {
  const response = await fetch(`${s.emulator.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    json: (text ? JSON.parse(text) : null) as Json
  }
}

const get = (s: Scenario, path: string) => call(s, 'GET', path)
const control = (s: Scenario, method: string, path: string, body?: unknown) =>
  call(s, method, `/_emulator/repos/acme/app${path}`, body)

/** The shas of a commits listing, in its order. */
async function commits(s: Scenario, query: string): Promise<string[]> {
  const answer = await get(s, `/repos/acme/app/commits?${query}`)
  if (answer.status !== 200)
    throw new Error(`commits?${query}: ${answer.status} ${JSON.stringify(answer.json)}`)
  return answer.json.map((commit: Json) => commit.sha)
}

/** The URL a Link header gives for a relation, as a path and query on the emulator. */
function linkTo(link: string | null, rel: string): string | null {
  const found = new RegExp(`<([^>]+)>; rel="${rel}"`).exec(link ?? '')
  return found ? new URL(found[1]!).pathname + new URL(found[1]!).search : null
}

/** The statuses the emulator answered requests of one operation with, in order. */
function answered(s: Scenario, operationId: string): number[] {
  return s.emulator.requests
    .filter(request => request.operationId === operationId)
    .map(request => request.status)
}

describe('GET /repos/{owner}/{repo}/commits with path, since and until', () => {
  it('path keeps the commits that touch a directory or a file, newest first; one touching two directories is under both', async ({
    s,
    expect
  }) => {
    const init = s.repo.head()
    const a1 = s.repo.commit('feat(a): one', { 'packages/a/index.ts': 'export const a = 1\n' })
    const b1 = s.repo.commit('feat(b): one', { 'packages/b/index.ts': 'export const b = 1\n' })
    const both = s.repo.commit('refactor: a and b', {
      'packages/a/index.ts': 'export const a = 2\n',
      'packages/b/README.md': '# b\n'
    })
    const root = s.repo.commit('docs: root', { 'README.md': 'app, now a monorepo\n' })
    const everything = [root, both, b1, a1, init]

    expect(await commits(s, 'path=packages/a')).toEqual([both, a1])
    expect(await commits(s, 'path=packages/b')).toEqual([both, b1])
    expect(await commits(s, 'path=packages/b/README.md')).toEqual([both])
    expect(await commits(s, 'path=packages/a/index.ts')).toEqual([both, a1])
    expect(await commits(s, 'path=README.md')).toEqual([root, init])
    // A directory named with slashes at either end is the same directory.
    expect(await commits(s, 'path=%2Fpackages%2Fa%2F')).toEqual([both, a1])
    // From another starting point, only its history.
    expect(await commits(s, `sha=${b1}&path=packages/a`)).toEqual([a1])
    // The whole repository, spelled "", "/" or ".", is the unfiltered listing.
    expect(await commits(s, '')).toEqual(everything)
    for (const whole of ['path=', 'path=%2F', 'path=.'])
      expect(await commits(s, whole), whole).toEqual(everything)

    // A path no commit touched is an empty list, not an error, and has no further pages.
    const unknown = await get(s, '/repos/acme/app/commits?path=packages/c')
    expect(unknown).toMatchObject({ status: 200, json: [] })
    expect(unknown.headers.get('link')).toBeNull()
    expect(await commits(s, 'path=packages/a/*')).toEqual([]) // a literal path, not a glob
    expect(await commits(s, 'path=../app/README.md')).toEqual([])

    // The listing is GitHub's commit objects, with the commit that was asked for.
    const listed = (await get(s, '/repos/acme/app/commits?path=packages/b/README.md')).json
    expect(listed[0]).toMatchObject({
      sha: both,
      commit: { message: 'refactor: a and b' },
      parents: [{ sha: b1 }]
    })
    expect(answered(s, 'repos/list-commits')).toEqual(Array.from({ length: 15 }, () => 200))
    expect(s.emulator.violations).toEqual([])
  })

  it('path follows git’s default simplification: a merge that took a branch’s directory whole is left out', async ({
    s,
    expect
  }) => {
    s.repo.checkout('feature', true)
    const onBranch = s.repo.commit('feat(a): on a branch', { 'packages/a/index.ts': '1\n' })
    s.repo.checkout('main')
    const onMain = s.repo.commit('feat(b): on main', { 'packages/b/index.ts': '1\n' })
    const merge = s.repo.merge('feature', 'Merge pull request #1 from acme/feature')
    expect(await commits(s, 'path=packages/a')).toEqual([onBranch])
    expect(await commits(s, 'path=packages/b')).toEqual([onMain])
    expect((await commits(s, '')).slice(0, 1)).toEqual([merge])
  })

  it('since and until filter by committer date, inclusive, and an old-dated commit does not hide newer ones behind it', async ({
    s,
    expect
  }) => {
    const january = s.repo.commit(
      'feat(a): january',
      { 'packages/a/jan.ts': '1\n' },
      { date: '2026-01-10T00:00:00Z' }
    )
    s.repo.checkout('feature', true)
    const behind = s.repo.commit(
      'feat(a): behind the old one',
      { 'packages/a/behind.ts': '1\n' },
      { date: '2026-02-01T00:00:00Z' }
    )
    // Made on a machine whose clock was wrong: older than `since`, yet on top of a commit newer than it.
    const old = s.repo.commit(
      'feat(a): wrong clock',
      { 'packages/a/old.ts': '1\n' },
      { date: '2025-12-24T00:00:00Z' }
    )
    s.repo.checkout('main')
    const february = s.repo.commit(
      'feat(b): february',
      { 'packages/b/feb.ts': '1\n' },
      { date: '2026-02-10T00:00:00Z' }
    )
    s.repo.git(
      ['merge', '--quiet', '--no-ff', '-m', 'Merge pull request #1 from acme/feature', 'feature'],
      undefined,
      {
        date: '2026-02-15T00:00:00Z'
      }
    )
    const merge = s.repo.head()
    // Rebased: written in November (author date), committed in February (committer date), which is what counts.
    const rebased = s.repo.commit(
      'fix(a): rebased',
      { 'packages/a/jan.ts': '2\n' },
      { date: '2026-02-20T00:00:00Z', authorDate: '2025-11-01T00:00:00Z' }
    )
    const since = '2026-01-15T00:00:00Z'

    // git log --since stops at the wrong-clock commit and never reaches the one behind it; GitHub's since filters.
    expect(s.repo.git(['log', '--format=%H', `--since=${since}`]).split('\n')).toEqual([
      rebased,
      merge,
      february
    ])
    expect(await commits(s, `since=${since}`)).toEqual([rebased, merge, february, behind])
    expect(await commits(s, `since=${since}&path=packages/a`)).toEqual([rebased, behind])
    // A time zone other than Z is the same instant: 01:00+01:00 is midnight UTC, so `behind` is in.
    expect(await commits(s, 'since=2026-02-01T01:00:00%2B01:00&path=packages/a')).toEqual([rebased, behind])

    // Both ends are inclusive, to the second.
    expect(await commits(s, 'since=2026-02-01T00:00:00Z&until=2026-02-15T00:00:00Z')).toEqual([
      merge,
      february,
      behind
    ])
    expect(await commits(s, 'since=2026-02-14T23:59:59.5Z')).toEqual([rebased, merge])
    // packages/a's simplified history runs through the branch (the merge took its packages/a whole): git's order.
    expect(await commits(s, 'path=packages/a')).toEqual([rebased, old, behind, january])
    expect(await commits(s, 'until=2026-01-10T00:00:00Z&path=packages/a')).toEqual([old, january])
    expect(await commits(s, 'until=2026-01-09T23:59:59Z&path=packages/a')).toEqual([old])
    expect(await commits(s, 'since=2026-03-01T00:00:00Z')).toEqual([])
    // Before 1970 there are no commits: a since then is no bound, an until then leaves nothing.
    expect(await commits(s, 'since=1900-01-01T00:00:00Z&path=packages/a')).toEqual([
      rebased,
      old,
      behind,
      january
    ])
    expect(await commits(s, 'until=1969-12-31T23:59:59Z')).toEqual([])
    expect(await commits(s, 'since=2026-02-16T00:00:00Z&until=2026-02-01T00:00:00Z')).toEqual([])

    // The dates listed are the committer's and author's, as git has them.
    const listed = (await get(s, `/repos/acme/app/commits?since=2026-02-20T00:00:00Z`)).json
    expect(
      listed.map((commit: Json) => [commit.sha, commit.commit.committer.date, commit.commit.author.date])
    ).toEqual([[rebased, '2026-02-20T00:00:00Z', '2025-11-01T00:00:00Z']])

    // A git without --since-as-filter (before 2.37) gets the same answers from the filter in JS.
    const git = new GitRepo(s.repo.dir)
    const js = new GitRepo(s.repo.dir)
    js.dateFilter = 'js'
    for (const filter of [
      { since: Date.parse(since) / 1000 },
      { since: Date.parse(since) / 1000, path: 'packages/a' },
      { since: Date.parse('2026-02-01T00:00:00Z') / 1000, until: Date.parse('2026-02-15T00:00:00Z') / 1000 },
      { until: Date.parse('2026-01-10T00:00:00Z') / 1000, path: 'packages/a' }
    ]) {
      const viaGit = (await git.filteredHistory(merge, filter)).map(commit => commit.sha)
      expect(viaGit.length, JSON.stringify(filter)).toBeGreaterThan(0)
      expect((await js.filteredHistory(merge, filter)).map(commit => commit.sha)).toEqual(viaGit)
    }
    expect(git.dateFilter).toBe('git') // this machine's git has --since-as-filter: the git path was the one tested
  })

  it('refuses a since or until that is not an ISO 8601 date-time with 422, as GitHub’s description says', async ({
    s,
    expect
  }) => {
    const wrong = await get(s, '/repos/acme/app/commits?since=yesterday')
    expect(wrong.status).toBe(422)
    expect(wrong.json.message).toContain(`query parameter 'since' must match format "date-time"`)
    expect((await get(s, '/repos/acme/app/commits?until=2026-13-01T00:00:00Z')).status).toBe(422)
    expect(s.emulator.violations).toEqual([
      expect.stringContaining(`query parameter 'since' must match format "date-time"`),
      expect.stringContaining(`query parameter 'until' must match format "date-time"`)
    ])
    s.emulator.violations.splice(0) // the two refusals above, which the test asked for
    // A leap second passes the format but is no instant JavaScript knows: the handler refuses it as GitHub words it.
    const leap = await get(s, '/repos/acme/app/commits?since=2016-12-31T23:59:60Z')
    expect(leap).toMatchObject({
      status: 422,
      json: { message: 'The since parameter needs to be in ISO 8601 format: YYYY-MM-DDTHH:MM:SSZ' }
    })
    expect(s.emulator.violations).toEqual([])
  })

  it('pages a filtered listing of more than 100 commits with Link next/last, as the unfiltered one', async ({
    s,
    expect
  }) => {
    // 250 commits, alternating between the two packages: 125 touch packages/a, newest (index 248) first.
    s.repo.bulkCommits(
      250,
      index => `chore: ${index}`,
      index => ({ [`packages/${index % 2 === 0 ? 'a' : 'b'}/counter.txt`]: `${index}\n` })
    )
    const expected = Array.from({ length: 125 }, (_, n) => `chore: ${248 - 2 * n}`)

    const first = await get(s, '/repos/acme/app/commits?path=packages/a&per_page=100')
    expect(first.json).toHaveLength(100)
    const link = first.headers.get('link')
    expect(linkTo(link, 'next')).toBe('/repos/acme/app/commits?path=packages%2Fa&per_page=100&page=2')
    expect(linkTo(link, 'last')).toBe('/repos/acme/app/commits?path=packages%2Fa&per_page=100&page=2')
    const second = await get(s, linkTo(link, 'next')!)
    expect(second.json).toHaveLength(25)
    expect(linkTo(second.headers.get('link'), 'next')).toBeNull()
    expect(linkTo(second.headers.get('link'), 'prev')).toBe(
      '/repos/acme/app/commits?path=packages%2Fa&per_page=100&page=1'
    )
    const messages = [...(first.json as Json[]), ...(second.json as Json[])].map(
      (commit: Json) => commit.commit.message
    )
    expect(messages).toEqual(expected)
    // per_page is capped at 100, as on GitHub.
    expect((await get(s, '/repos/acme/app/commits?path=packages/a&per_page=500')).json).toHaveLength(100)

    // Octokit's paginate follows the Link header through the filtered pages, with since as well.
    const octokit = new (Octokit.plugin(paginateRest))({ baseUrl: s.emulator.url })
    const all = await octokit.paginate('GET /repos/{owner}/{repo}/commits', {
      owner: 'acme',
      repo: 'app',
      path: 'packages/a',
      per_page: 100
    })
    expect(all.map(commit => commit.commit.message)).toEqual(expected)
    const from200 = first.json.find((commit: Json) => commit.commit.message === 'chore: 200').commit.committer
      .date
    const recent = await octokit.paginate('GET /repos/{owner}/{repo}/commits', {
      owner: 'acme',
      repo: 'app',
      path: 'packages/a',
      since: from200,
      per_page: 10
    })
    expect(recent.map(commit => commit.commit.message)).toEqual(expected.slice(0, 25))
    const pages = s.emulator.requests.filter(request => /[?&]per_page=10(&|$)/.test(request.query))
    expect(pages.map(request => request.status)).toEqual([200, 200, 200])
    expect(s.emulator.violations).toEqual([])
  })
})

describe('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', () => {
  /** A repository with a package to change: packages/a/index.ts and packages/a/old.ts. */
  function withPackage(s: Scenario) {
    s.repo.commit('feat(a): package a', {
      'packages/a/index.ts': 'export const a = 1\n',
      'packages/a/old.ts': 'export const old = true\n'
    })
  }

  /** Opens a pull request from a branch that adds, changes and removes a file of packages/a. */
  async function openPull(s: Scenario, branch: string) {
    s.repo.checkout(branch, true)
    s.repo.commit(`feat(a): ${branch} adds`, {
      'packages/a/new.ts': `export const fresh = '${branch}'\n`,
      'packages/a/index.ts': `export const a = '${branch}'\n`
    })
    s.repo.git(['rm', '--quiet', 'packages/a/old.ts'])
    s.repo.git(['commit', '--quiet', '-m', `refactor(a): ${branch} drops old.ts`])
    const head = s.repo.head()
    s.repo.checkout('main')
    const opened = await control(s, 'POST', '/pulls', { head: branch, title: `feat(a): ${branch}` })
    if (opened.status !== 201) throw new Error(`opening the pull request: ${JSON.stringify(opened.json)}`)
    return { number: opened.json.number as number, head }
  }

  /** Merges on the emulator, which moves main with git plumbing; the fixture's checkout of main follows it. */
  async function merge(s: Scenario, number: number, method: 'merge' | 'squash'): Promise<string> {
    const merged = await control(s, 'POST', `/pulls/${number}/merge`, { by: 'maintainer-mia', method })
    if (merged.status !== 200) throw new Error(`merging #${number}: ${JSON.stringify(merged.json)}`)
    s.repo.git(['reset', '--quiet', '--hard'])
    return merged.json.sha as string
  }

  /** What GitHub lists for the three files such a pull request changes, at its merge base and head. */
  function threeFiles(s: Scenario, base: string, head: string) {
    const blob = (commit: string, path: string) => s.repo.git(['rev-parse', `${commit}:${path}`])
    const html = `${s.emulator.url}/acme/app`
    const entry = (filename: string, status: string, at: string) => ({
      sha: blob(at, filename),
      filename,
      status,
      additions: 0,
      deletions: 0,
      changes: 0,
      blob_url: `${html}/blob/${at}/${filename}`,
      raw_url: `${html}/raw/${at}/${filename}`,
      contents_url: `${s.emulator.url}/repos/acme/app/contents/${filename}?ref=${at}`
    })
    return [
      entry('packages/a/index.ts', 'modified', head),
      entry('packages/a/new.ts', 'added', head),
      entry('packages/a/old.ts', 'removed', base)
    ]
  }

  it('lists a squash-merged pull request’s files: its head against where it left the base, whatever came later', async ({
    s,
    expect
  }) => {
    withPackage(s)
    const base = s.repo.head()
    const { number, head } = await openPull(s, 'squashed')
    // The base moves on before the merge, and after it; neither shows in the pull request's files.
    s.repo.commit('feat(b): meanwhile', { 'packages/b/index.ts': '1\n' })
    const squash = await merge(s, number, 'squash')
    expect(s.repo.git(['rev-list', '--parents', '-n', '1', squash]).split(' ')).toHaveLength(2) // one parent
    s.repo.commit('feat(c): afterwards', { 'packages/c/index.ts': '1\n', 'packages/a/index.ts': 'later\n' })
    // A push to the merged branch does not change what was merged either.
    s.repo.checkout('squashed')
    s.repo.commit('chore: after the merge', { 'packages/a/late.ts': '1\n' })
    s.repo.checkout('main')

    const files = await get(s, `/repos/acme/app/pulls/${number}/files`)
    expect(files.status).toBe(200)
    expect(files.json).toEqual(threeFiles(s, base, head))
    expect(files.headers.get('link')).toBeNull()
    // The squash commit changed the same files on the base.
    const commit = await get(s, `/repos/acme/app/commits/${squash}`)
    expect(commit.json.files.map((file: Json) => file.filename)).toEqual(
      files.json.map((file: Json) => file.filename)
    )
    expect(answered(s, 'pulls/list-files')).toEqual([200])
    expect(s.emulator.violations).toEqual([])
  })

  it('lists a merge-committed pull request’s files, not the base’s changes the merge commit brings in', async ({
    s,
    expect
  }) => {
    withPackage(s)
    const base = s.repo.head()
    const { number, head } = await openPull(s, 'merged')
    const meanwhile = s.repo.commit('feat(b): meanwhile', { 'packages/b/index.ts': '1\n' })
    const mergeCommit = await merge(s, number, 'merge')
    expect(s.repo.git(['rev-list', '--parents', '-n', '1', mergeCommit]).split(' ').slice(1)).toEqual([
      meanwhile,
      head
    ])
    s.repo.commit('feat(c): afterwards', { 'packages/c/index.ts': '1\n' })

    const files = await get(s, `/repos/acme/app/pulls/${number}/files?per_page=2`)
    const rest = await get(s, linkTo(files.headers.get('link'), 'next')!)
    expect([...(files.json as Json[]), ...(rest.json as Json[])]).toEqual(threeFiles(s, base, head))
    expect(linkTo(files.headers.get('link'), 'last')).toBe(
      `/repos/acme/app/pulls/${number}/files?per_page=2&page=2`
    )
    // Against its first parent, the merge commit changes the same files; in packages/a's history it is left out
    // (it took the branch's packages/a whole), and the branch's two commits are there.
    expect((await get(s, `/repos/acme/app/commits/${mergeCommit}`)).json.files).toMatchObject([
      { filename: 'packages/a/index.ts' },
      { filename: 'packages/a/new.ts' },
      { filename: 'packages/a/old.ts' }
    ])
    expect(
      (await get(s, '/repos/acme/app/commits?path=packages/a&per_page=3')).json.map((c: Json) => c.sha)
    ).toEqual([head, s.repo.head(`${head}~1`), base])
    expect(answered(s, 'pulls/list-files')).toEqual([200, 200])
    expect(s.emulator.violations).toEqual([])
  })

  it('lists an open pull request’s files as its branch is now, and 404 for a number that is none', async ({
    s,
    expect
  }) => {
    withPackage(s)
    const base = s.repo.head()
    const { number, head } = await openPull(s, 'open')
    expect((await get(s, `/repos/acme/app/pulls/${number}/files`)).json).toEqual(threeFiles(s, base, head))
    s.repo.checkout('open')
    const pushed = s.repo.commit('feat(a): one more', { 'packages/a/more.ts': '1\n' })
    s.repo.checkout('main')
    const files = await get(s, `/repos/acme/app/pulls/${number}/files`)
    expect(
      files.json.map((file: Json) => [file.filename, file.status, file.blob_url.includes(pushed)])
    ).toEqual([
      ['packages/a/index.ts', 'modified', true],
      ['packages/a/more.ts', 'added', true],
      ['packages/a/new.ts', 'added', true],
      ['packages/a/old.ts', 'removed', false]
    ])
    expect((await get(s, '/repos/acme/app/pulls/99/files')).status).toBe(404)
    expect(s.emulator.violations).toEqual([])
  })

  it('pages at most 100 files at a time and stops at 3000, as GitHub documents', async ({ s, expect }) => {
    s.repo.checkout('generated', true)
    const pad = (n: number) => String(n).padStart(4, '0')
    s.repo.bulkCommits(
      1,
      () => 'chore: generate 3005 files',
      () => Object.fromEntries(Array.from({ length: 3005 }, (_, n) => [`gen/${pad(n)}.txt`, `${n}\n`]))
    )
    s.repo.checkout('main')
    const { number } = (await control(s, 'POST', '/pulls', { head: 'generated', title: 'chore: generate' }))
      .json

    const byDefault = await get(s, `/repos/acme/app/pulls/${number}/files`)
    expect(byDefault.json.map((file: Json) => file.filename)).toEqual(
      Array.from({ length: 30 }, (_, n) => `gen/${pad(n)}.txt`)
    )
    expect(linkTo(byDefault.headers.get('link'), 'last')).toBe(
      `/repos/acme/app/pulls/${number}/files?per_page=30&page=100`
    )
    const first = await get(s, `/repos/acme/app/pulls/${number}/files?per_page=100`)
    expect(first.json).toHaveLength(100)
    expect(linkTo(first.headers.get('link'), 'last')).toBe(
      `/repos/acme/app/pulls/${number}/files?per_page=100&page=30`
    )
    const last = await get(s, `/repos/acme/app/pulls/${number}/files?per_page=100&page=30`)
    expect(last.json.map((file: Json) => file.filename)).toEqual(
      Array.from({ length: 100 }, (_, n) => `gen/${pad(2900 + n)}.txt`)
    )
    expect(last.json.every((file: Json) => file.status === 'added' && /^[0-9a-f]{40}$/.test(file.sha))).toBe(
      true
    )
    expect(linkTo(last.headers.get('link'), 'next')).toBeNull()
    expect((await get(s, `/repos/acme/app/pulls/${number}/files?per_page=100&page=31`)).json).toEqual([])
    expect(answered(s, 'pulls/list-files')).toEqual([200, 200, 200, 200])
    expect(s.emulator.violations).toEqual([])
  })
})
