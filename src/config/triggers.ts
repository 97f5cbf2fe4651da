import { inputError } from '../errors.js'
import { isValidRefName } from './git-ref.js'
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

// GitHub's rules: an owner is letters, digits and '-' (and '_' for managed users), not first, at most 39; a
// repository is letters, digits, '.', '-' and '_', at most 100, neither '.' nor '..'.
const OWNER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/
const REPO = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/

function readRepository(input: Inputs): TriggerConfig['repository'] {
  const value = input.text('repository')
  if (value === '') return null
  const [owner = '', repo = '', ...rest] = value.split('/')
  if (rest.length > 0 || !OWNER.test(owner) || !REPO.test(repo))
    throw inputError('repository', `${quoted(value)} is not a repository. Expected format {owner}/{repo}.`)
  if (/\.git$/i.test(repo))
    throw inputError('repository', `${quoted(value)} ends with .git: name the repository as {owner}/{repo}.`)
  return { owner, repo }
}

function readToken(input: Inputs): string {
  const token = input.secret('github-token')
  if (token === '')
    throw inputError('github-token', 'it is empty. Pass a token, e.g. github-token: ${{ github.token }}.')
  return token
}

// A label's name: what GitHub accepts (at most 50 characters), and text that reads as what it is.
function readLabel(input: Inputs, name: string): string {
  const label = input.text(name, { max: 50 })
  if (label === '') throw inputError(name, 'it is empty. Give a label name.')
  return label
}

// A branch name or glob pattern that some branch could match: git's rules for a branch, with glob characters.
function readBranches(input: Inputs): string[] {
  const patterns = input.list('release-branches')
  for (const pattern of patterns) {
    if (/^refs\//.test(pattern))
      throw inputError(
        'release-branches',
        `${quoted(pattern)} is a full ref: give the branch name or pattern only, such as main or release/*.`
      )
    const asBranch = pattern.replace(/[*?[\]{}!,]/g, 'x')
    // git allows quotes and '$' in a branch name, but no one names a release branch so; HEAD is not a branch.
    if (!isValidRefName(`refs/heads/${asBranch}`) || /^-|^HEAD$|[`'"$;&|<>]/.test(pattern))
      throw inputError(
        'release-branches',
        `${quoted(pattern)} is not a branch name, nor a pattern a branch name could match: use names such as main or release/*.`
      )
  }
  return patterns
}

export function readTriggerConfig(input: Inputs): TriggerConfig {
  return {
    githubToken: readToken(input),
    repository: readRepository(input),
    dryRun: input.boolean('dry-run'),
    releaseBranches: readBranches(input),
    requireGreen: input.boolean('require-green'),
    requiredChecks: input.list('required-checks'),
    ignoreChecks: input.list('ignore-checks'),
    waitForChecksSeconds: input.seconds('wait-for-checks'),
    releaseLabel: readLabel(input, 'release-label'),
    bumpLabelPrefix: readLabel(input, 'bump-label-prefix')
  }
}
