import { minimatch } from 'minimatch'
import { getPreviewPullRequest, type PreviewPullRequest } from '../github/issues.js'
import { getBranchHead, getRepository, type Repository } from '../github/repository.js'
import { passed, skipped, type ReadingStep } from '../pipeline.js'
import type { Target } from '../plan.js'

/** The pull request to preview, as GitHub has it now, and the tip of the branch it goes into. */
export interface PreviewPull extends PreviewPullRequest {
  /** The base branch's tip: what the pull request would be merged onto now. */
  baseSha: string
  /** Its head is in another repository: under `pull_request`, the run's token can only read. */
  fork: boolean
}

/** Reads the open pull request of the event and checks that it goes into a release branch. */
export const previewPullStep: ReadingStep<
  unknown,
  { repository: Repository; previewPull: PreviewPull; target: Target }
> = {
  id: 'preview-pull',
  title: 'Pull request',
  writes: false,
  async run(_known, runtime) {
    const { context, config, repoClient } = runtime
    const number = context.pullRequest?.number
    if (number === undefined) return skipped(`the ${context.eventName} event has no pull request in it`)
    const [repository, pull] = await Promise.all([
      getRepository(repoClient),
      getPreviewPullRequest(repoClient, number)
    ])
    if (!pull.open) return skipped(`pull request #${number} is no longer open: there is nothing to preview`)
    const allowed = config.releaseBranches.length > 0 ? config.releaseBranches : [repository.defaultBranch]
    if (!allowed.some(pattern => minimatch(pull.baseRef, pattern)))
      return skipped(
        `pull request #${number} goes into ${pull.baseRef}, which is not a release branch (release branches: ${allowed.join(', ')})`,
        { repository }
      )
    const baseSha = await getBranchHead(repoClient, pull.baseRef)
    const fork = pull.headRepository?.toLowerCase() !== pull.baseRepository.toLowerCase()
    const previewPull: PreviewPull = { ...pull, baseSha, fork }
    const from = fork ? `a fork (${pull.headRepository ?? 'deleted'})` : pull.headSha.slice(0, 7)
    return passed(`#${number} from ${from} into ${pull.baseRef} at ${baseSha.slice(0, 7)}`, {
      repository,
      previewPull,
      target: { sha: pull.headSha, branch: pull.baseRef }
    })
  }
}
