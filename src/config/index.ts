import { readDeployConfig, type DeployConfig } from './deploy.js'
import { readQualityConfig, type QualityConfig } from './quality.js'
import { Inputs, type InputReader } from './readers.js'
import { readTriggerConfig, type TriggerConfig } from './triggers.js'
import { readVersionConfig, type VersionConfig } from './version.js'

export type { CommandLine, InputReader } from './readers.js'
export type { QualityMode } from './quality.js'
export type { MakeLatest, ReleaseNotesMode } from './version.js'

/** Every input of action.yml, parsed and validated, by area. Nothing else reads inputs. */
export type Config = TriggerConfig & VersionConfig & QualityConfig & DeployConfig

/** Parses and validates every input. Throws an ActionError naming the input before anything is requested. */
export function readConfig(read: InputReader): Config {
  const input = new Inputs(read)
  return {
    ...readTriggerConfig(input),
    ...readVersionConfig(input),
    ...readQualityConfig(input),
    ...readDeployConfig(input)
  }
}
