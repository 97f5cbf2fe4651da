import { isAncestor } from '../github/history.js'
import { getBranchHead, getRepository, type Repository } from '../github/repository.js'
import { passed, skipped, type ReadingStep } from '../pipeline.js'
import type { LabelledPullRequest, Target } from '../plan.js'
import type { Runtime } from '../runtime.js'

/** Resolves the commit to release and checks that its branch is a release branch. */
export const branchGate: ReadingStep<
  { pullRequest: LabelledPullRequest | null },
  { repository: Repository; target: Target }
> = {
  id: 'branch',
  title: 'Release branch',
  writes: false,
  async run({ pullRequest }, runtime) {
    // The branch the event names is known before the repository is read: its head is asked for at the same time.
    const named = namedBranch(runtime, pullRequest)
    const namedHead = named === null ? null : getBranchHead(runtime.repoClient, named)
    // Not needed when the branch is no release branch; its failure is reported only where it is awaited.
    namedHead?.catch(() => undefined)
    const repository = await getRepository(runtime.repoClient)
    const { releaseBranches } = runtime.config
    const allowed = releaseBranches.length > 0 ? releaseBranches : [repository.defaultBranch]
    const target = await resolveTarget(runtime, pullRequest, allowed, repository)
    if (!target)
      return skipped(`the run is not on a branch (ref ${runtime.context.ref ?? 'unknown'})`, { repository })
    // Loaded here, after the first request has left: minimatch is not needed to start.
    const { minimatch } = await import('minimatch')
    if (!allowed.some(pattern => minimatch(target.branch, pattern))) {
      return skipped(`${target.branch} is not a release branch (release branches: ${allowed.join(', ')})`, {
        repository
      })
    }
    // A rerun of an old run, after a force-push took its commit off the branch, must not release that commit.
    const head =
      namedHead !== null && target.branch === named
        ? await namedHead
        : await getBranchHead(runtime.repoClient, target.branch)
    if (head !== target.sha && !(await isAncestor(runtime.repoClient, target.sha, head))) {
      return skipped(
        `${target.sha.slice(0, 7)} is no longer on ${target.branch} (was the branch force-pushed?); it is not released`,
        { repository }
      )
    }
    return passed(`${target.branch} at ${target.sha.slice(0, 7)}`, { repository, target })
  }
}

/** The branch the event is about, when it names one: the pull request's base, or the pushed or run-on branch. */
function namedBranch(runtime: Runtime, pullRequest: LabelledPullRequest | null): string | null {
  const { context } = runtime
  if (pullRequest) return pullRequest.baseRef
  if (runtime.otherRepository || !context.sha || !context.ref?.startsWith('refs/heads/')) return null
  return context.ref.slice('refs/heads/'.length)
}

async function resolveTarget(
  runtime: Runtime,
  pullRequest: LabelledPullRequest | null,
  allowed: string[],
  repository: Repository
): Promise<Target | null> {
  const { context } = runtime
  if (pullRequest) return { branch: pullRequest.baseRef, sha: pullRequest.mergeCommitSha }
  const named = namedBranch(runtime, pullRequest)
  if (named !== null && context.sha) return { branch: named, sha: context.sha }
  if (runtime.otherRepository || !context.sha) {
    // Nothing in the event is about that repository: release the head of its first release branch.
    const branch = allowed.find(pattern => !/[*?[\]{}!]/.test(pattern)) ?? repository.defaultBranch
    return { branch, sha: await getBranchHead(runtime.repoClient, branch) }
  }
  return null
}
