import { escapeMarkdown, link } from '../domain/markdown.js'
import { GUARDRAIL_NAMES, type GuardrailsReport } from '../domain/guardrails.js'
import type { DeployRecord, RollbackRecord } from '../plan.js'
import { NOT_CONFIGURED, type QualityVerdict } from '../quality/types.js'

/** The summary's detail sections: guardrails, quality, deploy and rollback. */

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}

export function renderQuality(quality: QualityVerdict): string[] {
  if (quality.off)
    return [
      '### Quality',
      '',
      'The quality gate is turned off (`quality: none`): this release was not scored.',
      ''
    ]
  const lines = ['### Quality', '']
  if (quality.beastModeMissing) {
    const scored = quality.gates.length > 0 ? 'only the quality commands ran' : 'this release was not scored'
    lines.push(`Quality gate: BEAST MODE ${NOT_CONFIGURED}; ${scored}.`, '')
    if (quality.gates.length === 0) return lines
  }
  if (quality.cached)
    lines.push(
      'Verdict reused from an earlier run on this commit with the same quality configuration (cached).',
      ''
    )
  lines.push(
    `Threshold: ${quality.threshold}/100`,
    '',
    '| Gate | Result | Score | Time |',
    '| --- | --- | --- | --- |'
  )
  for (const gate of quality.gates) {
    const score = gate.score === null ? '' : `${gate.score}/100`
    lines.push(
      `| ${escapeMarkdown(gate.name)} | ${gate.passed ? '✅' : '❌'} ${escapeMarkdown(gate.reason)} | ${score} | ${seconds(gate.durationMs)} |`
    )
  }
  const recommendations = quality.gates.flatMap(gate => gate.recommendations)
  if (recommendations.length > 0) {
    lines.push(
      '',
      'BEAST MODE recommends:',
      '',
      ...recommendations.slice(0, 5).map(text => `- ${escapeMarkdown(text)}`)
    )
  }
  lines.push('')
  return lines
}

const GUARDRAIL_STATES: Record<GuardrailsReport['checks'][number]['state'], string> = {
  passed: '✅ open',
  stopped: '⛔ stops the release',
  overridden: '🔓 overridden',
  warned: '⚠️ not checked',
  ignored: '➖ not applied'
}

export function renderGuardrails(guardrails: GuardrailsReport): string[] {
  const lines = ['### Guardrails', '', '| Rule | Verdict | Detail |', '| --- | --- | --- |']
  for (const check of guardrails.checks)
    lines.push(
      `| ${GUARDRAIL_NAMES[check.rule]} | ${GUARDRAIL_STATES[check.state]} | ${escapeMarkdown(check.detail)} |`
    )
  for (const override of guardrails.overrides)
    lines.push(
      '',
      `**Override:** ${escapeMarkdown(override.by)} released past the ${GUARDRAIL_NAMES[override.rule].toLowerCase()} rule (${escapeMarkdown(override.detail)}).`
    )
  lines.push('')
  return lines
}

export function renderRollback(rollback: RollbackRecord): string[] {
  const icon = rollback.conclusion === 'success' ? '↩️' : '🚨'
  const run =
    rollback.runUrl && rollback.runId !== null ? ` ${link(`run ${rollback.runId}`, rollback.runUrl)}` : ''
  const lines = ['### Rollback', '', `${icon} **${escapeMarkdown(rollback.summary)}**`]
  if (rollback.tag)
    lines.push('', `Rollback of ${escapeMarkdown(rollback.tag)}${run}: ${rollback.conclusion || 'not run'}`)
  if (rollback.timeline.length > 0)
    lines.push(
      '',
      ...rollback.timeline.map(change => `- ${seconds(change.atMs)}: ${escapeMarkdown(change.status)}`)
    )
  lines.push('')
  return lines
}

export function renderDeploy(deploy: DeployRecord): string[] {
  const lines = ['### Deploy', '']
  const conclusion = deploy.conclusion || 'not waited for'
  const icon = deploy.conclusion === 'success' ? '✅' : deploy.conclusion === '' ? '⏳' : '❌'
  if (deploy.kind === 'workflow') {
    const run = deploy.runUrl ? link(`run ${deploy.runId}`, deploy.runUrl) : 'the dispatched run'
    lines.push(`${icon} Deploy workflow ${run}: **${conclusion}** after ${seconds(deploy.durationMs)}`)
  } else {
    lines.push(`${icon} Deploy command: **${conclusion}** after ${seconds(deploy.durationMs)}`)
  }
  if (deploy.timeline.length > 0) {
    lines.push(
      '',
      ...deploy.timeline.map(change => `- ${seconds(change.atMs)}: ${escapeMarkdown(change.status)}`)
    )
  }
  lines.push('')
  return lines
}
