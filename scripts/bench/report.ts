import type { Verdict } from './agreement.js'
import type { ColdStart } from './cold-start.js'
import type { ProfileSummary } from './cpu-profile.js'
import type { BenchResults } from './run.js'
import { figuresOf, ratio, spread, type Spread, type ToolFigures } from './stats.js'
import type { Sample, Tool, ToolId } from './types.js'

/** A Markdown table, columns padded so that it reads in a terminal too. */
export function markdownTable(header: string[], rows: string[][], rightAligned: number[] = []): string {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map(row => (row[column] ?? '').length))
  )
  const right = (column: number) => rightAligned.includes(column)
  const pad = (cell: string, column: number) =>
    right(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)
  const rule = (width: number, column: number) =>
    right(column) ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`
  return [line(header), `| ${widths.map(rule).join(' | ')} |`, ...rows.map(line)].join('\n')
}

const count = (value: number) => value.toLocaleString('en-US')
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
const milliseconds = (ms: number) => `${Math.round(ms)} ms`
const mebibytes = (kb: number) => `${Math.round(kb / 1024)} MiB`
const times = (value: number | null) => (value === null ? '—' : `${value.toFixed(value < 10 ? 1 : 0)}×`)

function median(value: Spread | null, format: (n: number) => string): string {
  return value ? format(value.median) : '—'
}

function range(value: Spread | null, format: (n: number) => string): string {
  if (!value) return '—'
  return value.min === value.max ? format(value.min) : `${format(value.min)} – ${format(value.max)}`
}

export type Labels = Record<ToolId, string>

/** Per history and tool: wall time, CPU, memory, requests and round trips over the counted runs. */
export function resultsTable(
  samples: readonly Sample[],
  sizes: number[],
  tools: ToolId[],
  labels: Labels
): string {
  const rows = sizes.flatMap(size =>
    tools.map(tool => {
      const figures = figuresOf(samples, tool, size)
      return [
        count(size),
        labels[tool] + (figures.failed > 0 ? ` (${figures.failed} failed)` : ''),
        median(figures.wallMs, seconds),
        range(figures.wallMs, seconds),
        median(figures.cpuMs, seconds),
        median(figures.maxRssKb, mebibytes),
        range(figures.requests, count),
        range(figures.roundTrips, count),
        median(figures.serverCpuMs, seconds)
      ]
    })
  )
  return markdownTable(
    [
      'commits',
      'tool',
      'wall (median)',
      'wall (min – max)',
      'CPU',
      'peak RSS',
      'requests',
      'round trips in sequence',
      'emulator CPU'
    ],
    rows,
    [0, 2, 3, 4, 5, 6, 7, 8]
  )
}

/** The question: how many times slower each peer is than the action, per history, wall and CPU. */
export function ratioTable(
  samples: readonly Sample[],
  sizes: number[],
  tools: ToolId[],
  labels: Labels
): string {
  const figures = (tool: ToolId, size: number): ToolFigures => figuresOf(samples, tool, size)
  const pairs: Array<[ToolId, ToolId]> = []
  for (const peer of ['release-please', 'semantic-release', 'recommended-bump'] as const)
    for (const action of ['action', 'action-latency'] as const)
      if (tools.includes(peer) && tools.includes(action)) pairs.push([peer, action])
  if (tools.includes('action') && tools.includes('git-log')) pairs.push(['action', 'git-log'])
  const rows = pairs.map(([a, b]) => [
    `${labels[a]} ÷ ${labels[b]}`,
    ...sizes.map(size => {
      const [x, y] = [figures(a, size), figures(b, size)]
      return `${times(ratio(x.wallMs, y.wallMs))} (CPU ${times(ratio(x.cpuMs, y.cpuMs))})`
    })
  ])
  return markdownTable(
    ['median wall time (CPU)', ...sizes.map(size => `${count(size)} commits`)],
    rows,
    sizes.map((_, index) => index + 1)
  )
}

/** Each tool's decision per history, ✓ or the problems. */
export function agreementTable(verdicts: readonly Verdict[], labels: Labels): string {
  const rows = verdicts.map(verdict => {
    const decision = verdict.decision
    const said = decision
      ? [
          decision.version ?? '',
          decision.bump ?? '',
          decision.commits === null ? '' : `${count(decision.commits)} commits`,
          decision.detail ?? ''
        ]
          .filter(Boolean)
          .join(', ')
      : '—'
    return [
      count(verdict.size),
      labels[verdict.tool],
      said,
      verdict.problems.length === 0 ? '✓' : `✗ ${verdict.problems.join('; ')}`
    ]
  })
  return markdownTable(['commits', 'tool', 'decided', 'check'], rows, [0])
}

export function coldStartTable(cold: ColdStart): string {
  const row = (what: string, values: number[]) => {
    const figures = spread(values)
    return [what, median(figures, milliseconds), range(figures, milliseconds), String(figures?.count ?? 0)]
  }
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`
  return [
    markdownTable(
      ['from spawn', 'median', 'min – max', 'runs'],
      [
        row('`node -e 0`, to exit', cold.nodeStartMs),
        row('bare `node -e` with one http.get, to the request', cold.bareRequestMs),
        row('this action, to its first request', cold.actionFirstRequestMs)
      ],
      [1, 2, 3]
    ),
    '',
    markdownTable(
      ['bundle', 'size'],
      [
        ['dist/index.js', kib(cold.bundle.entryBytes)],
        [`dist/ (${cold.bundle.distFiles} files)`, kib(cold.bundle.distBytes)]
      ],
      [1]
    )
  ].join('\n')
}

export function profileTables(size: number, summary: ProfileSummary): string {
  const share = (ms: number) => `${((100 * ms) / summary.sampledMs).toFixed(1)}%`
  const rows = (spots: ProfileSummary['functions']) =>
    spots.map(spot => [spot.name, milliseconds(spot.selfMs), share(spot.selfMs)])
  const wall = spread(summary.runs.map(run => run.wallMs))
  const cpu = spread(summary.runs.map(run => run.cpuMs))
  return [
    `${summary.runs.length} profiled run(s) of the action on ${count(size)} commits (node --cpu-prof): wall ` +
      `${median(wall, seconds)}, CPU ${median(cpu, seconds)} (medians); ${milliseconds(summary.sampledMs)} sampled ` +
      'per run. Self time per run, on average:',
    '',
    markdownTable(['function', 'self', 'share'], rows(summary.functions), [1, 2]),
    '',
    markdownTable(['file', 'self', 'share'], rows(summary.files), [1, 2])
  ].join('\n')
}

const DEFINITIONS = [
  '- wall: spawn to exit of the process. CPU: user + system of the process and the children it waited for ' +
    '(git, for the peers). Peak RSS: the largest single process.',
  '- requests: what the emulator served to the run. Round trips in sequence: the most requests of a run no two ' +
    'of which overlapped in time, a chain in which each request waited for the answer before it; with a latency L ' +
    'per request a run takes at least that many × L. Without added latency the server may answer requests sent ' +
    'together one after another, so read it from the latency mode.',
  "- emulator CPU: what the in-process emulator spent answering (GitHub's share, not the action's); without added " +
    "latency it competes with the action for the machine's cores.",
  '- release-please reads the emulated API as the action does (REST and GraphQL); the other peers read a local ' +
    'clone (with a local bare remote for semantic-release); the clone is not timed.'
]

export interface ReportInput {
  environment: string[]
  sizes: number[]
  tools: readonly Tool[]
  results: BenchResults
  verdicts: readonly Verdict[]
  profiledSize: number | null
  minutes: number
}

/** The whole report, in Markdown. */
/** One real release per history, against its request budget: ⌈N/100⌉ + 12 requests, ⌈N/800⌉ + 6 in sequence. */
export function releaseTable(releases: BenchResults['releases']): string {
  const rows = releases.map(({ size, sample }) => {
    const requestBudget = Math.ceil(size / 100) + 12
    const tripBudget = Math.ceil(size / 800) + 6
    const within = (value: number | null, budget: number) =>
      value === null ? '?' : `${value} (budget ${budget}) ${value <= budget ? '✓' : '✗'}`
    return [
      size.toLocaleString('en-US'),
      sample.failure ?? 'released',
      within(sample.requests, requestBudget),
      within(sample.roundTrips, tripBudget),
      `${(sample.wallMs / 1000).toFixed(2)} s`
    ]
  })
  return markdownTable(
    ['commits', 'outcome', 'requests', 'round trips in sequence', 'wall'],
    rows,
    [0, 2, 3, 4]
  )
}

export function renderReport(input: ReportInput): string {
  const { results, sizes } = input
  const ids = input.tools.map(tool => tool.id)
  const labels = Object.fromEntries(input.tools.map(tool => [tool.id, tool.label])) as Labels
  const mismatches = input.verdicts.filter(verdict => verdict.problems.length > 0).length
  return [
    '## Benchmark: this action, release-please, semantic-release, conventional-recommended-bump, git log',
    '',
    ...input.environment.map(line => `- ${line}`),
    '',
    resultsTable(results.samples, sizes, ids, labels),
    '',
    ...DEFINITIONS,
    '',
    '### Ratios of the median wall time (and CPU time)',
    '',
    'A peer ÷ this action: how many times faster this action is.',
    '',
    ratioTable(results.samples, sizes, ids, labels),
    '',
    '### Did every tool decide the same?',
    '',
    ...(mismatches > 0
      ? [`**MISMATCH: ${mismatches} tool(s) decided otherwise than the history calls for.**`, '']
      : []),
    agreementTable(input.verdicts, labels),
    '',
    ...(results.releases.length > 0
      ? [
          '### A whole release (tag, release, publish; not a dry run), once per history, with the added latency',
          '',
          releaseTable(results.releases),
          ''
        ]
      : []),
    '### Cold start and bundle size',
    '',
    coldStartTable(results.cold),
    ...(results.profile && input.profiledSize !== null
      ? ['', '### Where the action spends its CPU', '', profileTables(input.profiledSize, results.profile)]
      : []),
    '',
    `The bench took ${input.minutes.toFixed(1)} min.`
  ].join('\n')
}
