import semver from 'semver'
import { ActionError } from '../errors.js'
import type { GuardrailCheck, GuardrailsReport } from '../domain/guardrails.js'
import { blocked, passed, type ReadingStep } from '../pipeline.js'
import type { LabelledPullRequest, VersionPlan } from '../plan.js'
import type { Runtime } from '../runtime.js'

type Known = { pullRequest: LabelledPullRequest | null; version: VersionPlan; guardrails: GuardrailsReport }
type Found = { guardrails: GuardrailsReport }

const BREAKING_SHOWN = 5

/**
 * With `major-releases: manual`, a major release needs a person to ask for it: a manual dispatch with bump: major
 * or that exact version, or a releaser's major bump label on the pull request. Found by the commits alone, it is
 * blocked with the breaking commits named.
 */
export const majorReleaseStep: ReadingStep<Known, Found> = {
  id: 'major-release',
  title: 'Major release',
  writes: false,
  async run({ pullRequest, version, guardrails }, runtime) {
    const check = (state: GuardrailCheck['state'], detail: string) => ({
      guardrails: { ...guardrails, checks: [...guardrails.checks, { rule: 'major' as const, state, detail }] }
    })
    if (runtime.config.majorReleases === 'auto')
      return passed('any release may be automatic (major-releases: auto)', { guardrails })
    if (!isMajor(version))
      return passed(
        `${version.version} is not a major release`,
        check('passed', `${version.version} is not a major release`)
      )
    const asked = askedFor(runtime, pullRequest)
    if (asked !== null) {
      const detail = `${version.version} is a major release, asked for by ${asked}`
      return passed(detail, check('passed', detail))
    }
    if (version.existing.tagSha !== null) {
      const detail = `${version.tag} was tagged by an earlier run; it is completed`
      return passed(detail, check('passed', detail))
    }
    const breaking = version.commits.filter(commit => commit.releaseType === 'major')
    const named = breaking
      .slice(0, BREAKING_SHOWN)
      .map(commit => `${commit.sha.slice(0, 7)} ${commit.subject}`)
      .join(', ')
    const more = breaking.length > BREAKING_SHOWN ? ` and ${breaking.length - BREAKING_SHOWN} more` : ''
    const because = breaking.length > 0 ? ` (breaking: ${named}${more})` : ''
    const detail = `${version.version} is a major release${because}`
    const reason = `${detail}; run the workflow by hand with bump: major to release it (major-releases: manual)`
    return blocked(
      reason,
      check('stopped', detail),
      new ActionError('guardrail', reason, { input: 'major-releases' })
    )
  }
}

function isMajor(version: VersionPlan): boolean {
  const previous = version.previousVersion
  return previous !== null && semver.major(version.version) > semver.major(previous)
}

/** Who asked for a major release, or null when nobody did (it was found in the commits). */
function askedFor(runtime: Runtime, pullRequest: LabelledPullRequest | null): string | null {
  const { config, context } = runtime
  const by = context.actor ?? 'the dispatcher'
  if (context.trigger === 'workflow_dispatch') {
    if (config.bump.kind === 'type' && config.bump.type === 'major') return `${by} (bump: major)`
    if (config.bump.kind === 'exact') return `${by} (version ${config.bump.version})`
  }
  if (pullRequest?.bump === 'major')
    return `${pullRequest.actor} (a ${config.bumpLabelPrefix}major label on #${pullRequest.number})`
  return null
}
