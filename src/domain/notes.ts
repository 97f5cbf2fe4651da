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

/** Release notes in the Conventional Commits style: breaking changes first, then features, fixes and performance. */
export function renderConventionalNotes(input: NotesInput): string {
  const { commits, links } = input
  const parts: string[] = []
  const breaking = commits.filter(commit => commit.breaking)
  if (breaking.length > 0) {
    const lines = breaking.flatMap(commit =>
      commit.breakingNotes.length > 0
        ? commit.breakingNotes.map(note => entry(commit, links, note))
        : [entry(commit, links)]
    )
    parts.push(`### ⚠ Breaking changes\n\n${lines.join('\n')}`)
  }
  for (const section of SECTIONS) {
    const lines = commits.filter(section.take).map(commit => entry(commit, links))
    if (lines.length > 0) parts.push(`### ${section.title}\n\n${lines.join('\n')}`)
  }
  if (parts.length === 0) parts.push('No user-facing changes.')
  if (input.previousTag) {
    parts.push(`**Full changelog**: ${compareUrl(links, input.previousTag, input.tag)}`)
  }
  return parts.join('\n\n') + '\n'
}
