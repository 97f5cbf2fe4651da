import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import semver from 'semver'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import {
  readConfig,
  type CommandLine,
  type Config,
  type PackagesDeclaration
} from '../../src/config/index.js'
import { unknownPlaceholders } from '../../src/domain/placeholders.js'
import { ActionError } from '../../src/errors.js'
import { RUNNER_DEFAULTS } from './input-reader.js'

/**
 * Every input of action.yml × a generated corpus of hostile values. Each run of readConfig either refuses with an
 * ActionError naming the input, or returns a config whose value for that input is sane by the input's own
 * predicate below. No message may carry workflow-command text, a line break or a secret.
 */

const TOKEN = 'ghs_FuzzSecret0123456789abcdefABCDEF'
const KEY = 'bm_FuzzKey_0123456789abcdef'

const ATOMS: string[] = [
  // Empty, blank and line breaks
  ...['', ' ', '\t', '  \n  ', '\n', 'a\nb', 'a\r\nb', 'a\rb', 'v\n'],
  // Long
  ...['x'.repeat(5_000), 'v'.repeat(300), 'a/'.repeat(200) + 'b', `${'ab,'.repeat(2_000)}c`],
  // Control, bidi, zero width and other invisible characters
  ...[
    '\u0000',
    'a\u0007b',
    'a\u001b[31mb',
    '\u007f',
    'a\u0085b',
    'v\u202e',
    '\u202ev1',
    'a\u200bb',
    '\u200b'
  ],
  ...['a\u2028b', 'a\u2029b', 'a\ufeff', 'a\u00a0b', 'a\u00adb', 'a\u2066b\u2069', 'a\u{e0041}b', 'a\ud800b'],
  // Workflow commands
  ...['::error::x', 'a\n::error::x', '  ::warning file=x::y', '::add-mask::secret', '::stop-commands::t'],
  ...[
    '##[set-output name=x;]y',
    'x ##[error]y',
    '##[group]g',
    '%0A::error::x',
    '::set-output name=released::true'
  ],
  // Paths
  ...[
    '../..',
    '..',
    '.',
    '/abs',
    '/etc/passwd',
    '.git/config',
    'a/.git/hooks/pre-commit',
    '.GIT/HEAD',
    '.git'
  ],
  ...['a/../b', 'a//b', './a', 'a/', 'a\\b', 'C:\\x', 'a/./b', 'docs/CHANGELOG.md', 'CHANGELOG.md'],
  // Placeholders and prototype names
  ...['{unknown}', '{version}', '{tag}', '{}', '{', '}', '${{ secrets.X }}', '{sha}', '{previous-version}'],
  ...['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__proto__/x', 'x/__proto__'],
  // Numbers
  ...[
    '1e20',
    '-1',
    '0',
    '-0',
    'NaN',
    'Infinity',
    '1.5',
    '0x10',
    '99999999999999999999',
    ' 1 ',
    '1_000',
    '1,000'
  ],
  ...['86401', '86400', '100.001', '1e2', '24h', '1441m', '0s', '30 m', '٣'],
  // Unicode
  ...['ünïcødé', '日本語', '🚀', 'ﬁ', 'Ａ', 'İ', 'a\u0301', 'e\u0308\u0308\u0308'],
  // URL forms
  ...[
    'https://example.com',
    'http://example.com/x?y=1#z',
    'ftp://x',
    'javascript:alert(1)',
    'file:///etc/passwd'
  ],
  ...[
    'https://user:pass@example.com',
    '//example.com',
    'git@github.com:a/b.git',
    'https://github.com/acme/app'
  ],
  ...['http://127.0.0.1:1/', 'https://example.com/?', 'https://ex ample.com', 'https://example.com/#'],
  ...['https://github.com/acme/app/blob/main/.github/workflows/deploy.yml', '.github/workflows/deploy.yml'],
  // Shell
  ...['$(id)', '`id`', 'a; rm -rf /', 'a && b', 'a || b', 'a | b', 'a > /tmp/x', '$HOME', '${X}', 'a &'],
  ...["it's", '"unclosed', "'unclosed", '~/x', 'a\\', '#comment', 'a #comment', 'X=1 cmd', 'a (b)', 'a <b'],
  // YAML and booleans
  ...['true', 'false', 'yes', 'on', 'null', '[]', '{"a":1}', '- a', 'a: b', 'a: &x [*x]', 'a: !!binary eA=='],
  ...['a: !custom x', 'a: 1\na: 2', '{"a": "\\u0000"}', '{"a": "::error::x"}', 'a: {b: c}', 'a: "\\u202e"'],
  // Refs
  ...[
    '-',
    '--help',
    '-rf',
    '@',
    '@{u}',
    'HEAD',
    'a.lock',
    'a..b',
    'a~1',
    'a^',
    'a:b',
    'a*',
    'a?',
    'a[',
    'refs/x'
  ]
]

/** Each input also gets the atoms inside a value of its usual shape. */
const SHAPES: Record<string, Array<(atom: string) => string>> = {
  repository: [atom => `acme/${atom}`, atom => `${atom}/app`],
  'release-branches': [atom => `main, ${atom}`, atom => `release/${atom}`],
  'required-checks': [atom => `build\n${atom}`],
  'ignore-checks': [atom => `lint, ${atom}`],
  'tag-prefix': [atom => `v${atom}`, atom => `${atom}-`],
  packages: [
    atom => `- path: packages/${atom}`,
    atom => `- path: packages/api\n  name: ${atom}`,
    atom => `- path: packages/api\n  tag-prefix: ${atom}`,
    atom => `- path: packages/api\n  deploy-workflow: ${atom}`,
    atom => `- path: packages/api\n- path: packages/${atom}`,
    atom => `packages:\n  - path: a\n  - path: b\nfixed: [[a, ${atom}]]`
  ],
  package: [atom => `api${atom}`],
  'version-file': [atom => `packages/${atom}/package.json`],
  'changelog-file': [atom => `docs/${atom}`],
  'commit-message': [atom => `chore(release): {tag} ${atom}`, atom => `${atom}\n\nbody`],
  'deploy-ref': [atom => `release/${atom}`, atom => `{tag}${atom}`],
  'deploy-inputs': [
    atom => JSON.stringify({ environment: atom }),
    atom => JSON.stringify({ [atom]: 'x' }),
    atom => `environment: ${atom}`
  ],
  'deploy-command': [atom => `vercel deploy ${atom}`],
  'beast-mode-command': [atom => `beast-mode ci check ${atom}`],
  'quality-commands': [atom => `npm test\n${atom}`, atom => `node -e ${atom}`],
  'beast-mode-api-url': [atom => `https://bm.example/${atom}`, atom => `https://${atom}`],
  'deploy-workflow': [atom => `${atom}.yml`, atom => `.github/workflows/${atom}`],
  bump: [atom => `1.2.3-${atom}`],
  'initial-version': [atom => `1.0.0+${atom}`],
  'prerelease-id': [atom => `rc${atom}`],
  'release-label': [atom => `release ${atom}`],
  'bump-label-prefix': [atom => `${atom}:`],
  'release-window': [
    atom => `Mon-Thu 09:00-16:00 ${atom}`,
    atom => `${atom} 09:00-16:00 UTC`,
    atom => `Mon ${atom} UTC`
  ],
  'freeze-label': [atom => `freeze ${atom}`],
  freeze: [atom => `holiday ${atom}`],
  'min-release-interval': [atom => `${atom}h`, atom => `24${atom}`],
  'rollback-command': [atom => `./rollback ${atom}`]
}

/** What other inputs an input's value needs to be used at all. */
const CONTEXT: Record<string, Record<string, string>> = {
  'changelog-file': { 'commit-version': 'true' },
  'deploy-ref': { 'deploy-workflow': 'deploy.yml' },
  'deploy-inputs': { 'deploy-workflow': 'deploy.yml' },
  'beast-mode-api-key': { 'beast-mode-api-url': 'https://bm.example' },
  'beast-mode-api-url': { 'beast-mode-api-key': KEY },
  rollback: { 'deploy-workflow': 'deploy.yml' },
  'rollback-command': { 'deploy-command': 'vercel deploy', rollback: 'true' },
  package: { packages: '- path: packages/api\n- path: packages/web' }
}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u
const COMMAND_TEXT = /^[ \t]*::[A-Za-z]|##\[/m
const BEARER = /^[A-Za-z0-9\-._~+/]+=*$/

const plain = (text: string) => !INVISIBLE.test(text.replace(/\t/g, ' ')) && !COMMAND_TEXT.test(text)
const plainLines = (text: string) => text.split(/\r?\n/).every(plain)
const nonEmpty = (text: string) => text.trim() !== ''

const refCache = new Map<string, boolean>()
/** The real `git check-ref-format`, not a copy of the action's rules. */
function gitAcceptsRef(ref: string, oneLevel = false): boolean {
  const key = `${oneLevel}:${ref}`
  if (!refCache.has(key)) {
    const args = ['check-ref-format', ...(oneLevel ? ['--allow-onelevel'] : []), ref]
    refCache.set(key, spawnSync('git', args).status === 0)
  }
  return refCache.get(key)!
}

const OPERATORS = new Set(['&&', '||', '|', ';', '&', '>', '>>', '<', '2>&1'])
const saneCommand = (command: CommandLine | null) =>
  command !== null &&
  command.text.length <= 1_000 &&
  plain(command.text) &&
  command.argv.length > 0 &&
  command.argv[0] !== '' &&
  !/^[A-Za-z_]\w*=/.test(command.argv[0]!) &&
  command.argv.every(arg => !OPERATORS.has(arg) && !/\$[({A-Za-z_]|`/.test(arg) && !arg.startsWith('~'))

/** Every package: a sane folder, a name, a tag prefix git accepts, no two nesting or sharing a prefix start. */
function saneDeclaration(declared: PackagesDeclaration): boolean {
  const specs = declared.packages
  const nests = (a: string, b: string) =>
    a !== '.' && b !== '.' && (a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`))
  return (
    specs.length > 0 &&
    specs.every(
      spec =>
        (spec.path === '.' || sanePath(spec.path)) &&
        /^[A-Za-z0-9._-]{1,60}$/.test(spec.name) &&
        !/\d$/.test(spec.tagPrefix) &&
        gitAcceptsRef(`refs/tags/${spec.tagPrefix}1.2.3`) &&
        sanePath(spec.versionFile) &&
        (spec.initialVersion === null || saneVersion(spec.initialVersion))
    ) &&
    specs.every((spec, index) =>
      specs
        .slice(index + 1)
        .every(
          other =>
            other.name !== spec.name &&
            !nests(spec.path, other.path) &&
            !other.tagPrefix.startsWith(spec.tagPrefix) &&
            !spec.tagPrefix.startsWith(other.tagPrefix)
        )
    ) &&
    declared.fixed.every(
      group => group.length >= 2 && group.every(name => specs.some(spec => spec.name === name))
    )
  )
}

const sanePath = (path: string | null) =>
  path === null ||
  (path.length <= 255 &&
    plain(path) &&
    !path.startsWith('/') &&
    !path.startsWith('~') &&
    !/^\.github\/workflows\//i.test(path) &&
    path.split('/').every(part => !['', '.', '..'].includes(part) && part.toLowerCase() !== '.git') &&
    path.split('/').every(part => !part.startsWith('-')) &&
    !/[\\{}*?[\]"'<>|:;&$`]/.test(path))

const saneBoolean = (value: unknown) => typeof value === 'boolean'
const saneSeconds = (min: number) => (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 86_400
const saneLabel = (label: string) => label.length >= 1 && label.length <= 50 && plain(label)
const saneVersion = (version: string | null) => version === null || semver.valid(version) === version

function saneUrl(value: string | null): boolean {
  if (value === null) return true
  const url = new URL(value)
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  const host = url.hostname.split('.')
  return (
    (host.every(label => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label)) || url.hostname.startsWith('[')) &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    !value.endsWith('/') &&
    value === `${url.origin}${url.pathname}`.replace(/\/+$/, '')
  )
}

/** Per input: is what readConfig made of `raw` sane? */
const SANE: Record<string, (config: Config, raw: string) => boolean> = {
  'github-token': c => BEARER.test(c.githubToken) && c.githubToken.length <= 1_024,
  repository: c =>
    c.repository === null ||
    (/^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/.test(c.repository.owner) &&
      /^[A-Za-z0-9_.-]{1,100}$/.test(c.repository.repo) &&
      !['.', '..'].includes(c.repository.repo) &&
      !/\.git$/i.test(c.repository.repo)),
  'dry-run': c => saneBoolean(c.dryRun),
  'release-branches': c =>
    c.releaseBranches.every(
      pattern =>
        pattern.length <= 255 &&
        plain(pattern) &&
        !pattern.startsWith('refs/') &&
        // Git allows more than this, but not as a branch name anyone releases from.
        !/^-|^HEAD$|[`'"$;&|<>]/.test(pattern) &&
        gitAcceptsRef(`refs/heads/${pattern.replace(/[*?[\]{}!]/g, 'x')}`)
    ),
  'require-green': c => saneBoolean(c.requireGreen),
  'required-checks': c => c.requiredChecks.every(name => nonEmpty(name) && name.length <= 255 && plain(name)),
  'ignore-checks': c => c.ignoreChecks.every(name => nonEmpty(name) && name.length <= 255 && plain(name)),
  'wait-for-checks': c => saneSeconds(0)(c.waitForChecksSeconds),
  'release-label': c => saneLabel(c.releaseLabel),
  'bump-label-prefix': c => saneLabel(c.bumpLabelPrefix),
  quality: c => ['auto', 'beast-mode', 'command', 'none'].includes(c.quality),
  'beast-mode-api-url': c => saneUrl(c.beastModeApiUrl),
  'beast-mode-api-key': c => BEARER.test(c.beastModeApiKey) && c.beastModeApiKey.length <= 1_024,
  'beast-mode-command': c => saneCommand(c.beastModeCommand),
  'quality-commands': c => c.qualityCommands.every(saneCommand),
  'quality-threshold': c =>
    Number.isFinite(c.qualityThreshold) && c.qualityThreshold >= 0 && c.qualityThreshold <= 100,
  'quality-timeout': c => saneSeconds(1)(c.qualityTimeoutSeconds),
  'quality-cache': c => saneBoolean(c.qualityCache),
  bump: c =>
    c.bump.kind === 'auto' ||
    c.bump.kind === 'prerelease' ||
    (c.bump.kind === 'type' && ['major', 'minor', 'patch'].includes(c.bump.type)) ||
    (c.bump.kind === 'exact' && saneVersion(c.bump.version)),
  'prerelease-id': c => c.prereleaseId === '' || /^[A-Za-z][0-9A-Za-z-]{0,29}$/.test(c.prereleaseId),
  'tag-prefix': c =>
    c.tagPrefix.length <= 40 &&
    !/\d$/.test(c.tagPrefix) &&
    !c.tagPrefix.startsWith('-') &&
    !c.tagPrefix.startsWith('refs/') &&
    gitAcceptsRef(`refs/tags/${c.tagPrefix}1.2.3`) &&
    gitAcceptsRef(`refs/tags/${c.tagPrefix}1.2.3-rc.0`),
  'initial-version': c => saneVersion(c.initialVersion),
  'version-file': c => sanePath(c.versionFile),
  'commit-version': c => saneBoolean(c.commitVersion),
  'changelog-file': c =>
    sanePath(c.changelogFile) &&
    (c.changelogFile === null ||
      (c.commitVersion &&
        !['package.json', 'package-lock.json', 'version'].includes(c.changelogFile.toLowerCase()))),
  'commit-message': c =>
    nonEmpty(c.commitMessage) &&
    c.commitMessage.length <= 2_000 &&
    plainLines(c.commitMessage) &&
    unknownPlaceholders(c.commitMessage).length === 0,
  'release-notes': c => ['conventional', 'github', 'none'].includes(c.releaseNotes),
  'release-notes-types': c =>
    c.releaseNotesTypes === null ||
    (c.releaseNotesTypes.length > 0 &&
      c.releaseNotesTypes.every(
        entry =>
          /^[a-z][a-z0-9-]*$/.test(entry.type) &&
          (entry.hidden === true ||
            (entry.section !== undefined && plain(entry.section) && !/[<>]/.test(entry.section)))
      )),
  'deploy-workflow': (c, raw) =>
    c.deployWorkflow === null ||
    ((/^[1-9]\d{0,14}$/.test(c.deployWorkflow) ||
      (/^\w[\w.-]*\.ya?ml$/.test(c.deployWorkflow) && !c.deployWorkflow.includes('..'))) &&
      [c.deployWorkflow, `.github/workflows/${c.deployWorkflow}`].includes(raw.trim())),
  'deploy-ref': c =>
    /^[A-Za-z0-9._/+{}-]+$/.test(c.deployRef) &&
    c.deployRef !== 'HEAD' &&
    ['1.2.3', '1.2.3-rc.0'].every(version => {
      const ref = c.deployRef.replace(/\{version\}/g, version).replace(/\{tag\}/g, `${c.tagPrefix}${version}`)
      return (
        !ref.startsWith('-') &&
        gitAcceptsRef(ref, true) &&
        !/[{}]/.test(ref) &&
        (!ref.startsWith('refs/') || /^refs\/(heads|tags)\//.test(ref))
      )
    }),
  'deploy-inputs': c =>
    Object.getPrototypeOf(c.deployInputs) === null &&
    Object.keys(c.deployInputs).length <= 25 &&
    Object.entries(c.deployInputs).every(
      ([name, value]) =>
        /^[A-Za-z_][\w-]{0,99}$/.test(name) &&
        !['__proto__', 'constructor', 'prototype'].includes(name) &&
        typeof value === 'string' &&
        plainLines(value) &&
        unknownPlaceholders(value).length === 0
    ),
  'deploy-wait': c => saneBoolean(c.deployWait),
  'deploy-timeout': c => saneSeconds(1)(c.deployTimeoutSeconds),
  'deploy-command': c => c.deployCommand === null || saneCommand(c.deployCommand),
  'draft-until-deployed': c => saneBoolean(c.draftUntilDeployed),
  'make-latest': c => ['true', 'false', 'legacy'].includes(c.makeLatest),
  'major-tag': c => saneBoolean(c.majorTag),
  'minor-tag': c => saneBoolean(c.minorTag),
  'pass-runner-tokens': c => saneBoolean(c.passRunnerTokens),
  packages: c =>
    (c.packages === null || saneDeclaration(c.packages)) &&
    sanePath(c.packagesFile) &&
    (c.packagesFile === null || /\.ya?ml$/.test(c.packagesFile)),
  package: c =>
    c.package === null ||
    (/^[A-Za-z0-9._-]{1,60}$/.test(c.package) &&
      !!c.packages?.packages.some(spec => spec.name === c.package)),
  'bump-dependents': c => saneBoolean(c.bumpDependents),
  'release-window': c =>
    c.releaseWindows.every(
      window =>
        window.days.size > 0 &&
        window.start >= 0 &&
        window.end > window.start &&
        window.end <= 24 * 60 &&
        plain(window.text) &&
        Intl.supportedValuesOf('timeZone')
          .concat(['UTC'])
          .some(zone => zone.toLowerCase() === window.timeZone.toLowerCase())
    ),
  'override-window': c => saneBoolean(c.overrideWindow),
  'freeze-label': c => c.freezeLabel === null || saneLabel(c.freezeLabel),
  freeze: c => c.freeze === null || (c.freeze.length <= 200 && plain(c.freeze) && nonEmpty(c.freeze)),
  'override-freeze': c => saneBoolean(c.overrideFreeze),
  'major-releases': c => ['auto', 'manual'].includes(c.majorReleases),
  'min-release-interval': c =>
    c.minReleaseIntervalSeconds === null ||
    (Number.isInteger(c.minReleaseIntervalSeconds) &&
      c.minReleaseIntervalSeconds >= 60 &&
      c.minReleaseIntervalSeconds <= 365 * 86_400),
  rollback: c => saneBoolean(c.rollback),
  'rollback-command': c => c.rollbackCommand === null || saneCommand(c.rollbackCommand),
  'preview-merge-style': c => ['merge', 'squash', 'rebase'].includes(c.previewMergeStyle),
  'preview-comment': c => saneBoolean(c.previewComment),
  'require-conventional-title': c => saneBoolean(c.requireConventionalTitle),
  'comment-on-released': c => saneBoolean(c.commentOnReleased),
  'released-label': c => c.releasedLabel === '' || saneLabel(c.releasedLabel),
  'comment-limit': c => Number.isInteger(c.commentLimit) && c.commentLimit >= 0 && c.commentLimit <= 1000
}

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }
const INPUTS = Object.keys(action.inputs)

/** Text that would act on the log, or break a line, or give a secret away. */
function messageProblem(message: string, secrets: string[]): string | null {
  if (/::[A-Za-z][\w-]*(?:[ \t][^\n]*?)?::/.test(message)) return 'workflow command (::name::)'
  if (message.includes('##[')) return 'workflow command (##[)'
  if (/[\r\n\u2028\u2029]/.test(message)) return 'a raw line break'
  const leaked = secrets.find(secret => message.includes(secret))
  return leaked === undefined ? null : `the secret ${JSON.stringify(leaked.slice(0, 12))}…`
}

interface Outcome {
  input: string
  value: string
  verdict: 'refused' | 'accepted-sane' | 'accepted-nonsense' | 'bad-refusal'
  detail: string
}

function fuzz(input: string, value: string): Outcome {
  const given = { 'github-token': TOKEN, 'beast-mode-api-key': KEY, ...CONTEXT[input], [input]: value }
  const read = (name: string) => ({ ...RUNNER_DEFAULTS, ...given })[name] ?? ''
  const secrets = [TOKEN, KEY]
  if (input === 'github-token' || input === 'beast-mode-api-key')
    secrets.push(...value.split(/\r?\n/).filter(line => line.trim().length >= 4))
  let config: Config
  try {
    config = readConfig(read)
  } catch (error) {
    const outcome = (verdict: Outcome['verdict'], detail: string): Outcome => ({
      input,
      value,
      verdict,
      detail
    })
    if (!(error instanceof ActionError)) return outcome('bad-refusal', `not an ActionError: ${String(error)}`)
    if (!error.message.startsWith(`Invalid input '${input}': `) || error.concerns.input !== input)
      return outcome('bad-refusal', `does not name ${input}: ${error.message}`)
    const problem = messageProblem(error.message, secrets)
    return problem
      ? outcome('bad-refusal', `message has ${problem}: ${error.message}`)
      : outcome('refused', '')
  }
  return SANE[input]!(config, value || RUNNER_DEFAULTS[input]!)
    ? { input, value, verdict: 'accepted-sane', detail: '' }
    : { input, value, verdict: 'accepted-nonsense', detail: JSON.stringify(config).slice(0, 300) }
}

describe('every input × a corpus of hostile values', () => {
  it('has a sanity predicate for every input of action.yml, and only those', () => {
    expect(Object.keys(SANE).sort()).toEqual([...INPUTS].sort())
  })

  const cases = INPUTS.flatMap(input =>
    [...new Set([...ATOMS, ...ATOMS.flatMap(atom => (SHAPES[input] ?? []).map(shape => shape(atom)))])].map(
      value => [input, value] as const
    )
  )

  it(`refuses by name or accepts sanely: ${cases.length} values, no accepted nonsense`, () => {
    const outcomes = cases.map(([input, value]) => fuzz(input, value))
    const count = (verdict: Outcome['verdict']) =>
      outcomes.filter(outcome => outcome.verdict === verdict).length
    const counts = {
      total: outcomes.length,
      refused: count('refused'),
      'accepted-sane': count('accepted-sane'),
      'accepted-nonsense': count('accepted-nonsense'),
      'bad-refusal': count('bad-refusal')
    }
    console.info(`input fuzz: ${JSON.stringify(counts)}`)
    const wrong = outcomes
      .filter(outcome => outcome.verdict === 'accepted-nonsense' || outcome.verdict === 'bad-refusal')
      .map(
        ({ input, value, verdict, detail }) =>
          `${verdict} ${input}=${JSON.stringify(value.slice(0, 60))} ${detail}`
      )
    expect(wrong.slice(0, 40)).toEqual([])
    expect(counts['accepted-nonsense']).toBe(0)
    // Every input sees both outcomes: a corpus that only ever refuses (or accepts) proves nothing.
    for (const input of INPUTS) {
      const mine = outcomes.filter(outcome => outcome.input === input)
      expect(
        mine.some(outcome => outcome.verdict === 'refused'),
        `${input} refuses something`
      ).toBe(true)
    }
  })

  it.each([
    ['tag-prefix', '-1'],
    ['tag-prefix', 'v\u202e'],
    ['tag-prefix', 'v\u200b'],
    ['tag-prefix', '{version}'],
    ['changelog-file', 'CHANGELOG.md\n.git/config'],
    ['changelog-file', `${'x'.repeat(5_000)}`],
    ['changelog-file', '.git/hooks/pre-commit'],
    ['deploy-workflow', 'https://github.com/acme/app/blob/main/.github/workflows/deploy.yml'],
    ['deploy-workflow', 'ops/deploy.yml'],
    ['deploy-ref', 'release/{tag}.lock'],
    ['wait-for-checks', '1e20'],
    ['quality-timeout', '1e20'],
    ['deploy-timeout', '1e20'],
    ['repository', '../..'],
    ['deploy-inputs', '{"__proto__": {"polluted": true}}'],
    ['deploy-inputs', '__proto__: x'],
    ['release-label', '##[set-output name=x;]y'],
    ['github-token', `${TOKEN}\nsecond-line-of-secret`],
    ['beast-mode-api-key', `${KEY}\nsecond-line-of-key`]
  ])('the reported case %s = %s is refused, naming the input', (input, value) => {
    expect(fuzz(input, value)).toMatchObject({ verdict: 'refused' })
  })
})
