import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../test-support/run-action.js'
import { REPOSITORY, Scenario } from '../../test-support/scenario.js'
import {
  readmeWorkflows,
  stepInputs,
  type Step,
  type Workflow,
  type WorkflowRunContext
} from '../../test-support/workflows.js'

const ACTION = 'autonomous-release/autonomous-release@v1'
const NOT_CONFIGURED = 'not configured (set beast-mode-api-url or install the beast-mode CLI)'
const declared = Object.keys(
  (parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs
)

const [scheduled, dispatched, labelled] = readmeWorkflows('Quick start')

function actionStep(workflow: Workflow | undefined): Step {
  const step = Object.values(workflow?.jobs ?? {})
    .flatMap(job => job.steps ?? [])
    .find(candidate => candidate.uses === ACTION)
  if (!step) throw new Error(`a Quick start recipe has no \`uses: ${ACTION}\` step`)
  return step
}

/** The dispatch form's defaults, as a person who presses "Run workflow" without changing anything sends them. */
function dispatchDefaults(workflow: Workflow | undefined): Record<string, string | boolean> {
  const inputs = workflow?.on.workflow_dispatch?.inputs ?? {}
  return Object.fromEntries(
    Object.entries(inputs).map(([name, input]) => [name, (input.default ?? '') as string | boolean])
  )
}

/**
 * The README's three quick-start recipes, run as written in a repository that has configured nothing: no
 * BEAST MODE (its variables and secrets unset, no CLI), no version file. A first run must release, and say why
 * the quality gate did not run.
 */
describe('the README quick start, as written, with nothing configured', () => {
  let s: Scenario

  beforeEach(async () => {
    s = await new Scenario().start()
    s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
    s.repo.commit('feat(cart): save carts', { 'src/cart.ts': 'export {}\n' })
  })

  afterEach(async () => {
    expect(s.emulator.violations).toEqual([])
    await s.stop()
  })

  const inputsFor = (workflow: Workflow | undefined, context: WorkflowRunContext) =>
    stepInputs(actionStep(workflow), { ...context, noSecrets: true })

  it('has the three trigger recipes, each using only inputs action.yml declares', () => {
    expect(Object.keys(scheduled?.on ?? {})).toEqual(['schedule'])
    expect(Object.keys(dispatched?.on ?? {})).toEqual(['workflow_dispatch'])
    expect(Object.keys(labelled?.on ?? {})).toEqual(['pull_request_target'])
    for (const workflow of [scheduled, dispatched, labelled]) {
      expect(Object.keys(actionStep(workflow).with ?? {}).filter(name => !declared.includes(name))).toEqual(
        []
      )
    }
  })

  it('1. on a schedule: releases and says the quality gate is not configured', async () => {
    const run = await s.run({
      eventName: 'schedule',
      inputs: inputsFor(scheduled, { event: 'schedule', inputs: {} })
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0', tag: 'v1.1.0' })
    expect(run.stdout).toContain(`::notice::Quality gate: BEAST MODE ${NOT_CONFIGURED}.`)
    expect(run.summary).toContain(`| Quality gate | ✅ passed | ${NOT_CONFIGURED} |`)
    expect(s.tags()).toContain('v1.1.0')
  })

  it('2. by hand, with the form as it opens: releases', async () => {
    const inputs = dispatchDefaults(dispatched)
    const run = await s.run({
      eventName: 'workflow_dispatch',
      event: { inputs },
      inputs: inputsFor(dispatched, { event: 'workflow_dispatch', inputs })
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
  })

  it('3. on a release label: the merged pull request is released', async () => {
    s.repo.git(['checkout', '-q', '-b', 'feature'])
    s.repo.commit('fix(cart): keep totals', { 'src/total.ts': 'export {}\n' })
    s.repo.git(['checkout', '-q', 'main'])
    const controls = `${s.emulator.url}/_emulator/repos/${REPOSITORY}`
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${controls}${path}`, { method: 'POST', body: JSON.stringify(body) })
      expect(response.status, await response.clone().text()).toBeLessThan(300)
      return (await response.json()) as { number: number; sha: string }
    }
    await fetch(`${controls}/collaborators/mia`, {
      method: 'PUT',
      body: JSON.stringify({ role: 'maintain' })
    })
    const pull = await post('/pulls', {
      head: 'feature',
      title: 'fix(cart): keep totals',
      labels: ['release']
    })
    const merged = await post(`/pulls/${pull.number}/merge`, { by: 'mia' })
    const event = (await (await fetch(`${controls}/pulls/${pull.number}/event`)).json()) as Record<
      string,
      unknown
    >
    const run = await s.run({
      eventName: 'pull_request_target',
      event,
      sha: merged.sha,
      inputs: inputsFor(labelled, { event: 'pull_request_target', inputs: {} })
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0', sha: merged.sha })
  })
})
