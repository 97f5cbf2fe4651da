import type { BenchHistory } from '../../test-support/bench/history.js'
import type { Decision, Sample, ToolId } from './types.js'

/** What the generator knows about a history: enough to say what each tool should have found. */
export type HistoryFacts = Pick<BenchHistory, 'size' | 'lastVersion' | 'expected' | 'counts'>

export interface Verdict {
  size: number
  tool: ToolId
  /** The decision of its runs, when they all agree. */
  decision: Decision | null
  problems: string[]
}

function describe(decision: Decision): string {
  const commits = decision.commits === null ? [] : [`${decision.commits.toLocaleString('en-US')} commits`]
  return [decision.version ?? 'no version', decision.bump ?? 'no bump', ...commits].join(', ')
}

/** conventional-recommended-bump's reason: "There are 125 BREAKING CHANGES and 2339 features". */
function reasonProblems(detail: string | undefined, facts: HistoryFacts): string[] {
  const counts = /(\d+) BREAKING CHANGES? and (\d+) features?/.exec(detail ?? '')
  if (!counts) return detail === undefined ? [] : [`unreadable reason '${detail}'`]
  const problems: string[] = []
  if (Number(counts[1]) !== facts.counts.breaking)
    problems.push(`${counts[1]} breaking changes, not ${facts.counts.breaking}`)
  if (Number(counts[2]) !== facts.counts.feature)
    problems.push(`${counts[2]} features, not ${facts.counts.feature}`)
  return problems
}

/** Where one decision departs from what the history calls for. */
function expectationProblems(decision: Decision, tool: ToolId, facts: HistoryFacts): string[] {
  const problems: string[] = []
  // git log decides nothing; it only reads.
  if (tool !== 'git-log') {
    if (decision.version !== facts.expected.version)
      problems.push(`version ${decision.version ?? 'none'}, expected ${facts.expected.version ?? 'none'}`)
    if (decision.bump !== facts.expected.bump)
      problems.push(`bump ${decision.bump ?? 'none'}, expected ${facts.expected.bump ?? 'none'}`)
  }
  if (decision.commits !== null && decision.commits !== facts.size)
    problems.push(`${decision.commits} commits read, expected ${facts.size}`)
  return [...problems, ...reasonProblems(decision.detail, facts)]
}

/**
 * Whether each tool decided what the history calls for, the same way in every run (the warm-up included): the
 * version and bump where the tool names them, the number of commits where it says how many it read. A run that
 * failed is a problem too.
 */
export function checkAgreement(samples: readonly Sample[], histories: readonly HistoryFacts[]): Verdict[] {
  const verdicts: Verdict[] = []
  for (const facts of histories) {
    const tools = [
      ...new Set(samples.filter(sample => sample.size === facts.size).map(sample => sample.tool))
    ]
    for (const tool of tools) {
      const runs = samples.filter(sample => sample.size === facts.size && sample.tool === tool)
      const problems = runs.flatMap(run => (run.failure ? [`run ${run.run} failed: ${run.failure}`] : []))
      const groups = new Map<string, { decision: Decision; runs: string[] }>()
      for (const run of runs) {
        if (run.failure !== null || !run.decision) continue
        const key = `${describe(run.decision)}|${run.decision.detail ?? ''}`
        const group = groups.get(key) ?? { decision: run.decision, runs: [] }
        group.runs.push(run.run === 0 ? 'warm-up' : `run ${run.run}`)
        groups.set(key, group)
      }
      const split = groups.size > 1
      if (split) {
        const each = [...groups.values()].map(
          group => `${group.runs.join(' and ')}: ${describe(group.decision)}`
        )
        problems.push(`runs disagree (${each.join('; ')})`)
      }
      for (const group of groups.values()) {
        const found = expectationProblems(group.decision, tool, facts)
        problems.push(...found.map(problem => (split ? `${group.runs.join(' and ')}: ${problem}` : problem)))
      }
      const decision = split ? null : ([...groups.values()][0]?.decision ?? null)
      verdicts.push({ size: facts.size, tool, decision, problems })
    }
  }
  return verdicts
}
