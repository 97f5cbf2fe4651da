import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Ada Lovelace',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Lovelace',
  GIT_COMMITTER_EMAIL: 'ada@example.com'
}

/** When a commit was made, if not at the fixture's clock: ISO 8601 or anything else git reads as a date. */
export interface CommitDates {
  /** The committer date (what `git log --since` and GitHub's `since` compare), and the author date too unless given. */
  date?: string
  /** The author date alone (a rebased or cherry-picked commit keeps its author date and gets a new committer date). */
  authorDate?: string
}

/** A real git repository in a temporary folder, for the emulator to serve. */
export class GitFixture {
  readonly dir: string
  private clock = Date.UTC(2026, 0, 1) / 1000

  constructor(readonly defaultBranch = 'main') {
    this.dir = mkdtempSync(join(tmpdir(), 'autonomous-release-repo-'))
    this.git(['init', '--quiet', `--initial-branch=${defaultBranch}`])
  }

  git(args: string[], input?: string, dates: CommitDates = {}): string {
    this.clock += 60
    const date = `${this.clock} +0000`
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      input,
      maxBuffer: 256 * 1024 * 1024,
      env: {
        PATH: process.env.PATH,
        HOME: this.dir,
        ...IDENTITY,
        GIT_AUTHOR_DATE: dates.authorDate ?? dates.date ?? date,
        GIT_COMMITTER_DATE: dates.date ?? date
      }
    }).trim()
  }

  /**
   * Commits (the files given, or a change to a counter file) and returns the sha; at the fixture's clock (a minute
   * after the last git command) unless `dates` says when.
   */
  commit(message: string, files: Record<string, string> = {}, dates: CommitDates = {}): string {
    const entries = Object.keys(files).length > 0 ? files : { 'changes.txt': `${message}\n${this.clock}\n` }
    for (const [path, content] of Object.entries(entries)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true })
      writeFileSync(join(this.dir, path), content)
    }
    this.git(['add', '--all'])
    this.git(['commit', '--quiet', '--allow-empty', '-m', message], undefined, dates)
    return this.head()
  }

  head(ref = 'HEAD'): string {
    return this.git(['rev-parse', ref])
  }

  /** Merges a branch into the current one with a merge commit, as GitHub's merge button does. */
  merge(branch: string, message: string): string {
    this.git(['merge', '--quiet', '--no-ff', '-m', message, branch])
    return this.head()
  }

  tag(name: string, ref = 'HEAD'): string {
    this.git(['tag', name, ref])
    return this.head(ref)
  }

  checkout(branch: string, create = false): void {
    this.git(create ? ['checkout', '--quiet', '-b', branch] : ['checkout', '--quiet', branch])
  }

  /**
   * Appends many commits at once with git fast-import (10,000 take well under a second): empty ones, or ones that
   * write the files `files` gives for their index (path → content).
   */
  bulkCommits(
    count: number,
    message: (index: number) => string,
    files?: (index: number) => Record<string, string>
  ): string {
    const parent = this.head()
    const branch = this.git(['symbolic-ref', 'HEAD'])
    const lines: string[] = []
    for (let index = 0; index < count; index++) {
      const text = message(index)
      const when = this.clock + index
      lines.push(
        `commit ${branch}`,
        `mark :${index + 1}`,
        `author Ada Lovelace <ada@example.com> ${when} +0000`,
        `committer Ada Lovelace <ada@example.com> ${when} +0000`,
        `data ${Buffer.byteLength(text)}`,
        text,
        index === 0 ? `from ${parent}` : `from :${index}`
      )
      for (const [path, content] of Object.entries(files?.(index) ?? {}))
        lines.push(`M 100644 inline ${path}`, `data ${Buffer.byteLength(content)}`, content)
      lines.push('')
    }
    this.git(['fast-import', '--quiet'], lines.join('\n') + '\n')
    this.clock += count
    this.git(['reset', '--quiet', '--hard'])
    return this.head()
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
