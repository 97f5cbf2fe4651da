import * as io from '@actions/io'
import type { CommandLine } from '../config.js'
import { parseCommandScore } from '../domain/quality-score.js'
import { ActionError } from '../errors.js'
import { blocked, passed, type Step } from '../pipeline.js'
import { beastModeApiGate } from '../quality/beast-mode-api.js'
import { runCommand } from '../run-command.js'
import type { GateResult, QualityVerdict } from '../quality/types.js'
import { restoreVerdict, saveVerdict, verdictKey } from '../quality/verdict-cache.js'
import type { RunState } from '../run-state.js'

const INSTALL_HINT =
  'The beast-mode CLI is not on PATH and beast-mode-api-url is not set, so the quality gate cannot run. ' +
  'Install the CLI in an earlier step, or set beast-mode-api-url and beast-mode-api-key to use the BEAST MODE API, ' +
  'or set quality: none to release without a quality gate on purpose.'

/** No ship without quality: BEAST MODE's score against the threshold, then any extra quality commands. */
export const qualityGate: Step = {
  id: 'quality',
  title: 'Quality gate',
  async run(state) {
    const { config } = state
    if (config.quality === 'none') {
      state.quality = {
        passed: true,
        score: null,
        threshold: config.qualityThreshold,
        gates: [],
        cached: false,
        off: true
      }
      return passed('turned off (quality: none)')
    }
    const key = verdictKey(config, state.target!.sha)
    if (config.qualityCache) {
      const lookup = await restoreVerdict(key, state.context.runnerTemp)
      // Only passing verdicts are saved: a failure is judged afresh, so a fixed tool or a flaky one never pins it.
      if (lookup.verdict) {
        state.quality = lookup.verdict
        state.log.info(`Using the cached quality verdict for ${state.target!.sha.slice(0, 7)} (${key})`)
        return passed(`cached: ${describe(lookup.verdict)}`)
      }
      if (lookup.note) state.log.notice(lookup.note)
    }

    const verdict = await evaluate(state)
    state.quality = verdict
    if (config.qualityCache && verdict.passed && !config.dryRun) {
      const note = await saveVerdict(key, state.context.runnerTemp, verdict)
      if (note) state.log.notice(note)
    }
    if (verdict.passed) return passed(describe(verdict))
    const failed = verdict.gates.find(gate => !gate.passed)!
    return blocked(`${failed.name} ${failed.reason}`)
  }
}

function describe(verdict: QualityVerdict): string {
  const beast = verdict.gates.find(gate => gate.kind !== 'command')
  const parts = beast ? [`BEAST MODE ${beast.score ?? '?'}/100 (threshold ${verdict.threshold})`] : []
  const commands = verdict.gates.filter(gate => gate.kind === 'command').length
  if (commands > 0) parts.push(`${commands} quality command${commands === 1 ? '' : 's'} passed`)
  return parts.join(', ')
}

async function evaluate(state: RunState): Promise<QualityVerdict> {
  const { config } = state
  const gates: GateResult[] = []
  const verdict = (): QualityVerdict => ({
    passed: gates.every(gate => gate.passed),
    score: gates.find(gate => gate.kind !== 'command')?.score ?? null,
    threshold: config.qualityThreshold,
    gates,
    cached: false,
    off: false
  })
  if (config.quality === 'beast-mode') {
    const gate = config.beastModeApiUrl ? await apiGate(state) : await cliGate(state)
    gates.push(gate)
    state.log.info(`${gate.name}: ${gate.passed ? 'passed' : 'failed'} — ${gate.reason}`)
    if (!gate.passed) return verdict()
  }
  for (const command of config.qualityCommands) {
    const gate = await commandGate(state, command)
    gates.push(gate)
    state.log.info(`${gate.name}: ${gate.passed ? 'passed' : 'failed'} — ${gate.reason}`)
    if (!gate.passed) break
  }
  return verdict()
}

function apiGate(state: RunState): Promise<GateResult> {
  const { config, target, version, gh } = state
  return beastModeApiGate({
    url: config.beastModeApiUrl!,
    key: config.beastModeApiKey,
    repository: `${gh.owner}/${gh.repo}`,
    sha: target!.sha,
    ref: `refs/heads/${target!.branch}`,
    changedFiles: version?.changedFiles ?? [],
    threshold: config.qualityThreshold,
    timeoutMs: config.qualityTimeoutSeconds * 1000,
    onRetry: message => state.log.warning(message)
  })
}

function releaseEnv(state: RunState): Record<string, string> {
  return {
    RELEASE_SHA: state.target!.sha,
    RELEASE_BRANCH: state.target!.branch,
    RELEASE_VERSION: state.version?.version ?? '',
    RELEASE_TAG: state.version?.tag ?? '',
    RELEASE_PREVIOUS_VERSION: state.version?.previousVersion ?? ''
  }
}

async function cliGate(state: RunState): Promise<GateResult> {
  const command = state.config.beastModeCommand
  if (command.argv[0] === 'beast-mode' && !(await io.which('beast-mode', false))) {
    throw new ActionError('invalid-input', INSTALL_HINT, { input: 'quality' })
  }
  const gate = await commandGate(state, command, 'beast-mode-cli')
  if (gate.passed && gate.score === null) {
    return {
      ...gate,
      passed: false,
      inconclusive: true,
      reason: 'printed no score (expected "N/100" or JSON with score)'
    }
  }
  if (gate.passed && gate.score !== null && gate.score < state.config.qualityThreshold) {
    return {
      ...gate,
      passed: false,
      reason: `scored ${gate.score}/100, below the quality threshold ${state.config.qualityThreshold}`
    }
  }
  return gate
}

async function commandGate(
  state: RunState,
  command: CommandLine,
  kind: GateResult['kind'] = 'command'
): Promise<GateResult> {
  const { config } = state
  const timeoutMs = config.qualityTimeoutSeconds * 1000
  const run = await runCommand(command, {
    cwd: state.context.workspace ?? process.cwd(),
    env: releaseEnv(state),
    timeoutMs
  })
  if (run.output.trim())
    await state.log.group(`Output of ${command.text}`, async () => state.log.info(run.output))
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
