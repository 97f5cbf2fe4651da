import { passed, type ReadingStep } from '../pipeline.js'
import type { VersionPlan } from '../plan.js'

/** Reports what the commits since the last release are, by type: a step that only reports. */
export const changesStep: ReadingStep<{ version: VersionPlan }, object> = {
  id: 'changes',
  title: 'Changes',
  writes: false,
  async run({ version }) {
    const counts = new Map<string, number>()
    for (const commit of version.commits)
      counts.set(commit.type ?? 'other', (counts.get(commit.type ?? 'other') ?? 0) + 1)
    return passed([...counts].map(([type, count]) => `${count} ${type}`).join(', ') || 'no commits', {})
  }
}
