// `npm run chaos -- --seeds 500`: the seeded fault campaign (test-support/chaos), many seeds, two at a time; a
// table of what broke; exits 1 on any broken invariant. `npm run chaos -- --seed 17` replays one seed in detail.
//   --seeds N      how many seeds (default 100), starting at --from (default 1)
//   --from S       first seed
//   --seed N       replay one seed in detail (or several, with the table: --seed 4,17,33)
//   --parallel P   seeds at a time (default 2)
//   --verbose      print every seed's story, not only the broken ones
//   --storms N     instead: run each storm (ten processes on one commit) N times; their races differ each time
//   --monorepo     the monorepo campaign (three packages, test-support/chaos/monorepo-*.ts) instead, for seeds
//                  and for storms: `npm run chaos -- --monorepo --seeds 30`, `--monorepo --seed 12`
import { statSync } from 'node:fs'
import { runSeed } from '../test-support/chaos/campaign.js'
import type { Violation } from '../test-support/chaos/invariants.js'
import { runMonorepoSeed } from '../test-support/chaos/monorepo-campaign.js'
import { describeMonorepoShape, planMonorepoSeed } from '../test-support/chaos/monorepo-plan.js'
import { MONOREPO_STORMS, runMonorepoStorm } from '../test-support/chaos/monorepo-storm.js'
import { describeFaults, describeShape, planSeed } from '../test-support/chaos/plan.js'
import { formatMonorepoSeed, formatSeed, formatStorm, table } from '../test-support/chaos/report.js'
import { runStorm, STORMS, type StormReport } from '../test-support/chaos/storm.js'
import { BUNDLE } from '../test-support/run-action.js'

interface Options {
  seeds: number[]
  parallel: number
  verbose: boolean
  /** One seed asked for by number: its story is the output, no table. */
  replay: boolean
  /** Run the storms this many times each, instead of seeds (0: seeds). */
  storms: number
  /** The monorepo campaign and storms instead of the single-package ones. */
  monorepo: boolean
}

/** What the campaign keeps of one seed, whichever campaign ran it. */
interface SeedSummary {
  seed: number
  scenario: string
  faults: string
  violations: Violation[]
  deadFaults: string[]
  dispatches: number
  harnessError: string | null
  /** The seed's story, printed when it broke (or with --verbose). */
  story: string
}

async function singleSeed(seed: number): Promise<SeedSummary> {
  const report = await runSeed(planSeed(seed))
  return {
    ...report,
    seed,
    scenario: describeShape(report.plan.shape),
    faults: describeFaults(report.plan.faults),
    story: formatSeed(report)
  }
}

async function monorepoSeed(seed: number): Promise<SeedSummary> {
  const report = await runMonorepoSeed(planMonorepoSeed(seed))
  return {
    ...report,
    seed,
    scenario: describeMonorepoShape(report.plan.shape),
    faults: describeFaults(report.plan.faults),
    story: formatMonorepoSeed(report)
  }
}

const KNOWN = ['--seeds', '--from', '--seed', '--parallel', '--verbose', '--storms', '--monorepo']

function parse(argv: string[]): Options {
  for (const [index, arg] of argv.entries()) {
    if (arg.startsWith('--') && !KNOWN.includes(arg))
      throw new Error(`Unknown option ${arg} (known: ${KNOWN.join(', ')})`)
    if (!arg.startsWith('--') && !KNOWN.includes(argv[index - 1] ?? ''))
      throw new Error(`Unexpected argument '${arg}'`)
  }
  const value = (name: string): number | null => {
    const index = argv.indexOf(name)
    if (index < 0) return null
    const number = Number(argv[index + 1])
    if (!Number.isInteger(number) || number < 0)
      throw new Error(`${name} needs a whole number, got '${argv[index + 1]}'`)
    return number
  }
  const verbose = argv.includes('--verbose')
  const monorepo = argv.includes('--monorepo')
  const listed = argv.indexOf('--seed')
  if (listed >= 0) {
    const seeds = (argv[listed + 1] ?? '').split(',').map(Number)
    if (seeds.some(seed => !Number.isInteger(seed) || seed < 0))
      throw new Error(`--seed needs a seed or a comma-separated list, got '${argv[listed + 1]}'`)
    return { seeds, parallel: 2, verbose: true, replay: seeds.length === 1, storms: 0, monorepo }
  }
  const count = value('--seeds') ?? 100
  const from = value('--from') ?? 1
  return {
    seeds: Array.from({ length: count }, (_, index) => from + index),
    parallel: Math.max(1, value('--parallel') ?? 2),
    verbose,
    replay: false,
    storms: value('--storms') ?? 0,
    monorepo
  }
}

/** When dist/index.js was last built: someone rebuilding it mid-campaign mixes two builds in one table. */
function builtAt(): number {
  try {
    return statSync(BUNDLE).mtimeMs
  } catch {
    return -1
  }
}

/** Runs the seeds `parallel` at a time, calling back as each finishes; returns the reports in seed order. */
async function runSeeds(options: Options, done: (report: SeedSummary) => void): Promise<SeedSummary[]> {
  const reports: SeedSummary[] = []
  const run = options.monorepo ? monorepoSeed : singleSeed
  let next = 0
  const worker = async () => {
    while (next < options.seeds.length) {
      const report = await run(options.seeds[next++]!)
      reports.push(report)
      done(report)
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.parallel, options.seeds.length) }, worker))
  return reports.sort((a, b) => a.seed - b.seed)
}

function printCampaign(reports: SeedSummary[], options: Options, seconds: number): void {
  const broken = reports.filter(report => report.violations.length > 0)
  const crashed = reports.filter(
    report =>
      report.harnessError !== null || report.violations.some(violation => violation.invariant === 'no-crash')
  )
  const violations = reports.flatMap(report => report.violations)
  const byInvariant = new Map<string, number>()
  for (const violation of violations)
    byInvariant.set(violation.invariant, (byInvariant.get(violation.invariant) ?? 0) + 1)
  const dead = reports
    .filter(report => report.deadFaults.length > 0)
    .map(report => `${report.seed} (${report.deadFaults.join(', ')})`)
  const range = `${options.monorepo ? 'monorepo ' : ''}${options.seeds[0]}..${options.seeds.at(-1)}, ${options.parallel} at a time`
  console.log(
    table(
      ['figure', 'value'],
      [
        ['seeds run', `${reports.length} (${range})`],
        ['invariant violations', `${violations.length} in ${broken.length} seed(s)`],
        ['crashes', `${crashed.length} seed(s)`],
        ['faults no request met', `${dead.length} seed(s)${dead.length ? `: ${dead.join('; ')}` : ''}`],
        ['deploy dispatches', String(reports.reduce((sum, report) => sum + report.dispatches, 0))],
        ['time', `${seconds.toFixed(1)}s (${(seconds / Math.max(1, reports.length)).toFixed(2)}s per seed)`]
      ]
    )
  )
  if (byInvariant.size > 0) {
    const counts = [...byInvariant].map(([name, count]) => [name, String(count)])
    console.log(`\nBy invariant:\n${table(['invariant', 'violations'], counts)}`)
    const rows = broken.flatMap(report =>
      report.violations.map(violation => [
        String(report.seed),
        report.scenario,
        report.faults,
        violation.invariant,
        violation.detail
      ])
    )
    console.log(`\nViolations:\n${table(['seed', 'scenario', 'faults', 'invariant', 'detail'], rows)}`)
    console.log(`\nReplay one with: npm run chaos -- ${options.monorepo ? '--monorepo ' : ''}--seed <seed>`)
  }
  for (const report of reports.filter(report => report.harnessError !== null))
    console.log(`seed ${report.seed}: harness error: ${report.harnessError}`)
}

/** The seeded campaign; true when an invariant broke (or the harness failed). */
async function campaign(options: Options): Promise<boolean> {
  const started = Date.now()
  const build = builtAt()
  const rebuiltDuring: number[] = []
  let finished = 0
  const reports = await runSeeds(options, report => {
    finished++
    if (builtAt() !== build) rebuiltDuring.push(report.seed)
    const broken = report.violations.length > 0 || report.harnessError !== null
    if (options.verbose || broken) console.log(`${report.story}\n`)
    else if (process.stderr.isTTY) process.stderr.write(`\r${finished}/${options.seeds.length} seeds`)
  })
  if (process.stderr.isTTY && !options.verbose) process.stderr.write('\n')
  if (!options.replay) printCampaign(reports, options, (Date.now() - started) / 1000)
  if (rebuiltDuring.length > 0) {
    const seeds = `${rebuiltDuring.slice(0, 10).join(', ')}${rebuiltDuring.length > 10 ? ', …' : ''}`
    console.log(
      `\nWARNING: dist/index.js was rebuilt during the campaign (seeds ${seeds} ended after it): a run that met a ` +
        'half-written or newer bundle is not comparable. Rerun those seeds with --seed.'
    )
  }
  return reports.some(report => report.violations.length > 0 || report.harnessError !== null)
}

/** Each storm `times` times, one after another (a storm is ten processes already); true when one broke. */
async function storms(times: number, verbose: boolean, monorepo: boolean): Promise<boolean> {
  const rows: string[][] = []
  let broken = false
  const kept: Array<readonly [string, () => Promise<StormReport>]> = monorepo
    ? MONOREPO_STORMS.map(([name, stormOptions]) => [name, () => runMonorepoStorm(stormOptions)] as const)
    : STORMS.map(([name, stormOptions]) => [name, () => runStorm(stormOptions)] as const)
  for (const [name, runOne] of kept) {
    const counts = new Map<string, number>()
    const dispatches: number[] = []
    for (let round = 1; round <= times; round++) {
      const report = await runOne()
      dispatches.push(report.dispatches)
      for (const invariant of new Set(report.violations.map(violation => violation.invariant)))
        counts.set(invariant, (counts.get(invariant) ?? 0) + 1)
      if (verbose || report.violations.length > 0)
        console.log(`${formatStorm(`${name} #${round}`, report)}\n`)
    }
    broken ||= counts.size > 0
    const failed = [...counts].map(([invariant, count]) => `${invariant} in ${count}`).join(', ')
    const spread = `${Math.min(...dispatches)}–${Math.max(...dispatches)}`
    rows.push([name, String(times), spread, failed || 'none'])
  }
  console.log(table(['storm', 'runs', 'deploy dispatches', 'invariants broken (runs)'], rows))
  return broken
}

const options = parse(process.argv.slice(2))
const broken =
  options.storms > 0
    ? await storms(options.storms, options.verbose, options.monorepo)
    : await campaign(options)
if (broken) process.exitCode = 1
