import type { Runtime } from './runtime.js'

/**
 * Whether a run previews, and what a preview reports: kept apart from the preview pipeline, which a release run
 * never loads.
 */

/** Pull request events a preview answers; `closed` (and `labeled` once merged) belong to the release label. */
const PREVIEW_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'labeled', 'edited'])

/** Whether this run is a preview: an open pull request of the released repository was opened, pushed to, … */
export function isPreviewRun(runtime: Runtime): boolean {
  const event = runtime.context.pullRequest
  return (
    runtime.context.trigger === 'pull_request' &&
    !runtime.otherRepository &&
    event !== null &&
    event.open &&
    PREVIEW_ACTIONS.has(event.action)
  )
}

/** A preview's own part of the report: the pull request, what it would release and where the comment is. */
export interface PreviewReport {
  pullRequest: number
  /** The tag merging would release now; empty when nothing. */
  wouldRelease: string
  /** The sticky comment's page; empty when there is none. */
  commentUrl: string
  /** The preview as the comment shows it (without the marker), for the job summary. */
  markdown: string
}
