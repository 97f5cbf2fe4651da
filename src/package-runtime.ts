import type { PackageSpec } from './config/packages.js'
import { fileInPackage } from './domain/packages.js'
import type { Runtime } from './runtime.js'

/**
 * The runtime one package of a monorepo is released with: the inputs as that package's own (its tag prefix,
 * version file, changelog and deploy), so that the single-package steps release it unchanged. A bump given by hand
 * is for the package it was asked for (`asked`); the others go by their commits.
 */
export function packageRuntime(runtime: Runtime, spec: PackageSpec, asked: boolean): Runtime {
  const { config } = runtime
  return {
    ...runtime,
    config: {
      ...config,
      tagPrefix: spec.tagPrefix,
      versionFile: spec.versionFile ?? fileInPackage(spec.path, 'package.json'),
      initialVersion: spec.initialVersion ?? config.initialVersion,
      changelogFile: config.changelogFile ? fileInPackage(spec.path, config.changelogFile) : null,
      deployWorkflow: spec.deployWorkflow ?? config.deployWorkflow,
      deployInputs: spec.deployInputs ?? config.deployInputs,
      bump: asked ? config.bump : { kind: 'auto' },
      majorTag: false,
      minorTag: false
    }
  }
}
