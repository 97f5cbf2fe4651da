import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe } from 'vitest'
import { scenarioTest } from '../../test-support/fixtures.js'
import type { Scenario } from '../../test-support/scenario.js'

const DEPLOY_YML = `name: Deploy
on:
  workflow_dispatch:
    inputs:
      environment:
        required: true
      version:
        required: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh "\${{ inputs.environment }}" "\${{ inputs.version }}"
`

const ROLLBACK = {
  'deploy-workflow': 'deploy.yml',
  'deploy-inputs': '{"environment": "production", "version": "{version}"}',
  rollback: 'true'
}

const FAIL = { conclusion: 'failure', queuedMs: 100, durationMs: 500 } as const
const SUCCEED = { conclusion: 'success', queuedMs: 100, durationMs: 500 } as const

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init', { '.github/workflows/deploy.yml': DEPLOY_YML })
    s.repo.tag('v1.0.0')
    s.repo.commit('feat: checkout v2')
  }
})

const dispatches = (s: Scenario) =>
  s.emulator.requests.filter(request => request.operationId === 'actions/create-workflow-dispatch')

describe.concurrent('automatic rollback', () => {
  it('a failed deploy is rolled back: the previous tag is deployed with its inputs, the release stays a draft, the run is blocked', async ({
    s,
    expect
  }) => {
    const previousSha = s.repo.git(['rev-parse', 'v1.0.0'])
    s.state.nextRunScripts.push(FAIL, SUCCEED)
    const run = await s.run({ inputs: ROLLBACK })
    const [deployRun, rollbackRun] = s.state.runs
    expect(run.exitCode).toBe(1)
    expect(rollbackRun).toMatchObject({
      headBranch: 'v1.0.0',
      headSha: previousSha,
      inputs: { environment: 'production', version: '1.0.0' },
      conclusion: 'success'
    })
    const url = (id: number) => `${s.emulator.url}/acme/app/actions/runs/${id}`
    expect(run.outputs).toMatchObject({
      outcome: 'blocked',
      released: 'false',
      'deploy-run-id': String(deployRun!.id),
      'deploy-conclusion': 'failure',
      'rollback-run-id': String(rollbackRun!.id),
      'rollback-run-url': url(rollbackRun!.id),
      'rollback-conclusion': 'success'
    })
    expect(s.state.releases).toHaveLength(1)
    expect(s.state.releases[0]).toMatchObject({ tagName: 'v1.1.0', draft: true })
    // Both runs, loudly, in the annotation.
    expect(run.stdout).toMatch(
      new RegExp(
        `::error::the deploy run ${deployRun!.id} concluded failure \\(${url(deployRun!.id)}\\); rolled back: rollback run ${rollbackRun!.id} \\(${url(rollbackRun!.id)}\\) deployed v1.0.0 again in \\d+s; production is back on v1.0.0; the release v1.1.0 stays a draft`
      )
    )
    expect(run.summary).toContain('### Rollback')
    expect(run.summary).toContain(
      `Rollback of v1.0.0 [run ${rollbackRun!.id}](${url(rollbackRun!.id)}): success`
    )
    expect(run.summary).toContain('production is back on v1.0.0')
    expect(run.result.rollback).toMatchObject({
      tag: 'v1.0.0',
      runId: rollbackRun!.id,
      conclusion: 'success'
    })
  })

  it('a rollback that fails too is blocked loudly, with both links', async ({ s, expect }) => {
    s.state.nextRunScripts.push(FAIL, FAIL)
    const run = await s.run({ inputs: ROLLBACK })
    const [deployRun, rollbackRun] = s.state.runs
    expect(run.exitCode).toBe(1)
    expect(run.outputs['rollback-conclusion']).toBe('failure')
    expect(run.stdout).toContain(
      `ROLLBACK FAILED: rollback run ${rollbackRun!.id} (${s.emulator.url}/acme/app/actions/runs/${rollbackRun!.id}) concluded failure; production may be on neither version`
    )
    expect(run.stdout).toContain(`${s.emulator.url}/acme/app/actions/runs/${deployRun!.id}`)
    expect(run.summary).toContain('🚨 **ROLLBACK FAILED')
    expect(s.state.releases[0]!.draft).toBe(true)
  })

  it('with no previous release there is nothing to roll back to: blocked, said plainly, nothing dispatched', async ({
    s,
    expect
  }) => {
    s.repo.git(['tag', '-d', 'v1.0.0'])
    s.state.nextRunScripts.push(FAIL)
    const run = await s.run({ inputs: ROLLBACK })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      outcome: 'blocked',
      'rollback-run-id': '',
      'rollback-conclusion': ''
    })
    expect(run.stdout).toContain('NOT ROLLED BACK: there is no previous release to roll back to')
    expect(dispatches(s)).toHaveLength(1)
  })

  it('a rerun after a rollback redeploys the new release and publishes it; it does not roll back again', async ({
    s,
    expect
  }) => {
    s.state.nextRunScripts.push(FAIL, SUCCEED)
    const first = await s.run({ inputs: ROLLBACK })
    expect(first.outputs['rollback-conclusion']).toBe('success')
    s.state.runScript = SUCCEED
    const rerun = await s.run({ inputs: ROLLBACK })
    expect(rerun.outputs).toMatchObject({
      outcome: 'released',
      'deploy-conclusion': 'success',
      'rollback-run-id': '',
      'rollback-conclusion': ''
    })
    expect(dispatches(s)).toHaveLength(3)
    expect(s.state.runs.at(-1)).toMatchObject({ headBranch: 'v1.1.0', inputs: { version: '1.1.0' } })
    expect(s.state.releases).toHaveLength(1)
    expect(s.state.releases[0]).toMatchObject({ tagName: 'v1.1.0', draft: false })
  })

  it('deploy-command: a failed deploy runs rollback-command with the previous release in RELEASE_*', async ({
    s,
    expect
  }) => {
    const file = join(s.runnerDir, 'rolled-back.txt')
    const record = `require('fs').writeFileSync('${file}', [process.env.RELEASE_VERSION, process.env.RELEASE_TAG, process.env.RELEASE_SHA].join(' '))`
    const run = await s.run({
      inputs: {
        'deploy-command': `node -e "process.exit(3)"`,
        rollback: 'true',
        'rollback-command': `node -e "${record}"`
      }
    })
    expect(run.exitCode, run.stdout).toBe(1)
    expect(run.outputs, run.stdout).toMatchObject({
      'deploy-conclusion': 'failure',
      'rollback-conclusion': 'success'
    })
    const written = readFileSync(file, 'utf8')
    expect(written).toBe(`1.0.0 v1.0.0 ${s.repo.git(['rev-parse', 'v1.0.0'])}`)
    expect(run.stdout).toContain('rolled back: rollback-command deployed v1.0.0 again')
  })

  it("the rollback dispatch's answer lost after GitHub made it: the run is found, not dispatched twice", async ({
    s,
    expect
  }) => {
    s.state.nextRunScripts.push(FAIL, SUCCEED)
    s.emulator.inject({
      operationId: 'actions/create-workflow-dispatch',
      bodyIncludes: '"ref":"v1.0.0"',
      status: 502,
      body: { message: 'Server Error' },
      after: true
    })
    const run = await s.run({ inputs: ROLLBACK })
    const rollbackRun = s.state.runs[1]!
    expect(dispatches(s)).toHaveLength(2)
    expect(run.outputs).toMatchObject({
      'rollback-run-id': String(rollbackRun.id),
      'rollback-conclusion': 'success'
    })
    expect(run.stdout).toContain("GitHub's answer to the dispatch of the rollback was lost")
  })

  it('ten runs at once with a failing deploy: one deploy, one rollback, one tag, one draft release', async ({
    s,
    expect
  }) => {
    s.state.nextRunScripts.push(FAIL, SUCCEED)
    const runs = await Promise.all(Array.from({ length: 10 }, () => s.run({ inputs: ROLLBACK })))
    const refs = dispatches(s).map(request => (request.body as { ref: string }).ref)
    expect(refs.sort()).toEqual(['v1.0.0', 'v1.1.0'])
    expect(s.tags()).toEqual(['v1.0.0', 'v1.1.0'])
    expect(s.state.releases).toHaveLength(1)
    expect(s.state.releases[0]!.draft).toBe(true)
    // Nobody claims a release; exactly one run rolled back; the others say whose failure it was and stay red.
    expect(runs.filter(run => run.outputs.released === 'true')).toEqual([])
    expect(runs.filter(run => run.outputs['rollback-conclusion'] === 'success')).toHaveLength(1)
    expect(runs.map(run => run.outputs.outcome)).toEqual(Array(10).fill('blocked'))
  })

  it('a dry run says what the rollback would do, and dispatches nothing', async ({ s, expect }) => {
    const run = await s.run({ inputs: { ...ROLLBACK, 'dry-run': 'true' } })
    expect(run.outputs.outcome).toBe('dry-run')
    expect(run.result.steps.find(step => step.id === 'deploy')?.reason).toContain(
      '; if it fails, would deploy v1.0.0 again (rollback)'
    )
    expect(dispatches(s)).toHaveLength(0)
  })

  it.for([
    [{ rollback: 'true' }, "Invalid input 'rollback': there is no deploy to roll back"],
    [
      { ...ROLLBACK, 'deploy-wait': 'false' },
      "Invalid input 'rollback': a rollback follows a deploy run that failed"
    ],
    [{ 'deploy-command': 'true', rollback: 'true' }, "Invalid input 'rollback-command': it is empty"],
    [
      { 'rollback-command': './rollback' },
      "Invalid input 'rollback-command': it is used only with rollback: true"
    ]
  ] as const)('refuses %j before any request', async ([inputs, message], { s, expect }) => {
    const run = await s.run({ inputs })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(`::error::${message}`)
    expect(s.emulator.requests).toEqual([])
  })
})
