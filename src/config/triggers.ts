import { inputError } from '../errors.js'
import { quoted, type Inputs } from './readers.js'

/** Where a run may release from, on whose word, and which checks must be green. */
export interface TriggerConfig {
  /** Token for the GitHub API; masked in logs. */
  githubToken: string
  /** `owner/repo` to release, or null for the repository the workflow runs in. */
  repository: { owner: string; repo: string } | null
  /** Compute and report everything, write nothing. */
  dryRun: boolean
  /** Branch names or glob patterns a release may come from; empty means the repository's default branch. */
  releaseBranches: string[]
  /** Require every check run and commit status on the commit to have passed. */
  requireGreen: boolean
  /** Checks that must be present and green (names of check runs or status contexts). */
  requiredChecks: string[]
  /** Checks to leave out of the green gate (names or glob patterns). */
  ignoreChecks: string[]
  /** Seconds to wait for pending checks before skipping. */
  waitForChecksSeconds: number
  /** Pull request label that asks for a release. */
  releaseLabel: string
  /** Prefix of the labels that choose the bump on a pull request: `release:` → release:major, release:minor, release:patch. */
  bumpLabelPrefix: string
}

// GitHub's own rules for owner and repository names: no '..', no leading '.', at most 100 characters.
const NAME = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/

function readRepository(input: Inputs): TriggerConfig['repository'] {
  const value = input.text('repository')
  if (value === '') return null
  const [owner = '', repo = '', ...rest] = value.split('/')
  if (rest.length > 0 || !NAME.test(owner) || !NAME.test(repo))
    throw inputError('repository', `${quoted(value)} is not a repository. Expected format {owner}/{repo}.`)
  return { owner, repo }
}

function readToken(input: Inputs): string {
  const token = input.raw('github-token').trim()
  if (token === '')
    throw inputError('github-token', 'it is empty. Pass a token, e.g. github-token: ${{ github.token }}.')
  // A token is one line; anything else is a pasting mistake, and must not be echoed.
  if (/\s/.test(token))
    throw inputError(
      'github-token',
      'it contains white space or line breaks. Pass the token alone, from a secret.'
    )
  return token
}

function readLabel(input: Inputs, name: string): string {
  const label = input.text(name, { max: 50 })
  if (label === '') throw inputError(name, 'it is empty. Give a label name.')
  return label
}

export function readTriggerConfig(input: Inputs): TriggerConfig {
  return {
    githubToken: readToken(input),
    repository: readRepository(input),
    dryRun: input.boolean('dry-run'),
    releaseBranches: input.list('release-branches'),
    requireGreen: input.boolean('require-green'),
    requiredChecks: input.list('required-checks'),
    ignoreChecks: input.list('ignore-checks'),
    waitForChecksSeconds: input.seconds('wait-for-checks'),
    releaseLabel: readLabel(input, 'release-label'),
    bumpLabelPrefix: readLabel(input, 'bump-label-prefix')
  }
}
