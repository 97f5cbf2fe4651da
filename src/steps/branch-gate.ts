import { minimatch } from 'minimatch'
import { getBranchHead, getRepository } from '../github/repository.js'
import { passed, skipped, type Step } from '../pipeline.js'
import type { RunState, Target } from '../run-state.js'

/** Resolves the commit to release and checks that its branch is a release branch. */
export const branchGate: Step = {
  id: 'branch',
  title: 'Release branch',
  async run(state) {
    const repository = await getRepository(state.gh)
    state.repository = repository
    const allowed =
      state.config.releaseBranches.length > 0 ? state.config.releaseBranches : [repository.defaultBranch]
    const target = await resolveTarget(state, allowed)
    if (!target) return skipped(`the run is not on a branch (ref ${state.context.ref ?? 'unknown'})`)
    if (!allowed.some(pattern => minimatch(target.branch, pattern))) {
      return skipped(`${target.branch} is not a release branch (release branches: ${allowed.join(', ')})`)
    }
    state.target = target
    return passed(`${target.branch} at ${target.sha.slice(0, 7)}`)
  }
}

async function resolveTarget(state: RunState, allowed: string[]): Promise<Target | null> {
  const { context } = state
  if (state.pullRequest) return { branch: state.pullRequest.baseRef, sha: state.pullRequest.mergeCommitSha }
  if (state.otherRepository || !context.sha) {
    // Nothing in the event is about that repository: release the head of its first release branch.
    const branch = allowed.find(pattern => !/[*?[\]{}!]/.test(pattern)) ?? state.repository!.defaultBranch
    return { branch, sha: await getBranchHead(state.gh, branch) }
  }
  if (!context.ref?.startsWith('refs/heads/')) return null
  return { branch: context.ref.slice('refs/heads/'.length), sha: context.sha }
}
