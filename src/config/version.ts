import semver from 'semver'
import { PLACEHOLDERS, unknownPlaceholders } from '../domain/placeholders.js'
import type { BumpRequest } from '../domain/next-version.js'
import type { MakeLatest } from '../domain/release-tags.js'
import { DEFAULT_VERSION_FILES } from '../domain/version-file.js'
import { inputError } from '../errors.js'
import { yaml } from '../yaml.js'
import { isValidRefName } from './git-ref.js'
import type { NotesSection } from '../domain/notes.js'
import { quoted, type Inputs } from './readers.js'

export type { MakeLatest }

export type ReleaseNotesMode = 'conventional' | 'github' | 'none'

/** How the next version is chosen, tagged, written into the repository and described. */
export interface VersionConfig {
  bump: BumpRequest
  /** Pre-release identifier (`rc`, `beta`); empty for stable releases. */
  prereleaseId: string
  /** Prefix of release tags (`v` → `v1.2.3`); may be empty (`1.2.3`). */
  tagPrefix: string
  /** First version when there is no release tag; null means the version file's version, else 0.1.0. */
  initialVersion: string | null
  /** File holding the current version (`package.json` or `VERSION` style); null to look for the usual ones. */
  versionFile: string | null
  /** Write the new version to the version file (and changelog) in one commit through the API before tagging. */
  commitVersion: boolean
  /** Changelog to prepend the release notes to in that commit (e.g. CHANGELOG.md); null for none. */
  changelogFile: string | null
  /** Message of the version commit, with {version}, {tag}, {sha} and {previous-version} placeholders. */
  commitMessage: string
  releaseNotes: ReleaseNotesMode
  /** Sections of the conventional notes; null for the defaults. */
  releaseNotesTypes: NotesSection[] | null
  /** Keep the release a draft until the deploy succeeded. */
  draftUntilDeployed: boolean
  makeLatest: MakeLatest
  /** On a stable release that is the highest of its major line, move the major tag (v1) to it. */
  majorTag: boolean
  /** Likewise the minor tag (v1.2), for the highest of its minor line. */
  minorTag: boolean
}

/** Placeholders are release facts only; anything else in braces is a mistake worth naming. */
export function checkPlaceholders(name: string, text: string): void {
  const unknown = unknownPlaceholders(text)
  if (unknown.length > 0) {
    throw inputError(
      name,
      `{${unknown[0]}} is not a placeholder; use ${PLACEHOLDERS.map(p => `{${p}}`).join(', ')}.`
    )
  }
}

const BUMPS = ['auto', 'major', 'minor', 'patch', 'prerelease'] as const

function readBump(input: Inputs): BumpRequest {
  const value = input.text('bump')
  const choice = value.toLowerCase()
  if (choice === 'auto') return { kind: 'auto' }
  if (choice === 'prerelease') return { kind: 'prerelease' }
  if (choice === 'major' || choice === 'minor' || choice === 'patch') return { kind: 'type', type: choice }
  const exact = semver.valid(value.replace(/^v/, ''))
  if (exact) return { kind: 'exact', version: exact }
  throw inputError('bump', `${quoted(value)} is not one of ${BUMPS.join(', ')}, nor a version such as 1.2.3.`)
}

export function readVersion(input: Inputs, name: string): string | null {
  const value = input.text(name)
  if (value === '') return null
  const version = semver.valid(value.replace(/^v/, ''))
  if (!version) throw inputError(name, `${quoted(value)} is not a semantic version such as 1.2.3.`)
  return version
}

function readPrereleaseId(input: Inputs): string {
  const value = input.text('prerelease-id')
  // A letter first: a numeric identifier would sort as a number, and one with a leading 0 is not semver at all.
  if (value !== '' && !/^[A-Za-z][0-9A-Za-z-]{0,29}$/.test(value)) {
    throw inputError(
      'prerelease-id',
      `${quoted(value)} is not a pre-release identifier: start with a letter, then letters, digits and '-', such as rc or beta.`
    )
  }
  return value
}

/** Versions to check the shape of what tag-prefix and placeholders make, before there is a real one. */
export const SAMPLE_VERSIONS = ['1.2.3', '10.20.30-rc.0'] as const

// The part of a tag name a user chooses: letters, digits and . _ - / @ (api@1.2.3, changesets' @acme/api@1.2.3),
// not starting with '-', '.' or '/'.
const TAG_PREFIX = /^(?![-./])[A-Za-z0-9._/@-]{0,40}$/

export function readTagPrefix(input: Inputs): string {
  // Empty is a prefix too: tags like 1.2.3.
  const value = input.text('tag-prefix', { fallback: false })
  const fix =
    "use letters, digits, '.', '_', '-', '/' or '@' (not first), such as v, release- or api@, or leave it empty."
  if (
    !TAG_PREFIX.test(value) ||
    !SAMPLE_VERSIONS.every(version => isValidRefName(`refs/tags/${value}${version}`))
  )
    throw inputError('tag-prefix', `${quoted(value)} cannot start a git tag name: ${fix}`)
  if (/\d$/.test(value))
    throw inputError(
      'tag-prefix',
      `${quoted(value)} ends with a digit, which runs into the version (${value}1.2.3): end it with a letter, '-', '_', '.' or '/'.`
    )
  if (/^refs\//i.test(value))
    throw inputError(
      'tag-prefix',
      `${quoted(value)} starts with refs/: give the start of the tag's name only, such as v.`
    )
  return value
}

/** The changelog is written only by the version commit, and must not be one of the files that commit rewrites. */
function readChangelogFile(input: Inputs, commitVersion: boolean, versionFile: string | null): string | null {
  const file = input.path('changelog-file', 'CHANGELOG.md')
  if (file === null) return null
  if (!commitVersion)
    throw inputError(
      'changelog-file',
      'it is written only in the version commit: set commit-version: true as well, or leave changelog-file empty.'
    )
  const rewritten = [versionFile ?? DEFAULT_VERSION_FILES, 'package-lock.json'].flat()
  if (rewritten.some(path => path.toLowerCase() === file.toLowerCase()))
    throw inputError(
      'changelog-file',
      `${quoted(file)} is a file the version commit rewrites with the version; name a separate changelog, such as CHANGELOG.md.`
    )
  return file
}

function readCommitMessage(input: Inputs): string {
  const message = input.text('commit-message', { multiline: true, max: 2_000 })
  checkPlaceholders('commit-message', message)
  return message
}

const NOTES_TYPES_EXAMPLE = '[{type: feat, section: Features}, {type: docs, hidden: true}]'

/** The conventionalcommits preset's `types`: which commit types get which section, and which are hidden. */
function readNotesTypes(input: Inputs): NotesSection[] | null {
  const value = input.text('release-notes-types', { multiline: true, max: 10_000 })
  if (value === '') return null
  let parsed: unknown
  try {
    parsed = yaml().parse(value, { maxAliasCount: 0 })
  } catch (error) {
    throw inputError(
      'release-notes-types',
      `it is not YAML: ${(error as Error).message.split('\n')[0]}. Give a list such as ${NOTES_TYPES_EXAMPLE}.`
    )
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 50)
    throw inputError(
      'release-notes-types',
      `it must be a list of 1 to 50 entries such as ${NOTES_TYPES_EXAMPLE}.`
    )
  return parsed.map((entry: unknown, index) => {
    const { type, section, hidden, ...rest } = (entry ?? {}) as Record<string, unknown>
    const where = `entry ${index + 1}`
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw inputError(
        'release-notes-types',
        `${where} must be a map such as {type: feat, section: Features}.`
      )
    if (typeof type !== 'string' || !/^[a-z][a-z0-9-]{0,29}$/i.test(type))
      throw inputError('release-notes-types', `${where} needs a type: a commit type such as feat or fix.`)
    if (Object.keys(rest).length > 0)
      throw inputError(
        'release-notes-types',
        `${where} has ${Object.keys(rest).join(', ')}; use type, section and hidden.`
      )
    if (hidden !== undefined && typeof hidden !== 'boolean')
      throw inputError('release-notes-types', `${where}: hidden is true or false.`)
    if (
      section !== undefined &&
      (typeof section !== 'string' ||
        section.trim() === '' ||
        section.length > 100 ||
        /[\r\n<>]/.test(section))
    )
      throw inputError(
        'release-notes-types',
        `${where}: section is a title of at most 100 characters, on one line.`
      )
    if (section === undefined && hidden !== true)
      throw inputError('release-notes-types', `${where} needs a section title, or hidden: true.`)
    return {
      type: type.toLowerCase(),
      ...(section !== undefined ? { section: section.trim() } : {}),
      ...(hidden !== undefined ? { hidden } : {})
    }
  })
}

export function readVersionConfig(input: Inputs): VersionConfig {
  const versionFile = input.path('version-file', 'package.json or VERSION')
  const commitVersion = input.boolean('commit-version')
  return {
    bump: readBump(input),
    prereleaseId: readPrereleaseId(input),
    tagPrefix: readTagPrefix(input),
    initialVersion: readVersion(input, 'initial-version'),
    versionFile,
    commitVersion,
    changelogFile: readChangelogFile(input, commitVersion, versionFile),
    commitMessage: readCommitMessage(input),
    releaseNotes: input.choice('release-notes', ['conventional', 'github', 'none'] as const),
    releaseNotesTypes: readNotesTypes(input),
    draftUntilDeployed: input.boolean('draft-until-deployed'),
    makeLatest: input.choice('make-latest', ['true', 'false', 'legacy'] as const),
    majorTag: input.boolean('major-tag'),
    minorTag: input.boolean('minor-tag')
  }
}
