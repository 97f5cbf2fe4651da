import { ActionError, inputError } from '../errors.js'
import { readDeployInputs, readWorkflow } from './deploy.js'
import { checkPlainText, Inputs, parseYaml, quoted } from './readers.js'
import { readTagPrefix, readVersion } from './version.js'

/** One package of a monorepo: where it lives, how its tags are named, and how it is deployed. */
export interface PackageSpec {
  name: string
  /** Its folder, relative to the repository's root, without a trailing '/'; '.' for the root package. */
  path: string
  /** Prefix of its tags (default `<name>@`, so tags look like api@1.4.0). */
  tagPrefix: string
  /** Its version file; null for `<path>/package.json`, then `<path>/VERSION`. */
  versionFile: string | null
  initialVersion: string | null
  /** Its own deploy workflow; null for the deploy-workflow input's. */
  deployWorkflow: string | null
  /** Its own deploy-workflow inputs; null for the deploy-inputs input's. */
  deployInputs: Record<string, string> | null
}

/** The packages of a monorepo as declared: inline in the `packages` input, or a file in the repository. */
export interface PackagesDeclaration {
  packages: PackageSpec[]
  /** Groups of package names that always share one version (changesets' fixed, release-please's linked). */
  fixed: string[][]
}

export interface PackagesConfig {
  /** Declared inline; null when there are none (one package: the repository) or when they are in a file. */
  packages: PackagesDeclaration | null
  /** A file in the repository that declares them, read through the API at the released commit; null for none. */
  packagesFile: string | null
  /** The one package (and its fixed group) a run releases; null for all of them. */
  package: string | null
  /** Release a package whose dependency range was updated by another's release (a patch), not only update it. */
  bumpDependents: boolean
}

const MAX_PACKAGES = 100
const NAME = /^(?![-.])[A-Za-z0-9._-]{1,60}$/
const PACKAGE_KEYS = [
  'path',
  'name',
  'tag-prefix',
  'version-file',
  'initial-version',
  'deploy-workflow',
  'deploy-inputs'
] as const
const EXAMPLE = '[{path: packages/api}, {path: packages/web, name: web}]'

export function readPackagesConfig(input: Inputs, bump: { kind: string }): PackagesConfig {
  const text = input.text('packages', { multiline: true, max: 65_536 })
  const packagesFile = /^[^\n:{}[\]]+\.ya?ml$/.test(text)
    ? input.path('packages', '.github/release-packages.yml')
    : null
  const packages = text === '' || packagesFile !== null ? null : parsePackages(text, 'packages')
  const chosen = input.text('package')
  const bumpDependents = input.boolean('bump-dependents')
  if (chosen !== '' && !NAME.test(chosen))
    throw inputError('package', `${quoted(chosen)} is not a package name such as api.`)
  if (packages === null && packagesFile === null) {
    if (chosen !== '')
      throw inputError(
        'package',
        "it names one of the packages input's packages: set packages too, or leave package empty."
      )
    return { packages: null, packagesFile: null, package: null, bumpDependents }
  }
  if (packages) checkChosen(packages, chosen === '' ? null : chosen, bump)
  if (packagesFile && bump.kind !== 'auto' && chosen === '') throw ambiguousBump()
  return { packages, packagesFile, package: chosen === '' ? null : chosen, bumpDependents }
}

function ambiguousBump(): ActionError {
  return inputError(
    'package',
    'a bump or version given by hand is for one package: name it with package (e.g. package: api), or use bump: auto.'
  )
}

/** The package a run is limited to must exist; a bump given by hand needs one when there are several. */
export function checkChosen(
  declared: PackagesDeclaration,
  chosen: string | null,
  bump: { kind: string }
): void {
  if (chosen !== null && !declared.packages.some(spec => spec.name === chosen))
    throw inputError(
      'package',
      `${quoted(chosen)} is not one of the packages: ${declared.packages.map(spec => spec.name).join(', ')}.`
    )
  if (chosen === null && bump.kind !== 'auto' && declared.packages.length > 1) throw ambiguousBump()
}

/**
 * The packages YAML: a list of packages, or a map with `packages` (that list) and `fixed` (lists of names). Every
 * problem is an input error naming the entry, before anything is requested (or, for a file, before anything is
 * written). `source` names where the text came from in messages.
 */
export function parsePackages(text: string, source: string): PackagesDeclaration {
  const parsed = parseYaml(text, said =>
    packagesError(source, `it is not YAML: ${said}. Give a list such as ${EXAMPLE}.`)
  )
  const { list, fixed } = splitDeclaration(parsed, source)
  if (list.length === 0 || list.length > MAX_PACKAGES)
    throw packagesError(source, `give 1 to ${MAX_PACKAGES} packages, such as ${EXAMPLE}.`)
  const packages = list.map((entry, index) => readEntry(entry, index, source))
  checkPackages(packages, source)
  return { packages, fixed: readFixed(fixed, packages, source) }
}

function splitDeclaration(parsed: unknown, source: string): { list: unknown[]; fixed: unknown } {
  if (Array.isArray(parsed)) return { list: parsed, fixed: undefined }
  if (parsed !== null && typeof parsed === 'object') {
    const { packages, fixed, ...rest } = parsed as Record<string, unknown>
    if (Object.keys(rest).length > 0)
      throw packagesError(source, `${Object.keys(rest).map(quoted).join(', ')}: use packages and fixed.`)
    if (Array.isArray(packages)) return { list: packages, fixed }
  }
  throw packagesError(
    source,
    `it must be a list of packages such as ${EXAMPLE}, or a map with packages: and fixed:.`
  )
}

function packagesError(source: string, message: string): ActionError {
  return inputError(source === 'packages' ? 'packages' : `packages (${source})`, message)
}

/** One entry, read with the readers of the inputs of the same name, so that it is held to the same rules. */
function readEntry(entry: unknown, index: number, source: string): PackageSpec {
  const where = `package ${index + 1}`
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    throw packagesError(source, `${where} must be a map such as {path: packages/api}.`)
  const fields = entry as Record<string, unknown>
  const unknown = Object.keys(fields).filter(key => !(PACKAGE_KEYS as readonly string[]).includes(key))
  if (unknown.length > 0)
    throw packagesError(
      source,
      `${where} has ${unknown.map(quoted).join(', ')}; use ${PACKAGE_KEYS.join(', ')}.`
    )
  const value = (key: string): string => {
    const item = fields[key]
    if (item === undefined || item === null) return ''
    if (key === 'deploy-inputs' && typeof item === 'object') return JSON.stringify(item)
    if (typeof item === 'object') throw packagesError(source, `${where}: ${key} must be text.`)
    return String(item)
  }
  const entryInputs = new Inputs(key => value(key))
  const within = <T>(read: () => T): T => {
    try {
      return read()
    } catch (error) {
      if (!(error instanceof ActionError)) throw error
      throw packagesError(source, `${where}: ${error.message.replace(/^Invalid input '([^']+)': /, '$1: ')}`)
    }
  }
  const path = within(() => readPackagePath(value('path')))
  const name = value('name').trim() || (path === '.' ? '' : (path.split('/').pop() ?? ''))
  if (!NAME.test(name))
    throw packagesError(
      source,
      name === ''
        ? `${where} (path .) needs a name: the root package's tags are named after it.`
        : `${where}: name ${quoted(name)} must be letters, digits, '.', '_' and '-', such as api.`
    )
  const prefixGiven = fields['tag-prefix'] !== undefined && fields['tag-prefix'] !== null
  const named = (text: string) => `${where} (${name}): ${text}`
  const rethrow = <T>(read: () => T): T => {
    try {
      return within(read)
    } catch (error) {
      throw packagesError(
        source,
        named((error as Error).message.replace(/^Invalid input '[^']+': package \d+: /, ''))
      )
    }
  }
  const tagPrefix = prefixGiven
    ? rethrow(() => readTagPrefix(entryInputs))
    : rethrow(() => readTagPrefix(new Inputs(key => (key === 'tag-prefix' ? `${name}@` : ''))))
  const versionFile = rethrow(() =>
    entryInputs.path('version-file', `${path === '.' ? '' : `${path}/`}package.json`)
  )
  const deployWorkflow = rethrow(() => readWorkflow(entryInputs))
  const deployInputs = value('deploy-inputs') === '' ? null : rethrow(() => readDeployInputs(entryInputs))
  if (deployInputs && deployWorkflow === null)
    throw packagesError(source, named('deploy-inputs go with its own deploy-workflow; set that too.'))
  return {
    name,
    path,
    tagPrefix,
    versionFile,
    initialVersion: rethrow(() => readVersion(entryInputs, 'initial-version')),
    deployWorkflow,
    deployInputs
  }
}

/** A folder inside the repository: '.' for its root, else a relative path without '.', '..' or empty parts. */
function readPackagePath(raw: string): string {
  const value = raw.trim().replace(/\/+$/, '')
  if (value === '.' || value === './') return '.'
  if (value === '')
    throw inputError('path', `every package needs a path, such as packages/api (or . for the root).`)
  checkPlainText('path', value)
  return new Inputs(() => value.replace(/^\.\//, '')).path('path', 'packages/api') ?? '.'
}

/** Paths that do not nest (the root '.' aside), names that differ, and tag prefixes no other prefix starts with. */
function checkPackages(packages: readonly PackageSpec[], source: string): void {
  for (const [index, spec] of packages.entries()) {
    for (const other of packages.slice(index + 1)) {
      if (other.name === spec.name)
        throw packagesError(source, `two packages are named ${quoted(spec.name)}; give each its own name.`)
      if (spec.path !== '.' && other.path !== '.' && nests(spec.path, other.path))
        throw packagesError(
          source,
          `the paths of ${spec.name} (${spec.path}) and ${other.name} (${other.path}) overlap: a file would belong to both; give packages separate folders.`
        )
      if (spec.path === other.path)
        throw packagesError(source, `${spec.name} and ${other.name} have the same path ${quoted(spec.path)}.`)
      const [shorter, longer] =
        spec.tagPrefix.length <= other.tagPrefix.length ? [spec, other] : [other, spec]
      if (longer.tagPrefix.startsWith(shorter.tagPrefix))
        throw packagesError(
          source,
          `the tag prefix of ${longer.name} (${quoted(longer.tagPrefix)}) starts with that of ${shorter.name} (${quoted(shorter.tagPrefix)}), so their tags could be taken for each other; give them distinct prefixes such as api@ and web@.`
        )
    }
  }
}

function nests(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`)
}

function readFixed(fixed: unknown, packages: readonly PackageSpec[], source: string): string[][] {
  if (fixed === undefined || fixed === null) return []
  const example = 'fixed: [[api, web]]'
  if (!Array.isArray(fixed))
    throw packagesError(source, `fixed is a list of groups of package names, such as ${example}.`)
  const seen = new Set<string>()
  return fixed.map((group: unknown, index) => {
    if (!Array.isArray(group) || group.length < 2 || group.some(name => typeof name !== 'string'))
      throw packagesError(
        source,
        `fixed group ${index + 1} must list two or more package names, such as ${example}.`
      )
    for (const name of group as string[]) {
      if (!packages.some(spec => spec.name === name))
        throw packagesError(
          source,
          `fixed group ${index + 1} names ${quoted(name)}, which is not one of the packages (${packages.map(spec => spec.name).join(', ')}).`
        )
      if (seen.has(name))
        throw packagesError(source, `${quoted(name)} is in more than one fixed group (or twice in one).`)
      seen.add(name)
    }
    return group as string[]
  })
}

/** Whether the repository is released as several packages (declared inline or in a file). */
export function hasPackages(config: Pick<PackagesConfig, 'packages' | 'packagesFile'>): boolean {
  return config.packages !== null || config.packagesFile !== null
}

/**
 * Each package's deploy workflow must be its own: a deploy run is known by its workflow and commit, and every
 * package's tag of one run is at the same commit, so two packages sharing a workflow could take each other's run
 * for their own. A package without deploy-workflow uses the input's.
 */
export function checkDeployWorkflows(
  declared: PackagesDeclaration,
  shared: string | null,
  source: string
): void {
  const byWorkflow = new Map<string, string>()
  for (const spec of declared.packages) {
    const workflow = spec.deployWorkflow ?? shared
    if (workflow === null) continue
    const other = byWorkflow.get(workflow)
    if (other !== undefined)
      throw packagesError(
        source,
        `${other} and ${spec.name} would both deploy with ${workflow}; a deploy run is known by its workflow and commit, and both packages are tagged at one commit. Give each package its own deploy-workflow.`
      )
    byWorkflow.set(workflow, spec.name)
  }
}

/**
 * The Latest mark a rerun completes when a lost answer left it missing: with packages, none. GitHub keeps one
 * Latest release per repository, so another package's newer release holding it is no fault to repair; each release
 * is still marked Latest when it is made or published, if it is its package's highest.
 */
export function latestToComplete(
  config: Pick<PackagesConfig, 'packages' | 'packagesFile'> & { makeLatest: 'true' | 'false' | 'legacy' }
): 'true' | 'false' | 'legacy' {
  return hasPackages(config) ? 'false' : config.makeLatest
}
