import type { PreviewPlan } from '../domain/comment-preview.js'
import { blocked, passed, warned, type ReadingStep } from '../pipeline.js'

/**
 * With squash merges the title becomes the commit: one that is not a Conventional Commit releases nothing. It
 * blocks the preview only with require-conventional-title: true (after the comment said so).
 */
export const titleLintStep: ReadingStep<{ preview: PreviewPlan }, unknown> = {
  id: 'title-lint',
  title: 'Title',
  writes: false,
  async run({ preview }, runtime) {
    const { title } = preview
    if (!title) return passed(`not checked (preview-merge-style: ${runtime.config.previewMergeStyle})`, {})
    if (title.conventional) return passed('a Conventional Commit', {})
    const problem = title.problem ?? 'the title is not a Conventional Commit'
    if (title.required)
      return blocked(`#${preview.pullRequest.number}: ${problem} (require-conventional-title: true)`)
    runtime.log.warning(`Pull request #${preview.pullRequest.number}: ${problem}`)
    return warned(`${problem} (said only: require-conventional-title: false)`, {})
  }
}
