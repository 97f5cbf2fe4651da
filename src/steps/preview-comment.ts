import { PREVIEW_MARKER, renderPreview, type PreviewPlan } from '../domain/comment-preview.js'
import { ActionError } from '../errors.js'
import { createMarkedComment, findMarkedComment, updateComment } from '../github/issues.js'
import type { Repository } from '../github/repository.js'
import { passed, warned, type Verdict, type WritingStep } from '../pipeline.js'
import type { PreviewPull } from './preview-pull.js'

type Known = { repository: Repository; previewPull: PreviewPull; preview: PreviewPlan }

/** What became of the sticky comment. */
export interface PreviewComment {
  action: 'created' | 'updated' | 'unchanged'
  url: string
}

type Made = { previewComment: PreviewComment | null }

/**
 * One sticky comment per pull request, found by its hidden marker: created once, then updated on every push (and
 * left alone when nothing changed). When nothing would be released any more it says so, which is how an outdated
 * preview is marked. A fork's pull request under `pull_request` gets none (its token can only read), nor does a
 * locked conversation; both are said in a notice and fail nothing.
 */
export const previewCommentStep: WritingStep<Known, Made> = {
  id: 'preview-comment',
  title: 'Preview comment',
  writes: true,
  simulate({ previewPull }, runtime) {
    const why = reasonForNone(runtime.config.previewComment, previewPull, runtime.context.eventName)
    return passed(why ?? `would create or update the preview comment on #${previewPull.number}`, {
      previewComment: null
    })
  },
  async run({ repository, previewPull, preview }, runtime) {
    const { config, context, log, repoClient } = runtime
    const why = reasonForNone(config.previewComment, previewPull, context.eventName)
    if (why) {
      if (config.previewComment) log.notice(`Preview comment: ${why}. The preview is in the job summary.`)
      return passed(why, { previewComment: null })
    }
    const conversation = { number: previewPull.number, isPullRequest: true }
    const body = renderPreview(preview, { htmlUrl: repository.htmlUrl })
    try {
      const existing = await findMarkedComment(repoClient, conversation, PREVIEW_MARKER)
      if (existing && existing.body === body)
        return made(`the comment on #${previewPull.number} is up to date`, 'unchanged', existing.url)
      if (existing) {
        const updated = await updateComment(repoClient, conversation, existing.id, body)
        return made(`updated the comment on #${previewPull.number}`, 'updated', updated.url)
      }
      const created = await createMarkedComment(repoClient, conversation, PREVIEW_MARKER, body)
      return made(`commented on #${previewPull.number}`, 'created', created.url)
    } catch (error) {
      // The preview is made and in the summary; a comment the token may not write fails nothing, it is said.
      if (!(error instanceof ActionError) || error.code !== 'missing-permission') throw error
      log.warning(error.message)
      return warned(error.message, { previewComment: null })
    }
  }
}

function made(reason: string, action: PreviewComment['action'], url: string): Verdict<Made> {
  return passed(reason, { previewComment: { action, url } })
}

function reasonForNone(asked: boolean, pull: PreviewPull, eventName: string): string | null {
  if (!asked) return 'not asked for (preview-comment: false)'
  if (pull.fork && eventName === 'pull_request')
    return `#${pull.number} comes from a fork, and a pull_request run from a fork has a read-only token: no comment`
  if (pull.locked) return `the conversation of #${pull.number} is locked: no comment`
  return null
}
