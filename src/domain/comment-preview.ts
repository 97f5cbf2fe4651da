import type { ReleaseType } from './commits.js'
import { escapeMarkdown, link } from './markdown.js'
import { commitUrl, type RepositoryLinks } from './notes.js'
import { cutToBytes, neutraliseMentions, sanitiseMarkdownDocument } from './untrusted.js'

/** The hidden marker the sticky preview comment is found by. */
export const PREVIEW_MARKER = '<!-- autonomous-release:preview -->'

/** A gate that would stop the release, as the preview sees it now. */
export interface PreviewGate {
  name: string
  state: 'pass' | 'stop' | 'wait' | 'info'
  /** Plain (untrusted parts are escaped when rendered). */
  detail: string
}

/** A commit that asks for a release, and whether this pull request brings it or it waits on the base already. */
export interface PreviewCause {
  sha: string
  header: string
  releaseType: ReleaseType
  fromPullRequest: boolean
}

/** What merging the pull request now would do. Everything in it is for people to read. */
export interface PreviewPlan {
  pullRequest: { number: number; headSha: string; baseRef: string }
  /** The version merging would release, or null when it would release nothing. */
  release: { version: string; tag: string; previousVersion: string | null; reason: string } | null
  /** Why nothing would be released, when `release` is null. */
  nothingReason: string
  causes: PreviewCause[]
  notes: string
  labels: { releaseLabel: string; present: boolean; bumpLabel: string | null }
  gates: PreviewGate[]
  /** With squash: whether the title is a Conventional Commit, and what is wrong if not; null otherwise. */
  title: { conventional: boolean; problem: string | null; required: boolean } | null
  mergeStyle: string
  /** A monorepo's packages, each with what merging would release of it; null for a repository with one package. */
  packages?: PreviewPackage[] | null
}

/** One package of a monorepo in a preview. */
export interface PreviewPackage {
  name: string
  release: { version: string; tag: string; previousVersion: string | null; reason: string } | null
  nothingReason: string
  /** The pull request changes files of this package. */
  touched: boolean
}

const MAX_CAUSES = 20
/** GitHub refuses a comment over 65,536 characters; the notes get what the rest leaves, with room to spare. */
const MAX_NOTES_BYTES = 40_000

const GATE_ICON: Record<PreviewGate['state'], string> = { pass: '✅', stop: '⛔', wait: '⏳', info: 'ℹ️' }

/**
 * The preview as Markdown, for the sticky comment and the job summary: untrusted text (commit headers, notes,
 * check names) is escaped or sanitised, and no mention in it notifies anyone.
 */
export function renderPreview(
  plan: PreviewPlan,
  links: RepositoryLinks,
  { marker = true, notes = true } = {}
): string {
  const lines: string[] = []
  if (marker) lines.push(PREVIEW_MARKER)
  const { release } = plan
  lines.push('### 🔮 Release preview', '')
  if (plan.packages) {
    lines.push(...renderPackages(plan.packages))
  } else if (release) {
    const from = release.previousVersion ? `${release.previousVersion} → ` : 'first release, '
    lines.push(
      `Merging this pull request now would release **${escapeMarkdown(release.tag)}** (${escapeMarkdown(from + release.version)}: ${escapeMarkdown(release.reason)}).`,
      ''
    )
  } else {
    lines.push(
      `Merging this pull request now would release **nothing**: ${escapeMarkdown(plan.nothingReason)}.`,
      ''
    )
  }
  if (plan.causes.length > 0) {
    lines.push('**Why:**', '')
    for (const cause of plan.causes.slice(0, MAX_CAUSES)) {
      const where = cause.fromPullRequest
        ? 'this pull request'
        : `already on ${escapeMarkdown(plan.pullRequest.baseRef)}`
      lines.push(
        `- ${escapeMarkdown(cause.header)} — ${cause.releaseType} (${where}, ${link(cause.sha.slice(0, 7), commitUrl(links, cause.sha))})`
      )
    }
    if (plan.causes.length > MAX_CAUSES) lines.push(`- …and ${plan.causes.length - MAX_CAUSES} more`)
    lines.push('')
  }
  lines.push(...renderLabels(plan), ...renderGates(plan), ...renderTitle(plan))
  if ((release || plan.packages?.some(item => item.release)) && plan.notes && notes) {
    const text = cutToBytes(
      sanitiseMarkdownDocument(plan.notes),
      MAX_NOTES_BYTES,
      '\n\n…(cut: the notes are longer than a comment holds)'
    )
    lines.push('<details><summary>Release notes</summary>', '', text, '', '</details>', '')
  }
  const style = plan.mergeStyle === 'squash' ? 'its title as the squash commit' : 'its commits as they land'
  lines.push(
    `_Preview of ${plan.pullRequest.headSha.slice(0, 7)} (${style}); it follows every push and is not a promise: the release runs its own checks._`
  )
  return neutraliseMentions(lines.join('\n'))
}

function renderPackages(packages: readonly PreviewPackage[]): string[] {
  const releasing = packages.filter(item => item.release)
  const lines = [
    releasing.length === 0
      ? 'Merging this pull request now would release **nothing**.'
      : `Merging this pull request now would release **${releasing.map(item => escapeMarkdown(item.release!.tag)).join(', ')}**.`,
    '',
    '| Package | Changed here | Would release | Why |',
    '| --- | --- | --- | --- |'
  ]
  for (const item of packages) {
    const from = item.release?.previousVersion ? `${item.release.previousVersion} → ` : ''
    const version = item.release
      ? `${escapeMarkdown(item.release.tag)} (${escapeMarkdown(from + item.release.version)})`
      : 'nothing'
    const why = item.release ? item.release.reason : item.nothingReason
    lines.push(
      `| ${escapeMarkdown(item.name)} | ${item.touched ? 'yes' : 'no'} | ${version} | ${escapeMarkdown(why)} |`
    )
  }
  lines.push('')
  return lines
}

function renderLabels(plan: PreviewPlan): string[] {
  const { releaseLabel, present, bumpLabel } = plan.labels
  const lines = [
    `- 🏷️ Release label ${escapeMarkdown(`'${releaseLabel}'`)}: ${present ? 'present' : 'not present'}`
  ]
  if (bumpLabel)
    lines.push(`- 🏷️ Bump label ${escapeMarkdown(`'${bumpLabel}'`)}: present, it chooses the bump`)
  return lines
}

function renderGates(plan: PreviewPlan): string[] {
  return plan.gates.map(
    gate => `- ${GATE_ICON[gate.state]} ${escapeMarkdown(gate.name)}: ${escapeMarkdown(gate.detail)}`
  )
}

function renderTitle(plan: PreviewPlan): string[] {
  if (!plan.title) return ['']
  if (plan.title.conventional) return ['- ✅ Title: a Conventional Commit, as the squash commit will be', '']
  const icon = plan.title.required ? '❌' : '⚠️'
  return [`- ${icon} Title: ${escapeMarkdown(plan.title.problem ?? '')}`, '']
}
