import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { GitRepo } from './git.js'

// Reads of a GitRepo that only the git-data and GraphQL endpoints need: trees, blobs as bytes, and a branch's head
// without git.

const run = promisify(execFile)

/** A blob's bytes, or null when the id names no blob. */
export async function readBlob(repo: GitRepo, sha: string): Promise<Buffer | null> {
  if ((await repo.objectType(sha)) !== 'blob') return null
  const { stdout } = await run('git', ['cat-file', 'blob', sha], {
    cwd: repo.dir,
    encoding: 'buffer',
    maxBuffer: 100 * 1024 * 1024
  })
  return stdout
}

export interface TreeEntry {
  mode: string
  type: string
  sha: string
  /** Blobs only. */
  size: number | null
  path: string
}

/** A tree's entries (every entry below it when recursive, trees included), or null for no such tree. */
export async function readTree(
  repo: GitRepo,
  name: string,
  recursive: boolean
): Promise<{ sha: string; entries: TreeEntry[] } | null> {
  let sha: string
  try {
    sha = (await repo.git(['rev-parse', '--verify', '--quiet', `${name}^{tree}`])).trim()
  } catch {
    return null
  }
  const listing = await repo.git(['ls-tree', '--long', ...(recursive ? ['-r', '-t'] : []), sha])
  const entries = listing
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [meta, path] = line.split('\t')
      const [mode, type, object, size] = meta!.split(/\s+/)
      return { mode: mode!, type: type!, sha: object!, size: size === '-' ? null : Number(size), path: path! }
    })
  return { sha, entries }
}

/**
 * The commit a branch points at, read from the ref files as git does (a loose ref, else packed-refs) without a
 * git process: clients that page through a branch's history in GraphQL name the branch once per page.
 */
export async function branchHead(repo: GitRepo, branch: string): Promise<string | null> {
  const ref = `refs/heads/${branch}`
  const gitDir = [join(repo.dir, '.git'), repo.dir].find(dir => existsSync(join(dir, 'HEAD')))
  if (!gitDir) return (await repo.refs(ref)).find(found => found.ref === ref)?.commit ?? null
  const loose = join(gitDir, ref)
  if (existsSync(loose)) return readFileSync(loose, 'utf8').trim()
  const packed = join(gitDir, 'packed-refs')
  if (!existsSync(packed)) return null
  const line = readFileSync(packed, 'utf8')
    .split('\n')
    .find(entry => entry.endsWith(` ${ref}`))
  return line ? line.slice(0, 40) : null
}
