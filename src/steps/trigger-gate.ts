import { passed, skipped, type Step } from '../pipeline.js'
import { releaseLabelTrigger } from './release-label.js'

/** Releases come from a schedule, a manual dispatch, a push to a branch or a release-labelled pull request. */
export const triggerGate: Step = {
  id: 'trigger',
  title: 'Trigger',
  async run(state) {
    const { context, config } = state
    const event = context.eventName || 'unknown'
    if (state.otherRepository) {
      if (context.trigger === 'pull_request') {
        return skipped(
          `a ${event} event is about ${describe(context.workflowRepository)}, not ${describe(config.repository)}`
        )
      }
      return passed(`${event} run releasing ${describe(config.repository)}`)
    }
    switch (context.trigger) {
      case 'schedule':
      case 'workflow_dispatch':
        return passed(`${event} run`)
      case 'push':
        return context.ref?.startsWith('refs/heads/')
          ? passed(`push to ${context.ref.slice('refs/heads/'.length)}`)
          : skipped(`a push of ${context.ref ?? 'an unknown ref'} is not a push to a branch`)
      case 'pull_request':
        return releaseLabelTrigger(state)
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
