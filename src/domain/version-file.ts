import semver from 'semver'

/** Files that hold a version when `version-file` is not set, in the order they are looked for. */
export const DEFAULT_VERSION_FILES = ['package.json', 'VERSION'] as const

export function isJsonVersionFile(path: string): boolean {
  return path.toLowerCase().endsWith('.json')
}

/** The version a version file holds: `version` of a JSON manifest, or the first line of a plain file. */
export function parseVersionFile(path: string, text: string): string | null {
  if (isJsonVersionFile(path)) {
    try {
      const version = (JSON.parse(text) as { version?: unknown }).version
      return typeof version === 'string' ? semver.valid(version) : null
    } catch {
      return null
    }
  }
  const firstLine = text.split(/\r?\n/, 1)[0]?.trim() ?? ''
  return semver.valid(firstLine.replace(/^v/, ''))
}

/** The indentation a JSON document uses (two spaces when it cannot be told), and whether it ends with a newline. */
function jsonStyle(text: string): { indent: string; newline: string } {
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  '
  const newline = /\r?\n$/.exec(text)?.[0] ?? ''
  return { indent, newline }
}

/** The version file with the new version; everything else in it, formatting included, stays as it was. */
export function writeVersionFile(path: string, text: string, version: string): string {
  if (isJsonVersionFile(path)) {
    const { indent, newline } = jsonStyle(text)
    const manifest = JSON.parse(text) as Record<string, unknown>
    manifest.version = version
    const body = JSON.stringify(manifest, null, indent)
    return (text.includes('\r\n') ? body.replace(/\n/g, '\r\n') : body) + newline
  }
  const [first = '', ...rest] = text.split('\n')
  const prefix = first.trim().startsWith('v') ? 'v' : ''
  const eol = first.endsWith('\r') ? '\r' : ''
  return [`${prefix}${version}${eol}`, ...rest].join('\n') + (text === '' ? '\n' : '')
}

/** package-lock.json with the root package's version (lockfile v1 `version`, v2/v3 also `packages[""].version`). */
export function writePackageLock(text: string, version: string): string {
  const { indent, newline } = jsonStyle(text)
  const lock = JSON.parse(text) as { version?: string; packages?: Record<string, { version?: string }> }
  if (typeof lock.version === 'string') lock.version = version
  const root = lock.packages?.['']
  if (root && typeof root.version === 'string') root.version = version
  return JSON.stringify(lock, null, indent) + newline
}

/** The changelog with a new section for this release on top, below a leading `# ` title if it has one. */
export function prependChangelog(text: string | null, heading: string, notes: string): string {
  const section = `${heading}\n\n${notes.trim()}\n`
  if (text === null || text.trim() === '') return `# Changelog\n\n${section}`
  const title = /^# .*\n+/.exec(text)
  if (!title) return `${section}\n${text}`
  return `${title[0]}${section}\n${text.slice(title[0].length)}`
}

/** The dependency fields of a package.json whose ranges on a released sibling package are kept up to date. */
export const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies'
] as const

export interface RangeUpdate {
  /** The dependency (a sibling package's npm name) and the field it is in. */
  name: string
  field: (typeof DEPENDENCY_FIELDS)[number]
  from: string
  to: string
}

const SIMPLE_RANGE = /^(workspace:)?(\^|~|>=)?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/

/**
 * A range moved to a new version, its operator kept (^1.2.0 → ^1.3.0, workspace:~1.2.0 → workspace:~1.3.0);
 * null for a range left as it is: `workspace:*` and its kin (the package manager fills them in when publishing),
 * tags, URLs and compound ranges a person wrote on purpose.
 */
export function movedRange(range: string, version: string): string | null {
  const match = SIMPLE_RANGE.exec(range.trim())
  if (!match || match[3] === version) return null
  return `${match[1] ?? ''}${match[2] ?? ''}${version}`
}

/** The npm name a package.json gives, or null. */
export function packageName(text: string): string | null {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name
    return typeof name === 'string' && name !== '' ? name : null
  } catch {
    return null
  }
}

/** A package.json with its ranges on released packages (npm name → new version) moved; formatting kept. */
export function writeDependencyRanges(
  text: string,
  released: ReadonlyMap<string, string>
): { text: string; updates: RangeUpdate[] } {
  let manifest: Record<string, unknown>
  try {
    manifest = JSON.parse(text) as Record<string, unknown>
  } catch {
    return { text, updates: [] }
  }
  const updates: RangeUpdate[] = []
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = manifest[field]
    if (dependencies === null || typeof dependencies !== 'object') continue
    for (const [name, range] of Object.entries(dependencies as Record<string, unknown>)) {
      const version = released.get(name)
      const to = version !== undefined && typeof range === 'string' ? movedRange(range, version) : null
      if (to === null) continue
      ;(dependencies as Record<string, string>)[name] = to
      updates.push({ name, field, from: range as string, to })
    }
  }
  if (updates.length === 0) return { text, updates }
  const { indent, newline } = jsonStyle(text)
  const body = JSON.stringify(manifest, null, indent)
  return { text: (text.includes('\r\n') ? body.replace(/\n/g, '\r\n') : body) + newline, updates }
}

/**
 * An npm workspaces package-lock.json with the released packages' versions (folder → version; '' is the root):
 * its `packages["<folder>"].version` entries, and the root's `version` too.
 */
export function writeWorkspaceLock(text: string, versions: ReadonlyMap<string, string>): string | null {
  let lock: { version?: string; packages?: Record<string, { version?: string }> }
  try {
    lock = JSON.parse(text) as typeof lock
  } catch {
    return null
  }
  let changed = false
  for (const [folder, version] of versions) {
    const entry = lock.packages?.[folder]
    if (entry && typeof entry.version === 'string' && entry.version !== version) {
      entry.version = version
      changed = true
    }
    if (folder === '' && typeof lock.version === 'string' && lock.version !== version) {
      lock.version = version
      changed = true
    }
  }
  if (!changed) return null
  const { indent, newline } = jsonStyle(text)
  return JSON.stringify(lock, null, indent) + newline
}
