import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mergePull, openPull } from '../../test-support/emulator/pull-requests.js'
import { Scenario } from '../../test-support/scenario.js'
import { mergedPullRequests, pullRequestsSince, releases } from './release-please-queries.js'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the GitHub API emulator over GraphQL, as release-please reads it', () => {
  let s: Scenario
  let tagged: string
  let fix: string
  beforeEach(async () => {
    s = await new Scenario().start()
    s.emulator.validateResponses = 'full'
    s.repo.commit('chore: init', { 'README.md': '# app\n' })
    tagged = s.repo.tag('v1.0.0')
    fix = s.repo.commit('fix: handle empty input\n\nThe parser no longer throws.')
  })
  afterEach(async () => {
    await s.stop()
  })

  /** One POST /graphql as @octokit/graphql sends it: the query, its variables, a token. */
  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${s.emulator.url}/graphql`, {
      method: 'POST',
      headers: { authorization: 'token fake', 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables })
    })
    return { status: response.status, headers: response.headers, json: (await response.json()) as Json }
  }

  /** A feature branch squash-merged through a pull request: the commit on main that carries it. */
  const squashMerged = async () => {
    s.repo.checkout('feature/parser', true)
    s.repo.commit('feat: a faster parser', { 'src/parser.ts': 'export {}\n', 'src/lexer.ts': 'export {}\n' })
    s.repo.checkout('main')
    const pull = await openPull(s.state, {
      head: 'feature/parser',
      title: 'feat: a faster parser',
      body: 'Twice as fast.',
      labels: ['enhancement']
    })
    await mergePull(s.state, pull, { by: 'octocat', method: 'squash' })
    return pull
  }

  const history = (variables: Record<string, unknown>) =>
    graphql(pullRequestsSince, {
      owner: 'acme',
      repo: 'app',
      num: 2,
      targetBranch: 'main',
      maxFilesChanged: 100,
      ...variables
    })

  it("answers release-please's history query from git, newest first, page by page, with the pull request that merged a commit", async () => {
    const pull = await squashMerged()

    const first = await history({})
    expect(first.status).toBe(200)
    // GraphQL queries count against a limit of their own.
    expect(first.headers.get('x-ratelimit-resource')).toBe('graphql')
    expect(first.json.errors).toBeUndefined()
    const page = first.json.data.repository.ref.target.history
    expect(page.nodes).toEqual([
      {
        associatedPullRequests: {
          nodes: [
            {
              number: pull.number,
              title: 'feat: a faster parser',
              baseRefName: 'main',
              headRefName: 'feature/parser',
              labels: { nodes: [{ name: 'enhancement' }] },
              body: 'Twice as fast.',
              mergeCommit: { oid: pull.mergeCommitSha },
              files: {
                nodes: [{ path: 'src/lexer.ts' }, { path: 'src/parser.ts' }],
                pageInfo: { endCursor: expect.any(String), hasNextPage: false }
              }
            }
          ]
        },
        sha: pull.mergeCommitSha,
        message: `feat: a faster parser (#${pull.number})`,
        author: { name: 'octocat', email: 'octocat@users.noreply.github.com', user: null }
      },
      {
        associatedPullRequests: { nodes: [] },
        sha: fix,
        message: 'fix: handle empty input\n\nThe parser no longer throws.',
        author: { name: expect.any(String), email: expect.any(String), user: null }
      }
    ])
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: expect.any(String) })

    const second = await history({ cursor: page.pageInfo.endCursor })
    const rest = second.json.data.repository.ref.target.history
    expect(rest.nodes.map((commit: Json) => commit.sha)).toEqual([tagged])
    expect(rest.pageInfo.hasNextPage).toBe(false)
    expect(s.emulator.requests.map(request => request.operationId)).toEqual(['graphql', 'graphql'])
    expect(s.emulator.violations).toEqual([])
  })

  it('associates every commit a merge-commit pull request brought in with it, not only the merge', async () => {
    s.repo.checkout('feature/cli', true)
    const feature = s.repo.commit('feat: a command line', { 'src/cli.ts': 'export {}\n' })
    s.repo.checkout('main')
    const pull = await openPull(s.state, { head: 'feature/cli', title: 'feat: a command line' })
    await mergePull(s.state, pull, { by: 'octocat', method: 'merge' })

    const { json } = await history({ num: 3 })
    const nodes = json.data.repository.ref.target.history.nodes as Json[]
    expect(
      nodes.map(commit => [commit.sha, commit.associatedPullRequests.nodes.map((pr: Json) => pr.number)])
    ).toEqual([
      [pull.mergeCommitSha, [pull.number]],
      [feature, [pull.number]],
      [fix, []]
    ])
    expect(s.emulator.violations).toEqual([])
  })

  it('answers a fully qualified ref, and null for a branch that does not exist (release-please then reads no commits)', async () => {
    const qualified = await history({ targetBranch: 'refs/heads/main' })
    expect(qualified.json.data.repository.ref.target.history.nodes[0].sha).toBe(fix)
    const missing = await history({ targetBranch: 'no-such-branch' })
    expect(missing.json).toEqual({ data: { repository: { ref: null } } })
    expect(s.emulator.violations).toEqual([])
  })

  it("answers release-please's releases query, newest first, drafts included, with the commit each tag names", async () => {
    const create = (body: Record<string, unknown>) =>
      fetch(`${s.emulator.url}/repos/acme/app/releases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
      })
    await create({ tag_name: 'v1.0.0', name: 'v1.0.0', body: 'First.' })
    await create({ tag_name: 'v1.0.1', target_commitish: 'main', draft: true, body: 'Not yet.' })

    const { status, json } = await graphql(releases, { owner: 'acme', repo: 'app', num: 25 })
    expect(status).toBe(200)
    expect(json).toEqual({
      data: {
        repository: {
          releases: {
            nodes: [
              {
                name: null,
                tag: null,
                tagCommit: null,
                url: expect.stringMatching(/\/acme\/app\/releases\/tag\/untagged-\d+$/),
                description: 'Not yet.',
                isDraft: true
              },
              {
                name: 'v1.0.0',
                tag: { name: 'v1.0.0' },
                tagCommit: { oid: tagged },
                url: `${s.emulator.url}/acme/app/releases/tag/v1.0.0`,
                description: 'First.',
                isDraft: false
              }
            ],
            pageInfo: { endCursor: expect.any(String), hasNextPage: false }
          }
        }
      }
    })
    expect(s.emulator.violations).toEqual([])
  })

  it("answers release-please's merged pull requests query, filtered by base branch and state", async () => {
    // Branched before the merge: the emulator's merge moves main without touching the fixture's work tree.
    s.repo.checkout('feature/docs', true)
    s.repo.commit('docs: usage', { 'docs/usage.md': '# usage\n' })
    s.repo.checkout('main')
    const pull = await squashMerged()
    const open = await openPull(s.state, { head: 'feature/docs', title: 'docs: usage' })
    const variables = { owner: 'acme', repo: 'app', num: 25, targetBranch: 'main', maxFilesChanged: 64 }
    const merged = await graphql(mergedPullRequests, { ...variables, states: ['MERGED'] })
    expect(merged.json.data.repository.pullRequests.nodes).toEqual([
      expect.objectContaining({ number: pull.number, mergeCommit: { oid: pull.mergeCommitSha } })
    ])
    const opened = await graphql(mergedPullRequests, { ...variables, states: ['OPEN'] })
    expect(opened.json.data.repository.pullRequests.nodes).toEqual([
      expect.objectContaining({ number: open.number, mergeCommit: null, files: expect.anything() })
    ])
    expect(opened.json.data.repository.pullRequests.nodes[0].files.nodes).toEqual([{ path: 'docs/usage.md' }])
    expect(s.emulator.violations).toEqual([])
  })

  it('refuses a field GitHub does not have, in GitHub’s error shape, and records the violation', async () => {
    const query = 'query releaseNames {\n  repository(owner: "acme", name: "app") {\n    nonsense\n  }\n}'
    const { status, json } = await graphql(query)
    expect(status).toBe(200)
    expect(json).toEqual({
      errors: [
        {
          path: ['query releaseNames', 'repository', 'nonsense'],
          extensions: { code: 'undefinedField', typeName: 'Repository', fieldName: 'nonsense' },
          locations: [{ line: 3, column: 5 }],
          message: "Field 'nonsense' doesn't exist on type 'Repository'"
        }
      ]
    })
    expect(s.emulator.violations).toEqual([
      "graphql: GitHub would reject this query: Field 'nonsense' doesn't exist on type 'Repository'"
    ])
  })

  it('refuses a query without a required variable, and a connection without `first` or `last`', async () => {
    const missing = await graphql(releases, { repo: 'app', num: 25 })
    expect(missing.json.errors).toEqual([
      expect.objectContaining({ message: 'Variable $owner of type String! was provided invalid value' })
    ])
    expect(missing.json.data).toBeUndefined()

    const unbounded = await graphql('{ repository(owner: "acme", name: "app") { releases { totalCount } } }')
    expect(unbounded.json.errors).toEqual([
      expect.objectContaining({
        type: 'MISSING_PAGINATION_BOUNDARIES',
        path: ['repository', 'releases'],
        message: 'You must provide a `first` or `last` value to properly paginate the `releases` connection.'
      })
    ])
    // Both are mistakes of the client: the test that sent them fails.
    expect(s.emulator.violations).toHaveLength(2)
  })

  it('answers an unknown repository with null and a NOT_FOUND error, as GitHub does', async () => {
    const { json } = await graphql(releases, { owner: 'acme', repo: 'nope', num: 25 })
    expect(json).toEqual({
      data: { repository: null },
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['repository'],
          locations: [{ line: 2, column: 9 }],
          message: "Could not resolve to a Repository with the name 'acme/nope'."
        }
      ]
    })
    expect(s.emulator.violations).toEqual([])
  })

  it('serves over REST what release-please reads besides: a tree, a blob, and the files of one commit', async () => {
    const get = async (path: string) => (await fetch(`${s.emulator.url}${path}`)).json() as Promise<Json>
    const tree = await get('/repos/acme/app/git/trees/main?recursive=true')
    const readme = tree.tree.find((entry: Json) => entry.path === 'README.md')
    expect(readme).toMatchObject({ type: 'blob', mode: '100644', size: 6 })
    const blob = await get(`/repos/acme/app/git/blobs/${readme.sha}`)
    expect(Buffer.from(blob.content, 'base64').toString('utf8')).toBe('# app\n')
    const commit = await get(`/repos/acme/app/commits/${tagged}`)
    expect(commit.files.map((file: Json) => [file.filename, file.status])).toEqual([['README.md', 'added']])
    expect(s.emulator.violations).toEqual([])
  })
})
