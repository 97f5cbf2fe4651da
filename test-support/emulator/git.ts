import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface GitCommit {
  sha: string
  tree: string
  parents: string[]
  author: { name: string; email: string; date: string }
  committer: { name: string; email: string; date: string }
  message: string
}

const FIELD = '\x1f'
const RECORD = '\x1e'
const FORMAT = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x1f') + '%x1e'

function parseCommits(output: string): GitCommit[] {
  return output
    .split(RECORD)
    .map(record => record.replace(/^\n/, ''))
    .filter(record => record.length > 0)
    .map(record => {
      const [sha, tree, parents, an, ae, ad, cn, ce, cd, message] = record.split(FIELD)
      return {
        sha: sha!,
        tree: tree!,
        parents: parents ? parents.split(' ') : [],
        author: { name: an!, email: ae!, date: new Date(ad!).toISOString().replace('.000Z', 'Z') },
        committer: { name: cn!, email: ce!, date: new Date(cd!).toISOString().replace('.000Z', 'Z') },
        message: (message ?? '').replace(/\n+$/, '')
      }
    })
}

export class GitError extends Error {}

/** Which commits of a history to list: those touching a path, committed within a window (see filteredHistory). */
export interface HistoryFilter {
  /** A file or directory of the repository, without leading or trailing slashes; '' or undefined: all of it. */
  path?: string
  /** Unix seconds: only commits whose committer date is at or after it. */
  since?: number
  /** Unix seconds: only commits whose committer date is at or before it. */
  until?: number
}

/** A file a diff changed, with its blob before and after (all zeros where there is none). */
export interface DiffEntry {
  /** git's status letter: A, D, M or T (renames are not detected, as in changedFiles). */
  status: string
  filename: string
  oldSha: string
  newSha: string
}

const SHA = /^[0-9a-f]{40}$/

/**
 * A real git repository on disk, the single source of truth for refs, tags and history in the emulator. What
 * follows from object ids alone (a commit, a range, a merge base) never changes, so it is read from git once.
 */
export class GitRepo {
  private readonly memo = new Map<string, Promise<unknown>>()
  /** The files each commit changed against its first parent, filled a stretch of history at a time. */
  /** Every commit a history read met, by id: a commit never changes, so it need not be read again. */
  private readonly commitsById = new Map<string, GitCommit>()
  private readonly filesByCommit = new Map<string, Array<{ status: string; filename: string }>>()
  /**
   * How filteredHistory filters by date: 'git' with `--since-as-filter`/`--until`, 'js' over the path's history (for
   * a git older than 2.37, which lacks --since-as-filter: the first such read finds out and switches to 'js').
   */
  dateFilter: 'git' | 'js' = 'git'

  constructor(readonly dir: string) {}

  /** Reads once what the key names; a failed read is forgotten, so it is tried again. */
  private remember<T>(key: string, read: () => Promise<T>): Promise<T> {
    let found = this.memo.get(key) as Promise<T> | undefined
    if (!found) {
      found = read()
      this.memo.set(key, found)
      found.catch(() => this.memo.delete(key))
    }
    return found
  }

  async git(args: string[], input?: string | Buffer): Promise<string> {
    if (input !== undefined) return this.gitWithInput(args, input)
    try {
      const { stdout } = await run('git', args, {
        cwd: this.dir,
        maxBuffer: 512 * 1024 * 1024,
        encoding: 'utf8'
      })
      return stdout
    } catch (error) {
      throw new GitError(
        `git ${args.join(' ')}: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`
      )
    }
  }

  /** git with extra environment (e.g. a scratch GIT_INDEX_FILE). */
  async gitEnv(args: string[], env: Record<string, string>): Promise<string> {
    try {
      const { stdout } = await run('git', args, {
        cwd: this.dir,
        env: { ...process.env, ...env },
        encoding: 'utf8'
      })
      return stdout
    } catch (error) {
      throw new GitError(
        `git ${args.join(' ')}: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`
      )
    }
  }

  private gitWithInput(args: string[], input: string | Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.dir })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', chunk => (stdout += chunk))
      child.stderr.on('data', chunk => (stderr += chunk))
      child.on('error', reject)
      child.on('close', code =>
        code === 0 ? resolve(stdout) : reject(new GitError(`git ${args.join(' ')}: ${stderr}`))
      )
      child.stdin.end(input)
    })
  }

  /** The commit a name resolves to, or null. */
  async resolveCommit(name: string): Promise<string | null> {
    const read = async () => {
      try {
        return (await this.git(['rev-parse', '--verify', '--quiet', `${name}^{commit}`])).trim() || null
      } catch {
        return null
      }
    }
    // A ref may move; a commit id always names the same commit, though it may not exist yet.
    if (!SHA.test(name)) return read()
    if (this.commitsById.has(name)) return name
    const key = `resolve:${name}`
    const sha = await this.remember(key, read)
    if (sha === null) this.memo.delete(key)
    return sha
  }

  async objectType(sha: string): Promise<string | null> {
    try {
      return (await this.git(['cat-file', '-t', sha])).trim()
    } catch {
      return null
    }
  }

  async commit(name: string): Promise<GitCommit | null> {
    const known = this.commitsById.get(name)
    if (known) return known
    const sha = await this.resolveCommit(name)
    if (!sha) return null
    return this.remember(
      `commit:${sha}`,
      async () => parseCommits(await this.git(['log', '-1', `--format=${FORMAT}`, sha]))[0] ?? null
    )
  }

  /** Commits in `head` but not in `base`. */
  async count(base: string, head: string): Promise<number> {
    const read = async () => Number((await this.git(['rev-list', '--count', `${base}..${head}`])).trim())
    return SHA.test(base) && SHA.test(head) ? this.remember(`count:${base}..${head}`, read) : read()
  }

  /** Commits in base..head, oldest first (as GitHub's compare lists them). */
  async range(base: string, head: string): Promise<GitCommit[]> {
    const read = async () =>
      parseCommits(
        await this.git(['log', '--reverse', '--topo-order', `--format=${FORMAT}`, `${base}..${head}`])
      )
    return SHA.test(base) && SHA.test(head) ? this.remember(`range:${base}..${head}`, read) : read()
  }

  /** A commit's whole history, newest first: read once per commit, then every page is a slice of it. */
  async history(head: string): Promise<GitCommit[]> {
    const read = async () => {
      const commits = parseCommits(await this.git(['log', `--format=${FORMAT}`, head]))
      for (const commit of commits) this.commitsById.set(commit.sha, commit)
      return commits
    }
    return SHA.test(head) ? this.remember(`history:${head}`, read) : read()
  }

  /**
   * A commit's history cut to the commits that touch a path and were committed within [since, until], in git log's
   * order (newest first); read once per (head, path, since, until).
   *
   * The path filter is git's own (`git log <head> -- <path>` with its default history simplification): a merge
   * that took a side's version of the path whole is left out, as are commits that did not change the path.
   * Pathspec magic is off (--literal-pathspecs), so `*` or `:(glob)` in a path are plain characters, as in a file
   * name.
   *
   * The dates are the committer's, as `git log --since/--until` compares them, both ends inclusive. They filter
   * the listed commits and never shorten the walk. Plain `--since` stops walking a line of history at the first
   * commit older than it, which hides newer commits behind an old-dated one (a merged branch made on a machine
   * with a wrong clock, a commit imported from elsewhere). Assumed, not verified against GitHub: its docs describe
   * `since` as a filter ("only show results that were last updated after the given time", "only commits before
   * this date" for `until`) and say nothing of such a cut, and a client asking "what changed since the last
   * release" must not lose commits to it. So git's `--since-as-filter` (git 2.37+) is used, and with an older git
   * the same filter is applied to the path's history here (dateFilter 'js'); a test checks that the two agree.
   */
  async filteredHistory(head: string, filter: HistoryFilter): Promise<GitCommit[]> {
    const path = filter.path ?? ''
    const { since, until } = filter
    if (since === undefined && until === undefined)
      return path ? this.pathHistory(head, path) : this.history(head)
    const key = `history:${JSON.stringify([head, path, since ?? null, until ?? null])}`
    const read = async (): Promise<GitCommit[]> => {
      if (this.dateFilter !== 'js') {
        try {
          return this.known(parseCommits(await this.git(this.logArgs(head, path, since, until))))
        } catch (error) {
          if (!(error instanceof GitError) || !/since-as-filter/.test(error.message)) throw error
          this.dateFilter = 'js'
        }
      }
      const all = path ? await this.pathHistory(head, path) : await this.history(head)
      return all.filter(commit => {
        const seconds = Date.parse(commit.committer.date) / 1000
        return (since === undefined || seconds >= since) && (until === undefined || seconds <= until)
      })
    }
    return SHA.test(head) ? this.remember(key, read) : read()
  }

  /** The commits of a history that touch a path (git's default simplification), newest first. */
  private pathHistory(head: string, path: string): Promise<GitCommit[]> {
    const read = async () => this.known(parseCommits(await this.git(this.logArgs(head, path))))
    return SHA.test(head) ? this.remember(`history:${JSON.stringify([head, path])}`, read) : read()
  }

  private logArgs(head: string, path: string, since?: number, until?: number): string[] {
    return [
      '--literal-pathspecs',
      'log',
      `--format=${FORMAT}`,
      ...(since === undefined ? [] : [`--since-as-filter=@${since} +0000`]),
      ...(until === undefined ? [] : [`--until=@${until} +0000`]),
      head,
      '--',
      ...(path ? [path] : [])
    ]
  }

  /** Notes commits a history read met (a commit never changes), and hands them back. */
  private known(commits: GitCommit[]): GitCommit[] {
    for (const commit of commits) this.commitsById.set(commit.sha, commit)
    return commits
  }

  /** A page of a commit's history, newest first. */
  async log(head: string, skip: number, limit: number): Promise<GitCommit[]> {
    return (await this.history(head)).slice(skip, skip + limit)
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const read = async () => {
      try {
        return (await this.git(['merge-base', a, b])).trim() || null
      } catch {
        return null
      }
    }
    return SHA.test(a) && SHA.test(b) ? this.remember(`merge-base:${a}:${b}`, read) : read()
  }

  async changedFiles(base: string, head: string): Promise<Array<{ status: string; filename: string }>> {
    const read = async () =>
      (await this.git(['diff', '--name-status', '--no-renames', base, head]))
        .split('\n')
        .filter(Boolean)
        .map(line => {
          const [status, filename] = line.split('\t')
          return { status: status!, filename: filename! }
        })
    return SHA.test(base) && SHA.test(head) ? this.remember(`diff:${base}:${head}`, read) : read()
  }

  /** The files changed between two commits, with their blobs on either side (renames not detected). */
  async diffEntries(base: string, head: string): Promise<DiffEntry[]> {
    const read = async () => {
      const fields = (
        await this.git(['diff', '--raw', '-z', '--no-renames', '--no-abbrev', base, head])
      ).split('\0')
      const entries: DiffEntry[] = []
      // -z --raw: ":<old mode> <new mode> <old blob> <new blob> <status>" NUL "<path>" NUL, repeated.
      for (let index = 0; index + 1 < fields.length; index += 2) {
        const [, , oldSha, newSha, status] = fields[index]!.slice(1).split(' ')
        entries.push({ status: status!, filename: fields[index + 1]!, oldSha: oldSha!, newSha: newSha! })
      }
      return entries
    }
    return SHA.test(base) && SHA.test(head) ? this.remember(`raw-diff:${base}:${head}`, read) : read()
  }

  /**
   * The files a commit changed against its first parent (all of them for a root commit). Clients read a
   * history's commits one after another, so one git log reads this commit's and the next 500's.
   */
  async commitFiles(sha: string): Promise<Array<{ status: string; filename: string }>> {
    const known = this.filesByCommit.get(sha)
    if (known) return known
    const output = await this.git([
      'log',
      '--diff-merges=first-parent',
      '--no-renames',
      '--name-status',
      '--format=%x1e%H',
      '-n',
      '500',
      sha
    ])
    for (const record of output.split(RECORD).slice(1)) {
      const [commit, ...lines] = record.split('\n')
      const files = lines.filter(Boolean).map(line => {
        const [status, filename] = line.split('\t')
        return { status: status!, filename: filename! }
      })
      this.filesByCommit.set(commit!, files)
    }
    return this.filesByCommit.get(sha) ?? []
  }

  /** Every ref under a prefix with the object it names, and the commit it peels to. */
  async refs(prefix: string): Promise<Array<{ ref: string; sha: string; type: string; commit: string }>> {
    const output = await this.git([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(objecttype)%00%(*objectname)',
      prefix
    ])
    return output
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [ref, sha, type, peeled] = line.split('\0')
        return { ref: ref!, sha: sha!, type: type!, commit: peeled || sha! }
      })
  }

  /** Creates a ref only if it does not exist (git's own compare-and-swap against the null id). */
  async createRef(ref: string, sha: string): Promise<boolean> {
    try {
      await this.git(['update-ref', ref, sha, '0'.repeat(40)])
      return true
    } catch {
      return false
    }
  }

  /** Deletes a ref only if it still points at `expected`. */
  async deleteRef(ref: string, expected: string): Promise<boolean> {
    try {
      await this.git(['update-ref', '-d', ref, expected])
      return true
    } catch {
      return false
    }
  }

  /** Moves a ref only if it still points at `expected`. */
  async updateRef(ref: string, sha: string, expected: string): Promise<boolean> {
    try {
      await this.git(['update-ref', ref, sha, expected])
      return true
    } catch {
      return false
    }
  }

  async readFile(commit: string, path: string): Promise<{ content: Buffer; sha: string } | null> {
    try {
      const sha = (await this.git(['rev-parse', `${commit}:${path}`])).trim()
      if ((await this.objectType(sha)) !== 'blob') return null
      const { stdout } = await run('git', ['cat-file', 'blob', sha], {
        cwd: this.dir,
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024
      })
      return { content: stdout, sha }
    } catch {
      return null
    }
  }
}
