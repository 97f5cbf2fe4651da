import * as io from '@actions/io'
import type { CommandLine } from '../config/index.js'
import { parseCommandScore } from '../domain/quality-score.js'
import { releaseEnv, releaseFacts } from '../domain/release-facts.js'
import { ActionError } from '../errors.js'
import { blocked, passed, type ReadingStep } from '../pipeline.js'
import type { Target, VersionPlan } from '../plan.js'
import { beastModeApiGate } from '../quality/beast-mode-api.js'
import { runCommand } from '../run-command.js'
import { NOT_CONFIGURED, type GateResult, type QualityVerdict } from '../quality/types.js'
import type { Runtime } from '../runtime.js'

type Known = { target: Target; version: VersionPlan }

const INSTALL_HINT =
  'The beast-mode CLI is not on PATH and beast-mode-api-url is not set, so the quality gate cannot run. ' +
  'Install the CLI in an earlier step, or set beast-mode-api-url and beast-mode-api-key to use the BEAST MODE API, ' +
  'or set quality: none to release without a quality gate on purpose.'

/**
 * No ship without quality: BEAST MODE's score against the threshold, then any extra quality commands. A passing
 * verdict is cached per commit and configuration (also in a dry run: the verdict is real, and the repository is
 * not written to).
 */
export const qualityGate: ReadingStep<Known, { quality: QualityVerdict }> = {
  id: 'quality',
  title: 'Quality gate',
  writes: false,
  async run(known, runtime) {
    const { config, context, log } = runtime
    if (config.quality === 'none') {
      return passed('turned off (quality: none)', { quality: unscored(config.qualityThreshold, 'off') })
    }
    // `auto` without an API URL or a CLI call given: BEAST MODE runs only if its CLI is on PATH.
    const beastMode = config.quality === 'beast-mode' || (config.quality === 'auto' && (await cliOnPath()))
    if (!beastMode && config.quality === 'auto') {
      log.notice(`Quality gate: BEAST MODE ${NOT_CONFIGURED}.`)
      if (config.qualityCommands.length === 0) {
        return passed(NOT_CONFIGURED, { quality: unscored(config.qualityThreshold, 'missing') })
      }
    }
    const { sha } = known.target
    // The Actions cache client is large (Azure, OpenTelemetry): it is loaded only when the cache is used.
    const cache = config.qualityCache ? await import('../quality/verdict-cache.js') : null
    const key = cache?.verdictKey(config, sha, beastMode) ?? ''
    if (cache) {
      const lookup = await cache.restoreVerdict(key, context.runnerTemp)
      // Only passing verdicts are saved: a failure is judged afresh, so a fixed tool or a flaky one never pins it.
      if (lookup.verdict) {
        log.info(`Using the cached quality verdict for ${sha.slice(0, 7)} (${key})`)
        return passed(`cached: ${describe(lookup.verdict)}`, { quality: lookup.verdict })
      }
      if (lookup.note) log.notice(lookup.note)
    }
    const quality = await evaluate(known, runtime, beastMode)
    if (cache && quality.passed) {
      const note = await cache.saveVerdict(key, context.runnerTemp, quality)
      if (note) log.notice(note)
    }
    if (quality.passed) return passed(describe(quality), { quality })
    const failed = quality.gates.find(gate => !gate.passed)
    return blocked(`${failed?.name} ${failed?.reason}`, { quality })
  }
}

function cliOnPath(): Promise<boolean> {
  return io.which('beast-mode', false).then(path => path !== '')
}

/** A verdict without a score: the gate is turned off, or `auto` found no BEAST MODE and no quality commands. */
function unscored(threshold: number, why: 'off' | 'missing'): QualityVerdict {
  return {
    passed: true,
    score: null,
    threshold,
    gates: [],
    cached: false,
    off: why === 'off',
    beastModeMissing: why === 'missing'
  }
}

function describe(verdict: QualityVerdict): string {
  const beast = verdict.gates.find(gate => gate.kind !== 'command')
  const parts = beast ? [`BEAST MODE ${beast.score ?? '?'}/100 (threshold ${verdict.threshold})`] : []
  if (verdict.beastModeMissing) parts.push(`BEAST MODE ${NOT_CONFIGURED}`)
  const commands = verdict.gates.filter(gate => gate.kind === 'command').length
  if (commands > 0) parts.push(`${commands} quality command${commands === 1 ? '' : 's'} passed`)
  return parts.join(', ')
}

async function evaluate(known: Known, runtime: Runtime, beastMode: boolean): Promise<QualityVerdict> {
  const { config, log } = runtime
  const gates: GateResult[] = []
  const verdict = (): QualityVerdict => ({
    passed: gates.every(gate => gate.passed),
    score: gates.find(gate => gate.kind !== 'command')?.score ?? null,
    threshold: config.qualityThreshold,
    gates,
    cached: false,
    off: false,
    beastModeMissing: config.quality === 'auto' && !beastMode
  })
  if (beastMode) {
    const gate = config.beastModeApiUrl ? await apiGate(known, runtime) : await cliGate(known, runtime)
    gates.push(gate)
    log.info(`${gate.name}: ${gate.passed ? 'passed' : 'failed'} — ${gate.reason}`)
    if (!gate.passed) return verdict()
  }
  for (const command of config.qualityCommands) {
    const gate = await commandGate(known, runtime, command)
    gates.push(gate)
    log.info(`${gate.name}: ${gate.passed ? 'passed' : 'failed'} — ${gate.reason}`)
    if (!gate.passed) break
  }
  return verdict()
}

function apiGate({ target, version }: Known, runtime: Runtime): Promise<GateResult> {
  const { config, repoClient, log, clock } = runtime
  return beastModeApiGate(
    {
      url: config.beastModeApiUrl ?? '',
      key: config.beastModeApiKey,
      repository: `${repoClient.owner}/${repoClient.repo}`,
      sha: target.sha,
      ref: `refs/heads/${target.branch}`,
      changedFiles: version.changedFiles,
      threshold: config.qualityThreshold,
      timeoutMs: config.qualityTimeoutSeconds * 1000,
      onRetry: message => log.warning(message)
    },
    clock
  )
}

async function cliGate(known: Known, runtime: Runtime): Promise<GateResult> {
  const { config } = runtime
  const command = config.beastModeCommand
  if (command.argv[0] === 'beast-mode' && !(await io.which('beast-mode', false))) {
    throw new ActionError('invalid-input', INSTALL_HINT, { input: 'quality' })
  }
  const gate = await commandGate(known, runtime, command, 'beast-mode-cli')
  if (gate.passed && gate.score === null) {
    return {
      ...gate,
      passed: false,
      inconclusive: true,
      reason: 'printed no score (expected "N/100" or JSON with score)'
    }
  }
  if (gate.passed && gate.score !== null && gate.score < config.qualityThreshold) {
    return {
      ...gate,
      passed: false,
      reason: `scored ${gate.score}/100, below the quality threshold ${config.qualityThreshold}`
    }
  }
  return gate
}

async function commandGate(
  { target, version }: Known,
  runtime: Runtime,
  command: CommandLine,
  kind: GateResult['kind'] = 'command'
): Promise<GateResult> {
  const { config, context, log } = runtime
  const timeoutMs = config.qualityTimeoutSeconds * 1000
  const run = await runCommand(command, {
    cwd: context.workspace ?? process.cwd(),
    env: releaseEnv(releaseFacts(version, target)),
    timeoutMs,
    passRunnerTokens: config.passRunnerTokens
  })
  if (run.output.trim()) await log.group(`Output of ${command.text}`, async () => log.info(run.output))
  const score = parseCommandScore(run.output)
  const name = kind === 'command' ? command.text : 'BEAST MODE (CLI)'
  const base = { name, kind, score, durationMs: run.durationMs, recommendations: [], inconclusive: false }
  if (run.missing) {
    return {
      ...base,
      passed: false,
      inconclusive: true,
      reason: `could not start: ${command.argv[0]} is not installed or not on PATH`
    }
  }
  if (run.timedOut) {
    return {
      ...base,
      passed: false,
      inconclusive: true,
      reason: `did not finish within ${config.qualityTimeoutSeconds}s (quality-timeout)`
    }
  }
  if (run.exitCode !== 0) {
    const scored = score !== null ? ` (score ${score}/100, threshold ${config.qualityThreshold})` : ''
    return { ...base, passed: false, reason: `exited with code ${run.exitCode}${scored}` }
  }
  return { ...base, passed: true, reason: score !== null ? `passed with ${score}/100` : 'passed' }
}
