import * as core from '@actions/core'
import { escapeMarkdown, link } from '../domain/markdown.js'
import { commitUrl } from '../domain/notes.js'
import { cutToBytes, sanitiseMarkdownDocument, utf8Length } from '../domain/untrusted.js'
import type { StepResult } from '../pipeline.js'
import type { Outcome } from '../release-pipeline.js'
import type { ReleaseResult } from './result.js'
import { renderDeploy, renderGuardrails, renderQuality, renderRollback, seconds } from './summary-details.js'

const HEADLINE: Record<Outcome, (result: ReleaseResult) => string> = {
  released: result => `🚀 Released ${releasedTags(result)}`,
  'dry-run': result =>
    `🧪 Dry run: ${releasedTags(result) ? `would release ${releasedTags(result)}` : 'nothing would be released'}`,
  skipped: () => '⏭️ No release',
  preview: result =>
    `🔮 Preview of #${result.preview?.pullRequest ?? '?'}: ${previewTags(result) ? `merging would release ${previewTags(result)}` : 'merging would release nothing'}`,
  blocked: () => '⛔ Release blocked'
}

/** The tag (or a monorepo's tags) a preview says merging would release. */
function previewTags(result: ReleaseResult): string {
  return result.tag || (result.preview?.wouldRelease ?? '')
}

/** The tag released, or a monorepo's tags. */
function releasedTags(result: ReleaseResult): string {
  return result.tag || result.releases.map(release => release.tag).join(', ')
}

const STATUS_ICON: Record<StepResult['status'], string> = {
  passed: '✅ passed',
  warned: '⚠️ warned',
  skipped: '⏭️ skipped',
  blocked: '⛔ blocked',
  failed: '❌ failed',
  'not-run': '◻️ not run'
}

const MAX_COMMITS_SHOWN = 50

/** GitHub refuses a job summary over 1 MiB (1,048,576 bytes); this leaves room to spare. */
export const SUMMARY_LIMIT = 1_000_000

const WHY_CUT = 'the job summary holds at most 1 MiB'

/**
 * The job summary, under SUMMARY_LIMIT bytes: when the run's text is too much for it, the release notes are cut
 * first (the release has them), then the commit table (the compare link has the commits), each with a note
 * saying so; and as a last resort the end of the summary.
 */
export function renderSummary(result: ReleaseResult, htmlUrl: string | null, limit = SUMMARY_LIMIT): string {
  const notes = notesSection(result)
  const commits = commitsSection(result, htmlUrl)
  const sections = [headSection(result, htmlUrl), previewSection(result), commits, tailSection(result), notes]
  const text = () =>
    sections
      .filter(section => section.lines.length > 0)
      .map(section => section.lines.join('\n'))
      .join('\n')
  let whole = text()
  for (const section of [notes, commits]) {
    const size = utf8Length(whole)
    if (size <= limit) return whole
    const others = size - utf8Length(section.lines.join('\n'))
    section.lines = section.shrink(Math.max(0, limit - others))
    whole = text()
  }
  return utf8Length(whole) <= limit ? whole : cutToBytes(whole, limit, `\n\n…(cut: ${WHY_CUT})\n`)
}

interface Section {
  lines: string[]
}

interface ShrinkableSection extends Section {
  /** The section in at most this many bytes. */
  shrink(maxBytes: number): string[]
}

function headSection(result: ReleaseResult, htmlUrl: string | null): Section {
  const lines: string[] = [`## ${HEADLINE[result.outcome](result)}`, '']
  const where = [
    result.repository,
    result.branch && `${result.branch} @ ${result.sha.slice(0, 7)}`,
    result.trigger && `trigger: ${result.trigger}`
  ]
  lines.push(
    where
      .filter(Boolean)
      .map(part => escapeMarkdown(part))
      .join(' · '),
    ''
  )
  if (result.pullRequest) {
    const { number, title, actor } = result.pullRequest
    lines.push(
      `Pull request #${number} “${escapeMarkdown(title)}”, released on the word of ${escapeMarkdown(actor)}`,
      ''
    )
  }
  if (result.outcome !== 'released') lines.push(`**Why:** ${escapeMarkdown(result.reason)}`, '')

  if (result.steps.length > 0)
    lines.push('### Steps', '', '| Step | Status | Detail | Time |', '| --- | --- | --- | --- |')
  for (const step of result.steps) {
    lines.push(
      `| ${step.title} | ${STATUS_ICON[step.status]} | ${escapeMarkdown(step.reason)} | ${step.status === 'not-run' ? '' : seconds(step.durationMs)} |`
    )
  }
  lines.push('')
  lines.push(...packagesTable(result, htmlUrl))

  if (result.version) {
    const from = result.previousVersion ? `${result.previousVersion} → ` : ''
    lines.push(
      '### Version',
      '',
      `**${from}${result.version}** — ${escapeMarkdown(result.versionReason)}`,
      ''
    )
    const links: string[] = []
    const tagExists = result.outcome !== 'dry-run' && result.outcome !== 'preview'
    if (htmlUrl && result.tag && tagExists)
      links.push(link(`tag ${result.tag}`, `${htmlUrl}/tree/${encodeURIComponent(result.tag)}`))
    if (result.releaseUrl) links.push(link('release', result.releaseUrl))
    if (htmlUrl && result.previousVersion && result.tag && tagExists) {
      const previousTag =
        result.tag.slice(0, result.tag.length - result.version.length) + result.previousVersion
      links.push(
        link(
          `compare ${previousTag}...${result.tag}`,
          `${htmlUrl}/compare/${encodeURIComponent(previousTag)}...${encodeURIComponent(result.tag)}`
        )
      )
    }
    if (links.length > 0) lines.push(links.join(' · '), '')
  }

  if (result.commitCount > 0) {
    const since = result.previousVersion || 'the start'
    lines.push(
      `${result.commitCount} commit${result.commitCount === 1 ? '' : 's'} since ${since}, ${result.releasableCount} of them releasable.`,
      ''
    )
  }
  return { lines }
}

const PACKAGE_ICON: Record<string, string> = {
  released: '🚀 released',
  'dry-run': '🧪 would release',
  skipped: '⏭️ skipped',
  blocked: '⛔ blocked',
  'not-run': '◻️ not run'
}

/** A monorepo's packages, one row each: what the run came to for it, its version and release, and why. */
function packagesTable(result: ReleaseResult, htmlUrl: string | null): string[] {
  if (result.packages.length === 0) return []
  const lines = [
    '### Packages',
    '',
    '| Package | Outcome | Version | Release | Why |',
    '| --- | --- | --- | --- | --- |'
  ]
  for (const item of result.packages) {
    const from = item.previousVersion ? `${item.previousVersion} → ` : ''
    const version = item.version ? `${from}${item.version}` : ''
    const release = item.releaseUrl
      ? link(item.tag, item.releaseUrl)
      : htmlUrl && item.tag && item.outcome === 'released'
        ? link(item.tag, `${htmlUrl}/tree/${encodeURIComponent(item.tag)}`)
        : escapeMarkdown(item.tag)
    lines.push(
      `| ${escapeMarkdown(item.package)} | ${PACKAGE_ICON[item.outcome] ?? item.outcome} | ${escapeMarkdown(version)} | ${release} | ${escapeMarkdown(item.reason)} |`
    )
  }
  lines.push('')
  return lines
}

function commitsSection(result: ReleaseResult, htmlUrl: string | null): ShrinkableSection {
  if (result.commits.length === 0) return { lines: [], shrink: () => [] }
  const header = ['| Commit | Type | Subject | Bump |', '| --- | --- | --- | --- |']
  const rows = result.commits.slice(0, MAX_COMMITS_SHOWN).map(commit => {
    const sha = htmlUrl
      ? link(commit.sha.slice(0, 7), commitUrl({ htmlUrl }, commit.sha))
      : commit.sha.slice(0, 7)
    return `| ${sha} | ${escapeMarkdown(commit.type ?? '')} | ${escapeMarkdown(commit.subject)} | ${commit.bump} |`
  })
  const render = (shown: string[], cut: number) => {
    const hidden = result.releasableCount - shown.length
    const lines = [...header, ...shown]
    if (cut > 0)
      lines.push('', `…and ${hidden} more releasable commits (cut: ${WHY_CUT}; see the compare link).`)
    else if (hidden > 0) lines.push('', `…and ${hidden} more releasable commits (see the compare link).`)
    lines.push('')
    return lines
  }
  return {
    lines: render(rows, 0),
    shrink: maxBytes => {
      let shown = rows.length
      while (shown > 0 && utf8Length(render(rows.slice(0, shown), 1).join('\n')) > maxBytes)
        shown = Math.floor(shown / 2)
      return render(rows.slice(0, shown), rows.length - shown)
    }
  }
}

/** The preview as the sticky comment shows it: made from escaped and sanitised text where it was rendered. */
function previewSection(result: ReleaseResult): Section {
  if (!result.preview?.markdown) return { lines: [] }
  const comment = result.preview.commentUrl
    ? [`The ${link('preview comment', result.preview.commentUrl)} says the same.`, '']
    : []
  return { lines: [result.preview.markdown, '', ...comment] }
}

function tailSection(result: ReleaseResult): Section {
  const lines: string[] = []
  if (result.guardrails && result.guardrails.checks.length > 0)
    lines.push(...renderGuardrails(result.guardrails))
  if (result.quality) lines.push(...renderQuality(result.quality))
  if (result.deploy) lines.push(...renderDeploy(result.deploy))
  if (result.rollback) lines.push(...renderRollback(result.rollback))
  return { lines }
}

function notesSection(result: ReleaseResult): ShrinkableSection {
  if (!result.releaseNotes) return { lines: [], shrink: () => [] }
  // Notes are made safe where they are made; an earlier release's body, or a result built elsewhere, is not.
  const notes = sanitiseMarkdownDocument(result.releaseNotes)
  const render = (text: string) => [
    '<details><summary>Release notes</summary>',
    '',
    text,
    '',
    '</details>',
    ''
  ]
  const frame = utf8Length(render('').join('\n'))
  return {
    lines: render(notes),
    shrink: maxBytes =>
      maxBytes - frame >= 200
        ? render(cutToBytes(notes, maxBytes - frame, `\n\n…(cut: ${WHY_CUT}; the release has all the notes)`))
        : [`The release notes do not fit in the job summary (${WHY_CUT}): see the release.`, '']
  }
}

export async function writeSummary(result: ReleaseResult, htmlUrl: string | null): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(renderSummary(result, htmlUrl), true).write()
}
