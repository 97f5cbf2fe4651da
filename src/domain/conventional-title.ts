import { parseHeader } from './commit-message.js'

export interface TitleLint {
  conventional: boolean
  /** What is wrong and how to write it, when it is not. */
  problem: string | null
}

/**
 * Whether a pull request title, as the squash commit's header, is a Conventional Commit (`type(scope)!: subject`),
 * as the semantic-pull-request action checks. The title is untrusted: the problem does not quote it.
 */
export function lintTitle(title: string): TitleLint {
  const header = parseHeader(title.trim())
  if (header.type !== null && header.subject !== null && header.subject.trim() !== '')
    return { conventional: true, problem: null }
  return {
    conventional: false,
    problem:
      'the title is not a Conventional Commit, so the squash commit it becomes releases nothing and has no ' +
      'section in the notes: write it as type(scope): subject, e.g. "feat(cart): share carts" or "fix: …"'
  }
}
