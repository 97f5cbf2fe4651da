import type { AnalysedCommit } from './commits.js'
import { blockMarkdown, inlineMarkdown } from './notes-markdown.js'

/** Where links in the notes point: the repository's pages on the GitHub server. */
export interface RepositoryLinks {
  /** e.g. https://github.com/owner/repo */
  htmlUrl: string
}

/** Which commits get a section, like the `types` option of conventional-changelog's conventionalcommits preset. */
export interface NotesSection {
  /** A Conventional Commits type: `feat`, `fix`, `docs`, `revert`… */
  type: string
  /** The section's title; types with the same title share the section. Default: the type. */
  section?: string
  /** Leaves the type out of the notes. */
  hidden?: boolean
}

export const DEFAULT_NOTES_SECTIONS: readonly NotesSection[] = [
  { type: 'feat', section: 'Features' },
  { type: 'fix', section: 'Bug fixes' },
  { type: 'perf', section: 'Performance' },
  { type: 'revert', section: 'Reverts' }
]

export interface NotesInput {
  version: string
  tag: string
  previousTag: string | null
  commits: readonly AnalysedCommit[]
  links: RepositoryLinks
  /**
   * The sections after the breaking changes, in order; replaces the defaults (Features, Bug fixes, Performance,
   * Reverts). A type not listed is left out. Breaking changes are always listed, first.
   */
  sections?: readonly NotesSection[]
}

const BREAKING_TITLE = '⚠ Breaking changes'
const MAX_ENTRIES_PER_SECTION = 100
// GitHub refuses a release body over 125,000 characters; the rest of the budget is the compare link's.
const MAX_NOTES_LENGTH = 120_000
const MAX_SUBJECT_LENGTH = 300
const MAX_NOTE_LENGTH = 3_000
const MAX_COMMIT_LINKS = 3

export function compareUrl(links: RepositoryLinks, from: string, to: string): string {
  return `${links.htmlUrl}/compare/${encodeURIComponent(from)}...${encodeURIComponent(to)}`
}

export function commitUrl(links: RepositoryLinks, sha: string): string {
  return `${links.htmlUrl}/commit/${sha}`
}

/** Commits that say the same thing (a cherry-pick, a merge titled like its commit) are one entry. */
interface Entry {
  scope: string | null
  text: string
  commits: AnalysedCommit[]
}

function group(items: ReadonlyArray<{ commit: AnalysedCommit; text: string }>): Entry[] {
  const entries = new Map<string, Entry>()
  for (const { commit, text } of items) {
    const key = `${commit.scope ?? ''}\u0000${text}`
    const entry = entries.get(key)
    if (entry) entry.commits.push(commit)
    else entries.set(key, { scope: commit.scope, text, commits: [commit] })
  }
  return [...entries.values()]
}

/** The text cut to about `length` characters, at a line or a space when one is near, never inside a `#12`. */
function truncate(text: string, length: number, atLine = false): string {
  if (text.length <= length) return text
  const cut = text.lastIndexOf(atLine ? '\n' : ' ', length)
  const kept = text.slice(0, cut > length / 2 ? cut : length).replace(/#\d*$/, '')
  return `${kept.trimEnd()}…`
}

const LIST_OR_FENCE = /^\s*(?:[-*+]\s|\d{1,9}[.)]\s|`{3,}|~{3,})/

function renderEntry(entry: Entry, links: RepositoryLinks, multiLine: boolean): string {
  const linked = new Set<number>()
  const options = { pullRequestUrl: (number: number) => `${links.htmlUrl}/pull/${number}`, linked }
  const scope = entry.scope ? `**${inlineMarkdown(entry.scope)}:** ` : ''
  const refs = () => {
    const shown = entry.commits.slice(0, MAX_COMMIT_LINKS)
    const parts = shown.map(commit => `[${commit.sha.slice(0, 7)}](${commitUrl(links, commit.sha)})`)
    if (entry.commits.length > shown.length) parts.push(`${entry.commits.length - shown.length} more`)
    const pullRequests = new Set(entry.commits.flatMap(commit => commit.pullRequests))
    for (const number of pullRequests) {
      if (!linked.has(number)) parts.push(`[#${number}](${options.pullRequestUrl(number)})`)
    }
    return ` (${parts.join(', ')})`
  }
  if (!multiLine)
    return `- ${scope}${inlineMarkdown(truncate(entry.text, MAX_SUBJECT_LENGTH), options)}${refs()}`

  const lines = blockMarkdown(truncate(entry.text, MAX_NOTE_LENGTH, true), options)
  while (lines.length > 0 && !lines[lines.length - 1]) lines.pop()
  let lead = 0
  while (lead < lines.length && lines[lead] && !LIST_OR_FENCE.test(lines[lead] as string)) lead++
  const indent = (line: string) => (line ? `  ${line}` : '')
  if (lead === 0) {
    // The note starts with a list or code: the commit's subject leads it.
    const subject = inlineMarkdown(truncate(entry.commits[0]?.subject ?? '', MAX_SUBJECT_LENGTH), options)
    return [`- ${scope}${subject}${refs()}`, ...lines.map(indent)].join('\n')
  }
  const paragraph = lines.slice(0, lead)
  paragraph[lead - 1] += refs()
  const [first, ...rest] = [...paragraph, ...lines.slice(lead)]
  return [`- ${scope}${first}`, ...rest.map(indent)].join('\n')
}

function sectionsOf(rules: readonly NotesSection[]): Array<{ title: string; types: Set<string> }> {
  const decided = new Set<string>()
  const sections: Array<{ title: string; types: Set<string> }> = []
  for (const rule of rules) {
    const type = rule.type.toLowerCase()
    if (decided.has(type)) continue
    decided.add(type)
    if (rule.hidden) continue
    const title = rule.section ?? rule.type
    const section = sections.find(existing => existing.title === title)
    if (section) section.types.add(type)
    else sections.push({ title, types: new Set([type]) })
  }
  return sections
}

/**
 * Release notes in the Conventional Commits style: breaking changes first, then one section per type (features,
 * fixes, performance and releasing reverts unless `sections` says otherwise). Commits a revert cancelled, merge
 * commits and trailers are left out. Each section lists at most 100 entries and the notes stay under GitHub's
 * limit for a release body; the compare link has the rest.
 */
export function renderConventionalNotes(input: NotesInput): string {
  const { links } = input
  const commits = input.commits.filter(commit => commit.cancelledWith === null)
  const parts: string[] = []
  let budget = MAX_NOTES_LENGTH
  const section = (title: string, entries: Entry[], multiLine: boolean) => {
    if (entries.length === 0 || budget <= 0) return
    const shown: string[] = []
    for (const entry of entries.slice(0, MAX_ENTRIES_PER_SECTION)) {
      const text = renderEntry(entry, links, multiLine)
      if (text.length + 1 > budget) break
      budget -= text.length + 1
      shown.push(text)
    }
    if (entries.length > shown.length) shown.push(`- …and ${entries.length - shown.length} more`)
    parts.push(`### ${inlineMarkdown(title)}\n\n${shown.join('\n')}`)
    budget -= title.length + 6
  }

  const breaking = commits.filter(commit => commit.breaking)
  section(
    BREAKING_TITLE,
    group(
      breaking.flatMap(commit =>
        commit.breakingNotes.length > 0
          ? commit.breakingNotes.map(text => ({ commit, text }))
          : [{ commit, text: commit.subject }]
      )
    ),
    true
  )
  for (const { title, types } of sectionsOf(input.sections ?? DEFAULT_NOTES_SECTIONS)) {
    const listed = commits.filter(
      commit =>
        commit.type !== null &&
        types.has(commit.type) &&
        // A revert is news only when it releases: not the revert of a chore.
        (commit.reverts === null || commit.releaseType !== null)
    )
    section(title, group(listed.map(commit => ({ commit, text: commit.subject }))), false)
  }
  if (parts.length === 0) parts.push('No user-facing changes.')
  if (input.previousTag) {
    parts.push(`**Full changelog**: ${compareUrl(links, input.previousTag, input.tag)}`)
  }
  return parts.join('\n\n') + '\n'
}
