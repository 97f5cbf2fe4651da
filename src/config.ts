import semver from 'semver'
import { parseArgsStringToArgv } from 'string-argv'
import { parse as parseYaml } from 'yaml'
import { PLACEHOLDERS, unknownPlaceholders } from './domain/placeholders.js'
import type { BumpRequest } from './domain/next-version.js'
import { inputError } from './errors.js'

/** Reads one input by its action.yml name; '' when it is not set. */
export type InputReader = (name: string) => string

export type ReleaseNotesMode = 'conventional' | 'github' | 'none'
export type MakeLatest = 'true' | 'false' | 'legacy'
export type QualityMode = 'beast-mode' | 'command' | 'none'

/** A command from an input, already split into argv: it runs without a shell, so nothing can be injected into it. */
export interface CommandLine {
  /** The line as written, for logs and the summary. */
  text: string
  argv: string[]
}

/** Every input of action.yml, parsed and validated. Nothing else reads inputs. */
export interface Config {
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
  bump: BumpRequest
  /** Pre-release identifier (`rc`, `beta`); empty for stable releases. */
  prereleaseId: string
  /** Prefix of release tags (`v` → `v1.2.3`). */
  tagPrefix: string
  /** First version when there is no release tag; null means the version file's version, else 0.1.0. */
  initialVersion: string | null
  /** File holding the current version (`package.json` or `VERSION` style); null for none. */
  versionFile: string | null
  /** Write the new version to the version file (and changelog) in one commit through the API before tagging. */
  commitVersion: boolean
  /** Changelog to prepend the release notes to in that commit (e.g. CHANGELOG.md); null for none. */
  changelogFile: string | null
  /** Message of the version commit; {version} and {tag} are filled in. */
  commitMessage: string
  /** Which quality gate runs: BEAST MODE (API or CLI, plus quality-commands), only quality-commands, or none. */
  quality: QualityMode
  /** BEAST MODE's HTTP API base URL; null means the CLI. */
  beastModeApiUrl: string | null
  /** Bearer key for the BEAST MODE API; masked in logs. */
  beastModeApiKey: string
  /** The BEAST MODE CLI invocation. */
  beastModeCommand: CommandLine
  /** Extra quality gates, one command each. */
  qualityCommands: CommandLine[]
  /** Lowest passing BEAST MODE score, 0 to 100. */
  qualityThreshold: number
  /** Seconds one quality gate may take (API retries included). */
  qualityTimeoutSeconds: number
  /** Reuse the quality verdict of an earlier run on the same commit and quality configuration. */
  qualityCache: boolean
  releaseNotes: ReleaseNotesMode
  /** The deploy workflow: a file name (deploy.yml) or a numeric id; null for none. */
  deployWorkflow: string | null
  /** Ref to dispatch the deploy at; placeholders allowed (default: the new tag). */
  deployRef: string
  /** Inputs for the deploy workflow, with {version}, {tag}, {sha}, {previous-version} placeholders. */
  deployInputs: Record<string, string>
  /** Wait for the deploy and publish the release only when it succeeded. */
  deployWait: boolean
  /** Seconds to wait for the deploy (workflow run or command). */
  deployTimeoutSeconds: number
  /** A deploy command instead of a workflow, run without a shell. */
  deployCommand: CommandLine | null
  /** Keep the release a draft until the deploy succeeded. */
  draftUntilDeployed: boolean
  makeLatest: MakeLatest
}

const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']

function readBoolean(read: InputReader, name: string, fallback: boolean): boolean {
  const raw = read(name).trim()
  if (raw === '') return fallback
  if (TRUE_VALUES.includes(raw)) return true
  if (FALSE_VALUES.includes(raw)) return false
  throw inputError(name, `'${raw}' is not a boolean. Use true or false.`)
}

function readChoice<T extends string>(
  read: InputReader,
  name: string,
  choices: readonly T[],
  fallback: T
): T {
  const raw = read(name).trim()
  if (raw === '') return fallback
  const found = choices.find(choice => choice === raw.toLowerCase())
  if (!found) throw inputError(name, `'${raw}' is not one of ${choices.join(', ')}.`)
  return found
}

function readList(read: InputReader, name: string): string[] {
  return read(name)
    .split(/[\n,]/)
    .map(item => item.trim())
    .filter(Boolean)
}

function readSeconds(read: InputReader, name: string, fallback: number): number {
  const raw = read(name).trim()
  if (raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw inputError(name, `'${raw}' is not a whole number of seconds (0 or more).`)
  return Number(raw)
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/

function readRepository(read: InputReader): Config['repository'] {
  const raw = read('repository').trim()
  if (raw === '') return null
  if (!REPOSITORY.test(raw))
    throw inputError('repository', `'${raw}' is not a repository. Expected format {owner}/{repo}.`)
  const [owner = '', repo = ''] = raw.split('/')
  return { owner, repo }
}

// git check-ref-format, for the part of a tag name we let users choose (control characters included).
// eslint-disable-next-line no-control-regex
const TAG_PREFIX_FORBIDDEN = /[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|\/\/|^\/|^\.|\.lock$|\.$/

function readTagPrefix(read: InputReader): string {
  const raw = read('tag-prefix')
  if (raw === '') return 'v'
  if (TAG_PREFIX_FORBIDDEN.test(raw)) {
    throw inputError(
      'tag-prefix',
      `'${raw}' cannot start a git tag name (no spaces, ~ ^ : ? * [ \\, '..' or '@{'). Use a prefix such as v or release-.`
    )
  }
  return raw
}

function readVersion(read: InputReader, name: string): string | null {
  const raw = read(name).trim()
  if (raw === '') return null
  const version = semver.valid(raw.replace(/^v/, ''))
  if (!version) throw inputError(name, `'${raw}' is not a semantic version such as 1.2.3.`)
  return version
}

const BUMPS = ['auto', 'major', 'minor', 'patch', 'prerelease'] as const

function readBump(read: InputReader): BumpRequest {
  const raw = read('bump').trim()
  const choice = raw.toLowerCase()
  if (raw === '' || choice === 'auto') return { kind: 'auto' }
  if (choice === 'prerelease') return { kind: 'prerelease' }
  if (choice === 'major' || choice === 'minor' || choice === 'patch') return { kind: 'type', type: choice }
  const exact = semver.valid(raw.replace(/^v/, ''))
  if (exact) return { kind: 'exact', version: exact }
  throw inputError('bump', `'${raw}' is not one of ${BUMPS.join(', ')}, nor a version such as 1.2.3.`)
}

function readPrereleaseId(read: InputReader): string {
  const raw = read('prerelease-id').trim()
  if (raw !== '' && !/^[0-9A-Za-z-]+$/.test(raw)) {
    throw inputError(
      'prerelease-id',
      `'${raw}' is not a pre-release identifier: use letters, digits and '-', such as rc or beta.`
    )
  }
  return raw
}

function readVersionFile(read: InputReader, name: 'version-file' | 'changelog-file'): string | null {
  const raw = read(name).trim()
  if (raw === '' || raw.toLowerCase() === 'none') return null
  if (raw.startsWith('/') || raw.split('/').includes('..') || raw.includes('\\')) {
    const example = name === 'version-file' ? 'package.json or VERSION' : 'CHANGELOG.md'
    throw inputError(name, `'${raw}' must be a path inside the repository, such as ${example}.`)
  }
  return raw
}

function readCommitMessage(read: InputReader): string {
  const message = read('commit-message').trim() || 'chore(release): {tag} [skip ci]'
  checkPlaceholders('commit-message', message)
  return message
}

function toCommandLine(name: string, text: string): CommandLine {
  const argv = parseArgsStringToArgv(text)
  if (argv.length === 0) throw inputError(name, `'${text}' has no command in it.`)
  return { text, argv }
}

function readThreshold(read: InputReader): number {
  const raw = read('quality-threshold').trim()
  if (raw === '') return 60
  const value = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || value > 100) {
    throw inputError('quality-threshold', `'${raw}' is not a score from 0 to 100 (BEAST MODE's 0–100 scale).`)
  }
  return value
}

function readUrl(read: InputReader, name: string): string | null {
  const raw = read(name).trim()
  if (raw === '') return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw inputError(name, `'${raw}' is not a URL such as https://beast-mode.example.com.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw inputError(name, `'${raw}' must be an http(s) URL.`)
  return raw.replace(/\/+$/, '')
}

function readQuality(
  read: InputReader
): Pick<
  Config,
  | 'quality'
  | 'beastModeApiUrl'
  | 'beastModeApiKey'
  | 'beastModeCommand'
  | 'qualityCommands'
  | 'qualityThreshold'
  | 'qualityTimeoutSeconds'
  | 'qualityCache'
> {
  const quality = readChoice(read, 'quality', ['beast-mode', 'command', 'none'] as const, 'beast-mode')
  const qualityThreshold = readThreshold(read)
  const qualityCommands = read('quality-commands')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
    .map(line => toCommandLine('quality-commands', line))
  if (quality === 'command' && qualityCommands.length === 0) {
    throw inputError('quality-commands', 'quality: command needs at least one command, one per line.')
  }
  const beastModeApiUrl = readUrl(read, 'beast-mode-api-url')
  const beastModeApiKey = read('beast-mode-api-key').trim()
  if (beastModeApiUrl && beastModeApiKey === '') {
    throw inputError(
      'beast-mode-api-key',
      'beast-mode-api-url is set but the key is empty. Pass it from a secret.'
    )
  }
  const command =
    read('beast-mode-command').trim() ||
    `beast-mode ci check --min-score ${qualityThreshold} --fail-on-low-score`
  const qualityTimeoutSeconds = readSeconds(read, 'quality-timeout', 120)
  if (qualityTimeoutSeconds === 0)
    throw inputError('quality-timeout', "'0' leaves no time for the gate; give seconds above 0.")
  return {
    quality,
    beastModeApiUrl,
    beastModeApiKey,
    beastModeCommand: toCommandLine('beast-mode-command', command),
    qualityCommands,
    qualityThreshold,
    qualityTimeoutSeconds,
    qualityCache: readBoolean(read, 'quality-cache', true)
  }
}

const MAX_DISPATCH_INPUTS = 25

function readDuration(read: InputReader, name: string, fallbackSeconds: number): number {
  const raw = read(name).trim()
  if (raw === '') return fallbackSeconds
  const match = /^(\d+)\s*(s|m|h)?$/.exec(raw)
  const seconds = match
    ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h']
    : NaN
  if (!match || seconds <= 0)
    throw inputError(name, `'${raw}' is not a duration: give seconds (1800) or minutes (30m).`)
  return seconds
}

function checkPlaceholders(name: string, text: string): void {
  const unknown = unknownPlaceholders(text)
  if (unknown.length > 0) {
    throw inputError(
      name,
      `{${unknown[0]}} is not a placeholder; use ${PLACEHOLDERS.map(p => `{${p}}`).join(', ')}.`
    )
  }
}

function readDeployInputs(read: InputReader): Record<string, string> {
  const raw = read('deploy-inputs').trim()
  if (raw === '') return {}
  let parsed: unknown
  try {
    parsed = parseYaml(raw)
  } catch (error) {
    throw inputError(
      'deploy-inputs',
      `it is not a YAML or JSON map: ${(error as Error).message.split('\n')[0]}`
    )
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw inputError(
      'deploy-inputs',
      'it must be a map of input names to values, e.g. {"environment": "production"}.'
    )
  }
  const entries = Object.entries(parsed as Record<string, unknown>)
  if (entries.length > MAX_DISPATCH_INPUTS) {
    throw inputError(
      'deploy-inputs',
      `${entries.length} inputs; GitHub accepts at most ${MAX_DISPATCH_INPUTS} for a workflow_dispatch.`
    )
  }
  const inputs: Record<string, string> = {}
  for (const [name, value] of entries) {
    if (value !== null && typeof value === 'object')
      throw inputError('deploy-inputs', `the value of '${name}' must be text, a number or a boolean.`)
    inputs[name] = value === null ? '' : String(value)
    checkPlaceholders('deploy-inputs', inputs[name])
  }
  return inputs
}

function readDeploy(
  read: InputReader
): Pick<
  Config,
  'deployWorkflow' | 'deployRef' | 'deployInputs' | 'deployWait' | 'deployTimeoutSeconds' | 'deployCommand'
> {
  const workflow = read('deploy-workflow').trim()
  const command = read('deploy-command').trim()
  if (workflow !== '' && command !== '') {
    throw inputError('deploy-command', 'set deploy-workflow or deploy-command, not both.')
  }
  const deployWorkflow = workflow === '' ? null : workflow.split('/').pop()!
  if (deployWorkflow !== null && !/^\d+$/.test(deployWorkflow) && !/^[\w.-]+\.ya?ml$/.test(deployWorkflow)) {
    throw inputError(
      'deploy-workflow',
      `'${workflow}' is not a workflow file name (deploy.yml) or a workflow id.`
    )
  }
  const deployRef = read('deploy-ref').trim() || '{tag}'
  checkPlaceholders('deploy-ref', deployRef)
  return {
    deployWorkflow,
    deployRef,
    deployInputs: readDeployInputs(read),
    deployWait: readBoolean(read, 'deploy-wait', true),
    deployTimeoutSeconds: readDuration(read, 'deploy-timeout', 1800),
    deployCommand: command === '' ? null : toCommandLine('deploy-command', command)
  }
}

/** Parses and validates every input. Throws an ActionError naming the input before anything is written. */
export function readConfig(read: InputReader): Config {
  const githubToken = read('github-token').trim()
  if (githubToken === '') {
    throw inputError('github-token', 'it is empty. Pass a token, e.g. github-token: ${{ github.token }}.')
  }
  return {
    githubToken,
    repository: readRepository(read),
    dryRun: readBoolean(read, 'dry-run', false),
    releaseBranches: readList(read, 'release-branches'),
    requireGreen: readBoolean(read, 'require-green', true),
    requiredChecks: readList(read, 'required-checks'),
    ignoreChecks: readList(read, 'ignore-checks'),
    waitForChecksSeconds: readSeconds(read, 'wait-for-checks', 0),
    releaseLabel: read('release-label').trim() || 'release',
    bumpLabelPrefix: read('bump-label-prefix').trim() || 'release:',
    bump: readBump(read),
    prereleaseId: readPrereleaseId(read),
    tagPrefix: readTagPrefix(read),
    initialVersion: readVersion(read, 'initial-version'),
    versionFile: readVersionFile(read, 'version-file'),
    commitVersion: readBoolean(read, 'commit-version', false),
    changelogFile: readVersionFile(read, 'changelog-file'),
    commitMessage: readCommitMessage(read),
    ...readQuality(read),
    ...readDeploy(read),
    releaseNotes: readChoice(
      read,
      'release-notes',
      ['conventional', 'github', 'none'] as const,
      'conventional'
    ),
    draftUntilDeployed: readBoolean(read, 'draft-until-deployed', true),
    makeLatest: readChoice(read, 'make-latest', ['true', 'false', 'legacy'] as const, 'true')
  }
}
