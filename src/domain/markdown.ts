/**
 * Text from commits, pull requests, branches and labels is untrusted. In Markdown it must stay text:
 * no HTML (`<img onerror>`), no links or images it did not come with, no headings or tables it could fake.
 */
// Inline Markdown only: entries never start a line, so list, heading and quote markers cannot take effect.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()|~!]/g
const HTML_SPECIAL: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => HTML_SPECIAL[char] ?? char)
}

/** Escapes untrusted text for one line of Markdown (line breaks become spaces). */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text.replace(/[\r\n]+/g, ' ').replace(MARKDOWN_SPECIAL, char => `\\${char}`))
}

/** A Markdown link whose text is escaped and whose URL we built ourselves. */
export function link(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${url})`
}
