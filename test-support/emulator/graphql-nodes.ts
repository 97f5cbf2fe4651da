import type { GitCommit } from './git.js'
import { branchHead } from './git-trees.js'
import { connection, type Args } from './graphql-paging.js'
import { links, type Site } from './http.js'
import type { PullRecord, ReleaseRecord } from './records.js'

// GitHub's GraphQL objects over the emulator's state, as plain objects whose fields are values or functions of the
// field's arguments (graphql-js calls them). Only what clients of the emulator ask for is here: graphql.ts refuses
// a field that is in GitHub's schema but not here, so nothing is ever answered with a silent null.

type Node = Record<string, unknown>

/** What one GraphQL request works out once for all its fields. */
export class RequestScope {
  private byCommit: Promise<Map<string, PullRecord[]>> | null = null

  /**
   * Pull requests by the commits they brought in, as `associatedPullRequests` finds them: a merged one's merge
   * commit and, when it was merged with a merge commit, every commit of its branch; an open one's head. A page of
   * history asks for each of its commits, so the index is made once per request.
   */
  pullsByCommit(site: Site): Promise<Map<string, PullRecord[]>> {
    this.byCommit ??= (async () => {
      const index = new Map<string, PullRecord[]>()
      const add = (sha: string, pull: PullRecord) => {
        const pulls = index.get(sha) ?? []
        if (!pulls.includes(pull)) index.set(sha, [...pulls, pull])
      }
      for (const pull of site.repo.pulls) {
        add(pull.headSha, pull)
        if (!pull.mergeCommitSha) continue
        add(pull.mergeCommitSha, pull)
        const merge = await site.repo.git.commit(pull.mergeCommitSha)
        if (merge && merge.parents.length > 1)
          for (const commit of await site.repo.git.range(merge.parents[0]!, pull.headSha))
            add(commit.sha, pull)
      }
      return index
    })()
    return this.byCommit
  }
}

function refuseFilters(connectionName: string, args: Args, supported: string[]): void {
  const extra = Object.keys(args).filter(name => args[name] != null && !supported.includes(name))
  if (extra.length > 0)
    throw new Error(`The emulator does not filter ${connectionName} by ${extra.join(', ')}`)
}

function actor(site: Site, who: GitCommit['author']): Node {
  return {
    name: who.name,
    email: who.email,
    date: who.date,
    user: null,
    avatarUrl: `${site.host.url}/avatar`
  }
}

/** A Commit; its history is git's, newest first, read once per head (GitRepo remembers it). */
export function commitNode(site: Site, commit: GitCommit): Node {
  const { html } = links(site)
  const [headline = '', ...rest] = commit.message.split('\n')
  return {
    __typename: 'Commit',
    id: Buffer.from(`Commit:${commit.sha}`).toString('base64'),
    oid: commit.sha,
    abbreviatedOid: commit.sha.slice(0, 7),
    message: commit.message,
    messageHeadline: headline,
    messageBody: rest.join('\n').trim(),
    url: `${html}/commit/${commit.sha}`,
    authoredDate: commit.author.date,
    committedDate: commit.committer.date,
    author: actor(site, commit.author),
    committer: actor(site, commit.committer),
    history: async (args: Args) => {
      refuseFilters('history', args, ['first', 'last', 'after', 'before'])
      const history = await site.repo.git.history(commit.sha)
      return connection('history', history, args, item => commitNode(site, item))
    },
    associatedPullRequests: async (args: Args, request: RequestScope) => {
      refuseFilters('associatedPullRequests', args, ['first', 'last', 'after', 'before', 'orderBy'])
      // The pull requests that merged this commit, or whose head it is; numbers grow with CREATED_AT.
      const pulls = [...((await request.pullsByCommit(site)).get(commit.sha) ?? [])]
      if ((args.orderBy as { direction?: string } | undefined)?.direction === 'DESC') pulls.reverse()
      return connection('associatedPullRequests', pulls, args, pull => pullNode(site, pull))
    }
  }
}

export async function commitById(site: Site, sha: string): Promise<Node | null> {
  const commit = await site.repo.git.commit(sha)
  return commit ? commitNode(site, commit) : null
}

function splitRef(ref: string): { prefix: string; name: string } {
  const known = /^(refs\/(?:heads|tags)\/)(.+)$/.exec(ref)
  if (known) return { prefix: known[1]!, name: known[2]! }
  const slash = ref.lastIndexOf('/')
  return { prefix: ref.slice(0, slash + 1), name: ref.slice(slash + 1) }
}

/** A ref by name as GitHub resolves `qualifiedName`: refs/… exactly, else a branch, else a tag. */
export async function refNode(site: Site, qualifiedName: string): Promise<Node | null> {
  const candidates = qualifiedName.startsWith('refs/')
    ? [qualifiedName]
    : [`refs/heads/${qualifiedName}`, `refs/tags/${qualifiedName}`]
  for (const candidate of candidates) {
    const head = candidate.startsWith('refs/heads/')
      ? await branchHead(site.repo.git, candidate.slice(11))
      : null
    const found = head
      ? { type: 'commit', sha: head, commit: head }
      : (await site.repo.git.refs(candidate)).find(ref => ref.ref === candidate)
    if (!found) continue
    const { prefix, name } = splitRef(candidate)
    return {
      __typename: 'Ref',
      id: Buffer.from(`Ref:${candidate}`).toString('base64'),
      name,
      prefix,
      target: () =>
        found.type === 'tag'
          ? { __typename: 'Tag', oid: found.sha, name, target: () => commitById(site, found.commit) }
          : commitById(site, found.commit)
    }
  }
  return null
}

function pullState(pull: PullRecord): string {
  return pull.merged ? 'MERGED' : pull.state === 'open' ? 'OPEN' : 'CLOSED'
}

export function pullNode(site: Site, pull: PullRecord): Node {
  const { html } = links(site)
  return {
    __typename: 'PullRequest',
    id: Buffer.from(`PullRequest:${pull.number}`).toString('base64'),
    number: pull.number,
    title: pull.title,
    body: site.repo.pullBodies.get(pull.number) ?? '',
    url: `${html}/pull/${pull.number}`,
    state: pullState(pull),
    merged: pull.merged,
    baseRefName: pull.baseRef,
    headRefName: pull.headRef,
    headRefOid: pull.headSha,
    mergeCommit: () => (pull.mergeCommitSha ? commitById(site, pull.mergeCommitSha) : null),
    labels: (args: Args) => connection('labels', pull.labels, args, name => ({ __typename: 'Label', name })),
    files: async (args: Args) => {
      const git = site.repo.git
      // A merged pull request's changes are its merge commit's against the base it was merged into (read with
      // the commits around it); an open one's, its head's against where it left the base.
      const changed = pull.mergeCommitSha
        ? await git.commitFiles(pull.mergeCommitSha)
        : await git.changedFiles(
            (await git.mergeBase(pull.baseRef, pull.headSha)) ?? pull.headSha,
            pull.headSha
          )
      const changeType = (status: string) =>
        ({ A: 'ADDED', D: 'DELETED', R: 'RENAMED', C: 'COPIED' })[status[0] ?? 'M'] ?? 'MODIFIED'
      return connection('files', changed, args, file => ({
        path: file.filename,
        changeType: changeType(file.status),
        additions: 0,
        deletions: 0
      }))
    }
  }
}

export function releaseNode(site: Site, release: ReleaseRecord): Node {
  const { html } = links(site)
  const slug = release.draft ? `untagged-${release.id}` : encodeURIComponent(release.tagName)
  return {
    __typename: 'Release',
    id: `RE_${release.id}`,
    databaseId: release.id,
    name: release.name,
    tagName: release.tagName,
    description: release.body,
    isDraft: release.draft,
    isPrerelease: release.prerelease,
    isLatest: site.repo.latestRelease()?.id === release.id,
    createdAt: release.createdAt,
    publishedAt: release.publishedAt,
    url: `${html}/releases/tag/${slug}`,
    tag: () => refNode(site, `refs/tags/${release.tagName}`),
    tagCommit: async () => {
      const sha = await site.repo.git.resolveCommit(`refs/tags/${release.tagName}`)
      return sha ? commitById(site, sha) : null
    }
  }
}

/** Repository.releases, pullRequests and ref, over the emulator's records. */
export function repositoryNode(site: Site): Node {
  const { repo } = site
  const { html } = links(site)
  return {
    __typename: 'Repository',
    id: Buffer.from(`Repository:${repo.fullName}`).toString('base64'),
    name: repo.name,
    nameWithOwner: repo.fullName,
    url: html,
    defaultBranchRef: () => refNode(site, `refs/heads/${repo.defaultBranch}`),
    ref: (args: Args) => refNode(site, String(args.qualifiedName)),
    object: async (args: Args) => {
      if (args.oid == null) return commitById(site, String(args.expression))
      return commitById(site, String(args.oid))
    },
    releases: (args: Args) => {
      refuseFilters('releases', args, ['first', 'last', 'after', 'before', 'orderBy'])
      const order = args.orderBy as { field: string; direction: string } | undefined
      const sorted =
        order?.field === 'NAME'
          ? [...repo.releases].sort((a, b) => a.tagName.localeCompare(b.tagName))
          : [...repo.releases]
      // GitHub's default order is newest first.
      if (!order || order.direction === 'DESC') sorted.reverse()
      return connection('releases', sorted, args, release => releaseNode(site, release))
    },
    pullRequests: (args: Args) => {
      refuseFilters('pullRequests', args, [
        'first',
        'last',
        'after',
        'before',
        'orderBy',
        'states',
        'baseRefName',
        'headRefName',
        'labels'
      ])
      const states = args.states as string[] | undefined
      const labels = args.labels as string[] | undefined
      const pulls = repo.pulls.filter(
        pull =>
          (!states || states.includes(pullState(pull))) &&
          (args.baseRefName == null || pull.baseRef === args.baseRefName) &&
          (args.headRefName == null || pull.headRef === args.headRefName) &&
          (!labels || labels.some(label => pull.labels.includes(label)))
      )
      // Numbers grow with creation, so CREATED_AT orders as the number does (GitHub's default is ascending).
      const order = args.orderBy as { direction: string } | undefined
      if (order?.direction === 'DESC') pulls.reverse()
      return connection('pullRequests', pulls, args, pull => pullNode(site, pull))
    }
  }
}
