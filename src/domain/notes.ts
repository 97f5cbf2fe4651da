import type { AnalysedCommit } from './commits.js'
import { escapeMarkdown, link } from './markdown.js'

/** Where links in the notes point: the repository's pages on the GitHub server. */
export interface RepositoryLinks {
  /** e.g. https://github.com/owner/repo */
  htmlUrl: string
}

export interface NotesInput {
  version: string
  tag: string
  previousTag: string | null
  commits: readonly AnalysedCommit[]
  links: RepositoryLinks
}

const MAX_ENTRIES_PER_SECTION = 100

const SECTIONS: ReadonlyArray<{ title: string; take: (commit: AnalysedCommit) => boolean }> = [
  { title: 'Features', take: commit => commit.type === 'feat' },
  { title: 'Bug fixes', take: commit => commit.type === 'fix' },
  { title: 'Performance', take: commit => commit.type === 'perf' }
]

export function compareUrl(links: RepositoryLinks, from: string, to: string): string {
  return `${links.htmlUrl}/compare/${encodeURIComponent(from)}...${encodeURIComponent(to)}`
}

export function commitUrl(links: RepositoryLinks, sha: string): string {
  return `${links.htmlUrl}/commit/${sha}`
}

function entry(commit: AnalysedCommit, links: RepositoryLinks, text = commit.subject): string {
  const scope = commit.scope ? `**${escapeMarkdown(commit.scope)}:** ` : ''
  const refs = [link(commit.sha.slice(0, 7), commitUrl(links, commit.sha))]
  if (commit.pullRequest !== null)
    refs.push(link(`#${commit.pullRequest}`, `${links.htmlUrl}/pull/${commit.pullRequest}`))
  return `- ${scope}${escapeMarkdown(text)} (${refs.join(', ')})`
}

/**
 * Release notes in the Conventional Commits style: breaking changes first, then features, fixes and performance.
 * Each section lists at most 100 entries (GitHub caps a release body at 125,000 characters); the compare link
 * has the rest.
 */
export function renderConventionalNotes(input: NotesInput): string {
  const { commits, links } = input
  const parts: string[] = []
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return
    const shown = lines.slice(0, MAX_ENTRIES_PER_SECTION)
    if (lines.length > shown.length) shown.push(`- …and ${lines.length - shown.length} more`)
    parts.push(`### ${title}\n\n${shown.join('\n')}`)
  }
  section(
    '⚠ Breaking changes',
    commits
      .filter(commit => commit.breaking)
      .flatMap(commit =>
        commit.breakingNotes.length > 0
          ? commit.breakingNotes.map(note => entry(commit, links, note))
          : [entry(commit, links)]
      )
  )
  for (const { title, take } of SECTIONS)
    section(
      title,
      commits.filter(take).map(commit => entry(commit, links))
    )
  if (parts.length === 0) parts.push('No user-facing changes.')
  if (input.previousTag) {
    parts.push(`**Full changelog**: ${compareUrl(links, input.previousTag, input.tag)}`)
  }
  return parts.join('\n\n') + '\n'
}
