import { escapeMarkdown, link } from './markdown.js'

/**
 * The hidden marker of the comment that says a release shipped a pull request or an issue's fix: one per tag, so
 * a rerun finds it and comments no second time, and a later release comments again.
 */
export function releasedMarker(tag: string): string {
  // A tag holds no `-->` (tag-prefix and versions are checked), but the marker must stay one comment whatever.
  return `<!-- autonomous-release:released ${tag.replaceAll('--', '- -')} -->`
}

export interface ReleasedComment {
  tag: string
  releaseUrl: string | null
  /** The pull request that closed the issue, for a comment on an issue. */
  via: number | null
}

/**
 * "🚀 Released in v1.4.0" with a link. Nothing from the pull request or the commits is quoted: the comment holds
 * the tag, the link and numbers only, so no hostile title or body can reach it.
 */
export function renderReleasedComment(comment: ReleasedComment): string {
  const name = comment.releaseUrl
    ? link(comment.tag, comment.releaseUrl)
    : `**${escapeMarkdown(comment.tag)}**`
  const text =
    comment.via === null
      ? `🚀 Released in ${name}.`
      : `🚀 The fix for this issue (#${comment.via}) was released in ${name}.`
  return `${releasedMarker(comment.tag)}\n${text}`
}
