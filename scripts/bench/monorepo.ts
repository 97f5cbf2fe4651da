import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  buildMonorepoHistory,
  type MonorepoHistory,
  type MonorepoPackage
} from '../../test-support/bench/monorepo-history.js'
import { RequestTimeline } from '../../test-support/bench/request-timeline.js'
import { Emulator } from '../../test-support/emulator/server.js'
import type { ActionRun } from '../../test-support/run-action.js'
import {
  breakDown,
  byOperation,
  constantPart,
  CONSTANT_OPERATIONS,
  type RequestBreakdown
} from './monorepo-requests.js'
import type { BenchOptions } from './options.js'
import type { Peer } from './peers.js'
import { markdownTable, resultsTable, type Labels } from './report.js'
import { measureAction } from './tools/action.js'
import { runReleasePlease } from './tools/release-please.js'
import { NO_FIGURES, type Measurement, type Sample, type ToolId } from './types.js'

/** What a tool decided for one package: the version it would release (null: none) and the commits it counted. */
export interface PackageDecision {
  version: string | null
  /** Commits touching the package since its last release, when the tool says (this action does; release-please not). */
  commits: number | null
}

/** One run of one tool on the monorepo, with what it decided and, for the action, its requests sorted. */
export interface MonorepoSample {
  sample: Sample
  decisions: Record<string, PackageDecision>
  /** Where its decisions depart from the generator's expectation (empty: all as expected). */
  problems: string[]
  /** The action's requests sorted by what they were for; null for release-please. */
  breakdown: RequestBreakdown | null
  /** Its requests by operation (GitHub's operationId, or graphql), most first. */
  operations: Array<[string, number]>
}

export interface MonorepoFacts {
  size: number
  spread: MonorepoHistory['spread']
  packages: Array<Omit<MonorepoPackage, 'tagSha'>>
}

export interface MonorepoResults {
  histories: MonorepoFacts[]
  samples: MonorepoSample[]
}

interface MonorepoStage {
  history: MonorepoHistory
  emulator: Emulator
  timeline: RequestTimeline
  repository: string
}

interface MonorepoTool {
  id: ToolId
  label: string
  run(stage: MonorepoStage): Promise<Omit<MonorepoSample, 'sample'> & { measurement: Measurement }>
}

const count = (value: number) => value.toLocaleString('en-US')
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/**
 * The action's decisions: the `releases` output (package, version, tag, previous version), and the commits each
 * package counted, from the packages step's reason ("p0: 1.0.0 → 2.0.0 (major bump from the commits; 523
 * commits); …; p9: no releasable commits since 1.0.0 (48 commits: …)").
 */
export function actionDecisions(run: ActionRun, names: readonly string[]): Record<string, PackageDecision> {
  const releases = JSON.parse(run.outputs.releases || '[]') as Array<{ package: string; version: string }>
  const reason = run.result?.steps.find(step => step.id === 'packages')?.reason ?? ''
  const segments = new Map<string, string>()
  for (const segment of reason.split(/; (?=[A-Za-z0-9._-]+: )/)) {
    const colon = segment.indexOf(': ')
    if (colon > 0) segments.set(segment.slice(0, colon), segment.slice(colon + 2))
  }
  const decisions: Record<string, PackageDecision> = {}
  for (const name of new Set([...names, ...releases.map(release => release.package)])) {
    const said = segments.get(name)
    const counted =
      said === undefined ? null : /no commits since/.test(said) ? '0' : /(\d+) commits?\b/.exec(said)?.[1]
    decisions[name] = {
      version: releases.find(release => release.package === name)?.version ?? null,
      commits: counted === null || counted === undefined ? null : Number(counted)
    }
  }
  return decisions
}

/** Where the action's decisions and releases output depart from what each package's commits call for. */
export function actionProblems(history: MonorepoHistory, run: ActionRun): string[] {
  const problems: string[] = []
  if (run.exitCode !== 0 || run.outputs.outcome !== 'dry-run')
    problems.push(
      `exit ${run.exitCode}, outcome ${run.outputs.outcome ?? 'none'}: ${run.result?.reason ?? run.stderr.slice(-300)}`
    )
  const releases = JSON.parse(run.outputs.releases || '[]') as Array<Record<string, unknown>>
  const shown = (entry: Record<string, unknown> | undefined) =>
    entry
      ? JSON.stringify({
          version: entry.version,
          tag: entry.tag,
          'previous-version': entry['previous-version']
        })
      : 'no entry'
  const names = history.packages.map(spec => spec.name)
  for (const name of new Set([...names, ...releases.map(release => String(release.package))])) {
    const spec = history.packages.find(entry => entry.name === name)
    const version = spec?.expected.version ?? null
    const wanted = version
      ? { version, tag: `${name}@${version}`, 'previous-version': spec!.lastVersion }
      : undefined
    const got = releases.filter(release => release.package === name)
    if (got.length > 1) problems.push(`${name}: ${got.length} entries in the releases output`)
    if (shown(got[0]) !== shown(wanted))
      problems.push(`${name}: releases output ${shown(got[0])}, expected ${shown(wanted)}`)
  }
  const decisions = actionDecisions(run, names)
  for (const spec of history.packages) {
    const commits = decisions[spec.name]?.commits ?? null
    if (commits !== spec.touching)
      problems.push(`${spec.name}: ${commits ?? 'no count of'} commits, expected ${spec.touching}`)
  }
  return problems
}

/** release-please's decisions: one `<summary>p0: 2.0.0</summary>` per package in its release pull request. */
export function releasePleaseDecisions(
  kept: readonly string[],
  names: readonly string[]
): { decisions: Record<string, PackageDecision>; read: number | null } {
  const text = kept.join('\n')
  const read = /Splitting (\d+) commits by path/.exec(text)?.[1]
  const decisions: Record<string, PackageDecision> = {}
  const found = new Map<string, string>()
  for (const match of text.matchAll(/<summary>([^:<]+): (\S+)<\/summary>/g)) found.set(match[1]!, match[2]!)
  for (const name of new Set([...names, ...found.keys()]))
    decisions[name] = { version: found.get(name) ?? null, commits: null }
  return { decisions, read: read === undefined ? null : Number(read) }
}

function versionProblems(history: MonorepoHistory, decisions: Record<string, PackageDecision>): string[] {
  const problems: string[] = []
  for (const [name, decision] of Object.entries(decisions)) {
    const spec = history.packages.find(entry => entry.name === name)
    const expected = spec?.expected.version ?? null
    if (decision.version !== expected)
      problems.push(`${name}: ${decision.version ?? 'no release'}, expected ${expected ?? 'no release'}`)
  }
  return problems
}

function actionTool(node: string, latencyMs: number): MonorepoTool {
  return {
    id: latencyMs > 0 ? 'action-latency' : 'action',
    label: latencyMs > 0 ? `this action (+${latencyMs} ms per request)` : 'this action',
    async run(stage) {
      const { history, emulator } = stage
      const logged = emulator.requests.length
      let finished: ActionRun | null = null
      const measurement = await measureAction(stage, {
        node,
        latencyMs,
        inputs: { packages: history.packagesInput },
        onRun: run => (finished = run)
      })
      const run = finished as ActionRun | null
      if (!run) throw new Error('the action did not run')
      const names = history.packages.map(spec => spec.name)
      const breakdown = breakDown(history, emulator.requests.slice(logged))
      return {
        measurement,
        decisions: actionDecisions(run, names),
        problems: actionProblems(history, run),
        breakdown,
        operations: breakdown.byOperation
      }
    }
  }
}

/** The stdout lines that say what release-please decided: the commits it split, and its pull request's body. */
const TELLING = /Splitting \d+ commits by path|^title: |<summary>/

function releasePleaseTool(node: string, peer: Peer): MonorepoTool {
  return {
    id: 'release-please',
    label: `release-please ${peer.version} (manifest)`,
    async run(stage) {
      const { history, emulator } = stage
      const cwd = mkdtempSync(join(tmpdir(), 'bench-release-please-'))
      try {
        const logged = emulator.requests.length
        const { measurement, kept } = await runReleasePlease(node, peer, stage, { cwd, keep: TELLING })
        const operations = byOperation(emulator.requests.slice(logged))
        const names = history.packages.map(spec => spec.name)
        const { decisions, read } = releasePleaseDecisions(kept, names)
        const problems = measurement.failure ? [] : versionProblems(history, decisions)
        // It reads back to the oldest of the packages' releases: every generated commit.
        if (!measurement.failure && read !== history.size)
          problems.push(`${read ?? 'no count of'} commits read, expected ${history.size}`)
        return {
          measurement: { ...measurement, decision: null },
          decisions,
          problems,
          breakdown: null,
          operations
        }
      } finally {
        rmSync(cwd, { recursive: true, force: true })
      }
    }
  }
}

/** The same tools starting at another place each run, so that no tool always runs first. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length
  return [...items.slice(shift), ...items.slice(0, shift)]
}

async function measure(
  tool: MonorepoTool,
  stage: MonorepoStage,
  run: number,
  log: (line: string) => void
): Promise<MonorepoSample> {
  const base = { tool: tool.id, size: stage.history.size, run }
  let result: MonorepoSample
  try {
    // A run that decided otherwise still counts in the figures; the verdict reports its problems.
    const { measurement, ...rest } = await tool.run(stage)
    result = { sample: { ...base, ...measurement }, ...rest }
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error)
    const sample = { ...base, ...NO_FIGURES, wallMs: Number.NaN, decision: null, failure }
    result = { sample, decisions: {}, problems: [failure], breakdown: null, operations: [] }
  }
  const what = run === 0 ? 'warm-up' : `run ${run}`
  const figures = result.sample.failure
    ? `FAILED: ${result.sample.failure.slice(0, 400)}`
    : `${seconds(result.sample.wallMs)}, ${result.sample.requests} requests` +
      (result.problems.length > 0 ? `, MISMATCH: ${result.problems.join('; ').slice(0, 400)}` : '')
  log(`  ${what} ${tool.label}: ${figures}`)
  return result
}

export function monorepoTools(options: BenchOptions, node: string, peer: Peer | null): MonorepoTool[] {
  const make: Partial<Record<ToolId, () => MonorepoTool>> = {
    action: () => actionTool(node, 0),
    'action-latency': () => actionTool(node, options.latencyMs),
    'release-please': () => releasePleaseTool(node, peer!)
  }
  return options.tools.map(id => make[id]!())
}

/** Every size in turn, one emulator for all: a warm-up of every tool, then `runs` interleaved rounds. */
export async function runMonorepoBench(
  options: BenchOptions,
  tools: readonly MonorepoTool[],
  log: (line: string) => void
): Promise<MonorepoResults> {
  const emulator = new Emulator({ repos: {}, validateResponses: 'off' })
  await emulator.start()
  const timeline = new RequestTimeline(Number(new URL(emulator.url).port))
  const results: MonorepoResults = { histories: [], samples: [] }
  try {
    for (const [index, size] of options.sizes.entries()) {
      const building = performance.now()
      const history = buildMonorepoHistory({ size })
      try {
        const repository = `acme/monorepo-${size}`
        emulator.addRepo(repository, history.dir)
        const { spread } = history
        results.histories.push({
          size,
          spread,
          packages: history.packages.map(({ tagSha: _, ...facts }) => facts)
        })
        log(
          `${count(size)} commits over ${history.packages.length} packages (${count(spread.one)} touch one, ` +
            `${count(spread.two)} two, ${count(spread.root)} only root files): built in ` +
            seconds(performance.now() - building)
        )
        const stage = { history, emulator, timeline, repository }
        for (const tool of tools) results.samples.push(await measure(tool, stage, 0, log))
        for (let run = 1; run <= options.runs; run++)
          for (const tool of rotate(tools, run - 1 + index))
            results.samples.push(await measure(tool, stage, run, log))
      } finally {
        history.remove()
      }
    }
  } finally {
    timeline.close()
    await emulator.stop()
  }
  return results
}

const BUMP_COLUMNS = ['breaking', 'feature', 'fix', 'other', 'non-conventional'] as const

/** Per package: its tag, range, the commits touching it, what they call for and what each tool decided. */
function packagesTable(facts: MonorepoFacts, samples: readonly MonorepoSample[], labels: Labels): string {
  const tools = [...new Set(samples.map(entry => entry.sample.tool))]
  const decided = (tool: ToolId, name: string) => {
    const runs = samples.filter(entry => entry.sample.tool === tool)
    const said = new Set(
      runs.map(entry => {
        const decision = entry.decisions[name]
        if (!decision) return 'failed'
        const version = decision.version ?? 'none'
        return decision.commits === null ? version : `${version} (${count(decision.commits)})`
      })
    )
    return [...said].join(' / ')
  }
  const rows = facts.packages.map(spec => {
    const wrong = samples.some(entry => {
      const decision = entry.decisions[spec.name]
      return (
        !decision ||
        decision.version !== spec.expected.version ||
        (decision.commits !== null && decision.commits !== spec.touching)
      )
    })
    return [
      spec.name,
      `${spec.lastTag} after ${count(spec.taggedAfter)}`,
      count(spec.range),
      `${count(spec.touching)} (${count(spec.shared)})`,
      BUMP_COLUMNS.map(kind => count(spec.counts[kind])).join(' / '),
      `${spec.expected.version ?? 'none'} (${count(spec.touching)})`,
      ...tools.map(tool => decided(tool, spec.name)),
      wrong ? '✗' : '✓'
    ]
  })
  return markdownTable(
    [
      'package',
      'last release, after generated commit',
      'commits in range',
      'touching it (also another)',
      'breaking / feat / fix / other / non-CC',
      'expected (commits)',
      ...tools.map(tool => labels[tool]),
      'check'
    ],
    rows,
    [1, 2, 3, 4]
  )
}

/** One action run's requests per package against its term of the budget, the shared read, the constant. */
function requestsTable(breakdown: RequestBreakdown): string {
  const rows = breakdown.packages.map(entry => [
    entry.name,
    count(entry.range),
    count(entry.term),
    count(entry.compares),
    count(entry.listingPages),
    `${count(entry.own)} ${entry.own <= entry.term ? '✓' : '✗'}`
  ])
  const { shared } = breakdown
  rows.push([
    `shared history read (from ${breakdown.sharedFrom ?? '?'}'s tag, 100 a page)`,
    '',
    '',
    '',
    '',
    `${count(shared.pages)} (${shared.reads} read${shared.reads === 1 ? '' : 's'} of ${count(shared.reads > 0 ? shared.pages / shared.reads : 0)} pages)`
  ])
  rows.push([
    'constant (repository, branch, freeze, checks, statuses, tags) / other requests',
    '',
    count(breakdown.constant),
    '',
    '',
    count(breakdown.others)
  ])
  rows.push(['total', '', count(breakdown.budget), '', '', count(breakdown.total)])
  rows.push([
    'the design: constant + a compare per package + one shared read + ⌈touching/100⌉ listing pages',
    '',
    '',
    '',
    '',
    count(breakdown.design)
  ])
  return markdownTable(
    [
      'package',
      'commits in range',
      'budget ⌈range/100⌉ + 2',
      'last-release compare',
      'path-filtered listing pages',
      'requests'
    ],
    rows,
    [1, 2, 3, 4, 5]
  )
}

function operationsTable(samples: readonly MonorepoSample[], labels: Labels): string {
  const columns = samples.map(entry => ({
    label: labels[entry.sample.tool],
    operations: new Map(entry.operations)
  }))
  const operations = [...new Set(samples.flatMap(entry => entry.operations.map(([operation]) => operation)))]
  const rows = operations.map(operation => [
    operation,
    ...columns.map(column => count(column.operations.get(operation) ?? 0))
  ])
  rows.push([
    'total',
    ...columns.map(column => count([...column.operations.values()].reduce((a, b) => a + b, 0)))
  ])
  return markdownTable(
    ['operation', ...columns.map(column => column.label)],
    rows,
    columns.map((_, index) => index + 1)
  )
}

export interface MonorepoVerdicts {
  mismatches: string[]
  overBudget: string[]
  /** Runs that read the shared history more than once (the design reads it once). */
  rereads: string[]
  /** "budget: N requests ≤ M allowed" per size (the most any action run made). */
  budgetLines: string[]
  /** Per size: the most any action run made against the design's exact count. */
  designLines: string[]
}

export function monorepoVerdicts(results: MonorepoResults, labels: Labels): MonorepoVerdicts {
  const verdicts: MonorepoVerdicts = {
    mismatches: [],
    overBudget: [],
    rereads: [],
    budgetLines: [],
    designLines: []
  }
  const what = (entry: MonorepoSample) =>
    `${count(entry.sample.size)} commits, ${labels[entry.sample.tool]}, ${entry.sample.run === 0 ? 'warm-up' : `run ${entry.sample.run}`}`
  for (const entry of results.samples) {
    if (entry.problems.length > 0 || entry.sample.failure)
      verdicts.mismatches.push(`${what(entry)}: ${entry.problems.join('; ') || entry.sample.failure}`)
    const breakdown = entry.breakdown
    if (!breakdown) continue
    if (breakdown.total > breakdown.budget)
      verdicts.overBudget.push(`${what(entry)}: ${breakdown.total} requests > ${breakdown.budget} allowed`)
    if (breakdown.shared.reads > 1)
      verdicts.rereads.push(
        `${what(entry)}: the shared history was read ${breakdown.shared.reads} times (${breakdown.shared.pages} pages)`
      )
  }
  for (const facts of results.histories) {
    const runs = results.samples.filter(entry => entry.sample.size === facts.size && entry.breakdown)
    if (runs.length === 0) continue
    const most = Math.max(...runs.map(entry => entry.breakdown!.total))
    const budget = runs[0]!.breakdown!.budget
    verdicts.budgetLines.push(
      most <= budget
        ? `budget: ${most} requests ≤ ${budget} allowed (${count(facts.size)} commits, ${runs.length} action runs)`
        : `BUDGET EXCEEDED: ${most} requests > ${budget} allowed (${count(facts.size)} commits)`
    )
    const design = runs[0]!.breakdown!.design
    verdicts.designLines.push(
      `design: ${design} requests (constant, a compare per package, one shared read, the path listings); ` +
        `the action made ${most}` +
        (most === design ? '' : ` (${most > design ? '+' : ''}${most - design})`)
    )
  }
  return verdicts
}

const DEFINITIONS = [
  '- commits in range: commits in `<last tag>..head`, whatever they touch. Touching it: those of the range that ' +
    'change a file under the package’s folder (a commit touching two packages counts in both; in brackets, how ' +
    'many of them touch another package too). Expected: the highest bump of those commits (breaking → major, feat → ' +
    'minor, fix/perf → patch, the rules of the single-package bench), from 1.0.0.',
  "- The tools' columns: the version each decided (none: not released) and, for this action, the commits it " +
    "counted for the package (from its packages step's reason); every run, the warm-up included, must agree.",
  '- budget: Σ over packages of (⌈commits in range / 100⌉ + 2), plus the constant: one request each for ' +
    `${CONSTANT_OPERATIONS.slice(0, -1).join(', ')} (the repository and its default branch, the branch head, the ` +
    'freeze guardrail, the green gate’s check runs and statuses; the schedule trigger reads nothing) and the tags, ' +
    'one page per 100 tags. The shared history read (one compare from the oldest package’s tag to head, 100 a ' +
    'page) is listed apart: it stands for every package’s ⌈range/100⌉, which it reads once for all.',
  '- release-please runs in manifest mode (release-please-config.json with the 10 packages as components, ' +
    'tag-separator "@", no "v": it finds p0@1.0.0 … from the tags); it reads every commit since the oldest ' +
    'release in GraphQL and asks REST for the files of each (it has no path-filtered listing).'
]

export function monorepoLabels(tools: readonly MonorepoTool[]): Labels {
  return Object.fromEntries(tools.map(tool => [tool.id, tool.label])) as Labels
}

export function renderMonorepoReport(
  environment: readonly string[],
  results: MonorepoResults,
  tools: readonly MonorepoTool[],
  verdicts: MonorepoVerdicts,
  sizes: number[],
  minutes: number
): string {
  const labels = monorepoLabels(tools)
  const sections = results.histories.flatMap(facts => {
    const mine = results.samples.filter(entry => entry.sample.size === facts.size)
    const firstOf = (tool: ToolId) =>
      mine.find(entry => entry.sample.tool === tool && entry.sample.run === 1) ??
      mine.find(entry => entry.sample.tool === tool)
    const reference = firstOf('action') ?? firstOf('action-latency')
    const totals = mine.flatMap(entry => (entry.breakdown ? [entry.breakdown.total] : []))
    const peer = firstOf('release-please')
    const columns = [...(reference ? [reference] : []), ...(peer ? [peer] : [])]
    return [
      `### ${count(facts.size)} generated commits, ${facts.packages.length} packages`,
      '',
      `${count(facts.spread.one)} commits touch one package, ${count(facts.spread.two)} two, ` +
        `${count(facts.spread.root)} only root files.`,
      '',
      packagesTable(facts, mine, labels),
      '',
      ...(reference?.breakdown
        ? [
            `Requests of one dry run of this action (${labels[reference.sample.tool]}, ` +
              `${reference.sample.run === 0 ? 'warm-up' : `run ${reference.sample.run}`}; every action run made ` +
              `${Math.min(...totals) === Math.max(...totals) ? totals[0] : `${Math.min(...totals)} – ${Math.max(...totals)}`} ` +
              `requests). The constant part it made: ${constantPart(reference.breakdown)}.`,
            '',
            requestsTable(reference.breakdown),
            ''
          ]
        : []),
      ...(columns.length > 0
        ? ['Requests by operation (one run of each tool):', '', operationsTable(columns, labels), '']
        : [])
    ]
  })
  return [
    '## Benchmark: a monorepo, this action next to release-please',
    '',
    ...environment.map(line => `- ${line}`),
    '',
    ...sections,
    '### Wall time, CPU, memory, requests',
    '',
    resultsTable(
      results.samples.map(entry => entry.sample),
      sizes,
      tools.map(tool => tool.id),
      labels
    ),
    '',
    ...DEFINITIONS,
    '- wall: spawn to exit of the process. CPU: user + system of the process and the children it waited for. ' +
      'Peak RSS: the largest single process. Round trips in sequence: the most requests of a run no two of which ' +
      'overlapped in time; read it from the latency mode.',
    '',
    '### Verdict',
    '',
    ...verdicts.budgetLines.map(line => `**${line}**`),
    '',
    ...verdicts.designLines,
    ...(verdicts.mismatches.length > 0
      ? [
          '',
          `**MISMATCH: ${verdicts.mismatches.length} run(s) decided otherwise than the history calls for.**`
        ]
      : ['', 'Every run of every tool decided for every package what its commits call for.']),
    ...(verdicts.rereads.length > 0
      ? [
          '',
          `**WARNING: ${verdicts.rereads.length} action run(s) read the shared history more than once** ` +
            '(src/steps/packages.ts reads it once by design): ' +
            verdicts.rereads[0]
        ]
      : []),
    '',
    `The bench took ${minutes.toFixed(1)} min.`
  ].join('\n')
}
