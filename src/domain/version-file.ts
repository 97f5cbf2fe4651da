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
