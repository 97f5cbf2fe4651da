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
