import { inputError } from '../errors.js'
import { quoted, type Inputs } from './readers.js'

/** How pull requests land: the preview reads the title as the commit (squash) or the pull request's commits. */
export type MergeStyle = 'merge' | 'squash' | 'rebase'

const MERGE_STYLES: readonly MergeStyle[] = ['merge', 'squash', 'rebase']
const MAX_COMMENT_LIMIT = 1000

/** Closing the loop with people: the preview on pull requests, and telling what was released. */
export interface PeopleConfig {
  /** squash: a pull request lands as one commit titled like it; merge and rebase: its commits land. */
  previewMergeStyle: MergeStyle
  /** Keep one sticky preview comment on the pull request (needs pull-requests: write). */
  previewComment: boolean
  /** With squash, a title that is not a Conventional Commit fails the preview (otherwise it is only said). */
  requireConventionalTitle: boolean
  /** After a release is published, comment on its pull requests and the issues they close. */
  commentOnReleased: boolean
  /** The label added to released pull requests; empty for none. */
  releasedLabel: string
  /** The most comments one release makes; the rest are reported, not made. */
  commentLimit: number
}

function readMergeStyle(input: Inputs): MergeStyle {
  const value = input.text('preview-merge-style')
  if (!MERGE_STYLES.includes(value as MergeStyle))
    throw inputError('preview-merge-style', `${quoted(value)} is not one of ${MERGE_STYLES.join(', ')}.`)
  return value as MergeStyle
}

function readCommentLimit(input: Inputs): number {
  const value = input.text('comment-limit')
  const limit = /^\d{1,4}$/.test(value) ? Number(value) : NaN
  if (!(limit >= 0 && limit <= MAX_COMMENT_LIMIT))
    throw inputError(
      'comment-limit',
      `${quoted(value)} is not a number of comments from 0 to ${MAX_COMMENT_LIMIT}.`
    )
  return limit
}

export function readPeopleConfig(input: Inputs): PeopleConfig {
  return {
    previewMergeStyle: readMergeStyle(input),
    previewComment: input.boolean('preview-comment'),
    requireConventionalTitle: input.boolean('require-conventional-title'),
    commentOnReleased: input.boolean('comment-on-released'),
    // A label's name: at most 50 characters on GitHub.
    releasedLabel: input.text('released-label', { max: 50 }),
    commentLimit: readCommentLimit(input)
  }
}
