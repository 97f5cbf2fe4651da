import { readDeployConfig, type DeployConfig } from './deploy.js'
import { readGuardrailsConfig, type GuardrailsConfig } from './guardrails.js'
import { checkDeployWorkflows, hasPackages, readPackagesConfig, type PackagesConfig } from './packages.js'
import { readPeopleConfig, type PeopleConfig } from './people.js'
import { readQualityConfig, type QualityConfig } from './quality.js'
import { inputError } from '../errors.js'
import { Inputs, type InputReader } from './readers.js'
import { readTriggerConfig, type TriggerConfig } from './triggers.js'
import { readVersionConfig, type VersionConfig } from './version.js'

export type { CommandLine, InputReader } from './readers.js'
export type { QualityMode } from './quality.js'
export type { MakeLatest, ReleaseNotesMode } from './version.js'
export type { MergeStyle } from './people.js'
export type { PackageSpec, PackagesDeclaration } from './packages.js'

/** What the quality and deploy commands this action runs are given. */
export interface CommandsConfig {
  /** Give them the runner's internal tokens (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*). */
  passRunnerTokens: boolean
}

/** Every input of action.yml, parsed and validated, by area. Nothing else reads inputs. */
export type Config = TriggerConfig &
  GuardrailsConfig &
  VersionConfig &
  QualityConfig &
  DeployConfig &
  PeopleConfig &
  PackagesConfig &
  CommandsConfig

/** Parses and validates every input. Throws an ActionError naming the input before anything is requested. */
export function readConfig(read: InputReader): Config {
  const input = new Inputs(read)
  const trigger = readTriggerConfig(input)
  const version = readVersionConfig(input)
  const packages = readPackagesConfig(input, version.bump)
  if ((packages.packages || packages.packagesFile) && (version.majorTag || version.minorTag))
    throw inputError(
      version.majorTag ? 'major-tag' : 'minor-tag',
      'major and minor tags (v1, v1.2) are for a repository with one package; with packages, leave them false.'
    )
  if (hasPackages(packages) && version.versionFile !== null)
    throw inputError(
      'version-file',
      "with packages each package has its own (default <path>/package.json): set version-file in the package's entry, and leave this input empty."
    )
  const deploy = readDeployConfig(input, version.tagPrefix)
  if (packages.packages) checkDeployWorkflows(packages.packages, deploy.deployWorkflow, 'packages')
  // A monorepo's packages keep their changelogs by default (as release-please and changesets do): `none` says not.
  const changelogFile =
    hasPackages(packages) &&
    version.commitVersion &&
    version.changelogFile === null &&
    read('changelog-file').trim() === ''
      ? 'CHANGELOG.md'
      : version.changelogFile
  return {
    ...trigger,
    ...readGuardrailsConfig(input),
    ...version,
    changelogFile,
    ...readQualityConfig(input),
    ...deploy,
    ...readPeopleConfig(input),
    ...packages,
    passRunnerTokens: input.boolean('pass-runner-tokens')
  }
}

const SECRET_INPUTS = ['github-token', 'beast-mode-api-key'] as const

/**
 * The values to mask before anything else happens, valid or not: each secret input as given and trimmed, and each
 * of its non-empty lines (the runner masks a multi-line value only as a whole).
 */
export function secretsToMask(read: InputReader): string[] {
  const secrets = new Set<string>()
  for (const name of SECRET_INPUTS) {
    const value = read(name)
    for (const part of [value, value.trim(), ...value.split(/\r?\n|\r/).map(line => line.trim())])
      if (part !== '') secrets.add(part)
  }
  return [...secrets]
}
