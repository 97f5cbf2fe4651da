import { passed, skipped, type ReadingStep } from '../pipeline.js'
import type { LabelledPullRequest } from '../plan.js'
import { releaseLabelTrigger } from '../triggers/release-label.js'

/** Releases come from a schedule, a manual dispatch, a push to a branch or a release-labelled pull request. */
export const triggerGate: ReadingStep<unknown, { pullRequest: LabelledPullRequest | null }> = {
  id: 'trigger',
  title: 'Trigger',
  writes: false,
  async run(_known, runtime) {
    const { context, config } = runtime
    const event = context.eventName || 'unknown'
    const go = (reason: string) => passed(reason, { pullRequest: null })
    if (runtime.otherRepository) {
      if (context.trigger === 'pull_request') {
        return skipped(
          `a ${event} event is about ${describe(context.workflowRepository)}, not ${describe(config.repository)}`
        )
      }
      return go(`${event} run releasing ${describe(config.repository)}`)
    }
    switch (context.trigger) {
      case 'schedule':
      case 'workflow_dispatch':
        return go(`${event} run`)
      case 'push':
        return context.ref?.startsWith('refs/heads/')
          ? go(`push to ${context.ref.slice('refs/heads/'.length)}`)
          : skipped(`a push of ${context.ref ?? 'an unknown ref'} is not a push to a branch`)
      case 'pull_request':
        return releaseLabelTrigger(runtime)
      default:
        return skipped(
          `the '${event}' event is not a release trigger: use schedule, workflow_dispatch, push, or a pull request with the '${config.releaseLabel}' label`
        )
    }
  }
}

function describe(repository: { owner: string; repo: string } | null): string {
  return repository ? `${repository.owner}/${repository.repo}` : 'an unknown repository'
}
