import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe } from 'vitest'
import { scenarioTest } from '../../test-support/fixtures.js'
import type { Scenario } from '../../test-support/scenario.js'

const DEPLOY_YML = `name: Deploy
on:
  workflow_dispatch:
    inputs:
      environment:
        description: Where to deploy
        required: true
      version:
        required: false
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh "\${{ inputs.environment }}" "\${{ inputs.version }}"
`

const NOT_DISPATCHABLE_YML = `name: Deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps: [{ run: ./deploy.sh }]
`

const DEPLOY = {
  'deploy-workflow': 'deploy.yml',
  'deploy-inputs': '{"environment": "production", "version": "{version}"}'
}

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init', { '.github/workflows/deploy.yml': DEPLOY_YML })
    s.repo.tag('v1.0.0')
    s.repo.commit('feat: checkout v2')
  }
})

const dispatches = (s: Scenario) =>
  s.emulator.requests.filter(request => request.operationId === 'actions/create-workflow-dispatch')

describe.concurrent('deploy', () => {
  it('deploy succeeds: the draft release is published after the deploy, outputs and summary tell the run', async ({
    s,
    expect
  }) => {
    const run = await s.run({ inputs: DEPLOY })
    expect(run.exitCode).toBe(0)
    const deployRun = s.state.runs.at(-1)!
    expect(deployRun).toMatchObject({
      event: 'workflow_dispatch',
      headBranch: 'v1.1.0',
      headSha: s.repo.head(),
      inputs: { environment: 'production', version: '1.1.0' }
    })
    expect(run.outputs).toMatchObject({
      outcome: 'released',
      'deploy-run-id': String(deployRun.id),
      'deploy-run-url': `${s.emulator.url}/acme/app/actions/runs/${deployRun.id}`,
      'deploy-conclusion': 'success'
    })
    expect(s.state.releases).toHaveLength(1)
    expect(s.state.releases[0]).toMatchObject({ draft: false, tagName: 'v1.1.0' })
    const order = s.emulator.writes().map(request => request.operationId)
    expect(order).toEqual([
      'git/create-ref',
      'repos/create-release',
      'actions/create-workflow-dispatch',
      'repos/update-release',
      'repos/update-release'
    ])
    expect(s.state.latestRelease()?.tagName).toBe('v1.1.0')
    expect(
      s.emulator.requests.find(request => request.operationId === 'repos/create-release')?.body
    ).toMatchObject({ draft: true })
    expect(dispatches(s)[0]?.body).toMatchObject({ ref: 'v1.1.0', return_run_details: true })
    expect(run.result.deploy?.timeline.map(change => change.status).at(-1)).toBe('completed: success')
    expect(run.stdout).toMatch(/\[\d+s\] deploy run \d+ completed: success/)
    expect(run.summary).toContain(
      `### Deploy\n\n✅ Deploy workflow [run ${deployRun.id}](${s.emulator.url}/acme/app/actions/runs/${deployRun.id}): **success**`
    )
  })

  it('deploy fails: the release stays a draft, the run is blocked and the annotation links the run', async ({
    s,
    expect
  }) => {
    s.state.runScript = { conclusion: 'failure', queuedMs: 100, durationMs: 800 }
    const run = await s.run({ inputs: DEPLOY })
    const deployRun = s.state.runs.at(-1)!
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      outcome: 'blocked',
      released: 'false',
      'deploy-conclusion': 'failure'
    })
    expect(run.stdout).toContain(
      `::error::the deploy run ${deployRun.id} concluded failure (${s.emulator.url}/acme/app/actions/runs/${deployRun.id}); the release v1.1.0 stays a draft`
    )
    expect(s.state.releases).toHaveLength(1)
    expect(s.state.releases[0]!.draft).toBe(true)
  })

  it('a rerun after a failed deploy redeploys and publishes, still one tag and one release', async ({
    s,
    expect
  }) => {
    s.state.runScript = { conclusion: 'failure', queuedMs: 100, durationMs: 500 }
    const failed = await s.run({ inputs: DEPLOY })
    expect(failed.outputs.outcome).toBe('blocked')
    s.state.runScript = { conclusion: 'success', queuedMs: 100, durationMs: 500 }
    const rerun = await s.run({ inputs: DEPLOY })
    expect(rerun.outputs).toMatchObject({
      outcome: 'released',
      version: '1.1.0',
      'deploy-conclusion': 'success'
    })
    expect(rerun.result.steps.find(step => step.id === 'release')?.reason).toBe(
      'the draft release v1.1.0 from an earlier run is picked up again'
    )
    expect(dispatches(s)).toHaveLength(2)
    expect(s.tags()).toEqual(['v1.0.0', 'v1.1.0'])
    expect(s.state.releases).toHaveLength(1)
    expect(s.state.releases[0]!.draft).toBe(false)
  })

  it('a deploy that never finishes hits our timeout and blocks', async ({ s, expect }) => {
    s.state.runScript = { conclusion: 'success', queuedMs: 100, durationMs: 0, never: true }
    const run = await s.run({ inputs: { ...DEPLOY, 'deploy-timeout': '4' } })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ outcome: 'blocked', 'deploy-conclusion': 'timeout' })
    expect(run.stdout).toContain('did not finish within 4s (deploy-timeout)')
    expect(s.state.releases[0]!.draft).toBe(true)
  })

  it('a run that never appears blocks with a clear message', async ({ s, expect }) => {
    s.state.dispatchMode = 'no-content'
    s.state.runScript = { conclusion: 'success', queuedMs: 0, durationMs: 100, hidden: true }
    const run = await s.run({ inputs: { ...DEPLOY, 'deploy-timeout': '5' } })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain('the deploy was dispatched, but its run never appeared within')
  })

  it('old server: the dispatch without run details falls back and finds this run among others of the same workflow', async ({
    s,
    expect
  }) => {
    s.state.dispatchMode = 'rejects-run-details'
    s.state.runScript = { conclusion: 'success', queuedMs: 200, durationMs: 800 }
    const head = s.repo.head()
    const workflow = (await s.state.workflow('deploy.yml'))!
    // An earlier deploy of this very commit (ten minutes before this run: a failure a rerun retries), and another
    // deploy of another commit running right now.
    const earlier = new Date(Date.now() - 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    s.state.addRun({
      workflowId: workflow.id,
      headSha: head,
      event: 'workflow_dispatch',
      status: 'completed',
      conclusion: 'failure',
      createdAt: earlier,
      updatedAt: earlier
    })
    s.emulator.inject({
      operationId: 'actions/create-workflow-dispatch',
      status: 0,
      times: 2,
      before: () =>
        void s.state.addRun({
          workflowId: workflow.id,
          headSha: s.repo.head('v1.0.0'),
          event: 'workflow_dispatch',
          status: 'in_progress'
        })
    })
    const run = await s.run({ inputs: DEPLOY })
    expect(run.outputs).toMatchObject({ outcome: 'released', 'deploy-conclusion': 'success' })
    const ours = s.state.runs.find(candidate => candidate.inputs.version === '1.1.0')!
    expect(run.outputs['deploy-run-id']).toBe(String(ours.id))
    expect(
      dispatches(s).map(request => [request.status, 'return_run_details' in (request.body as object)])
    ).toEqual([
      [400, true],
      [204, false]
    ])
  })

  it('deploy-workflow may be the workflow id', async ({ s, expect }) => {
    const workflow = (await s.state.workflow('deploy.yml'))!
    const run = await s.run({ inputs: { ...DEPLOY, 'deploy-workflow': String(workflow.id) } })
    expect(run.outputs).toMatchObject({ outcome: 'released', 'deploy-conclusion': 'success' })
    expect(dispatches(s)[0]?.path).toBe(`/repos/acme/app/actions/workflows/${workflow.id}/dispatches`)
  })

  it('a server that answers 204 also falls back to finding the run', async ({ s, expect }) => {
    s.state.dispatchMode = 'no-content'
    const run = await s.run({ inputs: DEPLOY })
    expect(run.outputs).toMatchObject({ outcome: 'released', 'deploy-conclusion': 'success' })
    expect(run.outputs['deploy-run-id']).toBe(String(s.state.runs.at(-1)!.id))
  })

  it.for<[string, Record<string, string>, Record<string, string>, string]>([
    [
      'a workflow without workflow_dispatch',
      { '.github/workflows/deploy.yml': NOT_DISPATCHABLE_YML },
      DEPLOY,
      'has no workflow_dispatch trigger'
    ],
    [
      'an undeclared input',
      {},
      { ...DEPLOY, 'deploy-inputs': '{"environment": "prod", "region": "eu"}' },
      'it does not declare the input region'
    ],
    [
      'a missing required input',
      {},
      { ...DEPLOY, 'deploy-inputs': '{"version": "{version}"}' },
      'it requires environment, which deploy-inputs does not give'
    ],
    [
      'a workflow that does not exist',
      {},
      { ...DEPLOY, 'deploy-workflow': 'ship.yml' },
      'there is no workflow ship.yml in acme/app'
    ]
  ])('%s blocks before tagging', async ([_name, files, inputs, message], { s, expect }) => {
    if (Object.keys(files).length > 0) s.repo.commit('ci: change deploy', files)
    const run = await s.run({ inputs })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain(message)
    expect(s.emulator.writes()).toEqual([])
  })

  it('a disabled deploy workflow blocks before tagging', async ({ s, expect }) => {
    ;(await s.state.workflow('deploy.yml'))!.state = 'disabled_manually'
    const run = await s.run({ inputs: DEPLOY })
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain('is disabled manually: enable it in the Actions tab')
    expect(s.emulator.writes()).toEqual([])
  })

  it.for([
    [
      'Unexpected inputs provided: ["region"]',
      'The deploy workflow refused its inputs: Unexpected inputs provided'
    ],
    ["Workflow does not have 'workflow_dispatch' trigger", "Add 'on: workflow_dispatch' to it"]
  ])(
    'GitHub’s own 422 at dispatch (%s) becomes a clear message, and the release stays a draft',
    async ([said, message], { s, expect }) => {
      s.emulator.inject({
        operationId: 'actions/create-workflow-dispatch',
        status: 422,
        body: { message: said }
      })
      const run = await s.run({ inputs: DEPLOY })
      expect(run.exitCode).toBe(1)
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain(message)
      expect(s.state.releases[0]!.draft).toBe(true)
    }
  )

  it('a dispatch whose answer is lost after GitHub made it: its run is found and waited for, never dispatched twice', async ({
    s,
    expect
  }) => {
    s.emulator.inject({
      operationId: 'actions/create-workflow-dispatch',
      status: 502,
      body: { message: 'Server Error' },
      after: true
    })
    const run = await s.run({ inputs: DEPLOY })
    expect(run.outputs).toMatchObject({
      outcome: 'released',
      'deploy-run-id': String(s.state.runs[0]!.id),
      'deploy-conclusion': 'success'
    })
    expect(dispatches(s)).toHaveLength(1)
  })

  it('a 403 on dispatch names actions: write', async ({ s, expect }) => {
    s.emulator.inject({
      operationId: 'actions/create-workflow-dispatch',
      status: 403,
      body: { message: 'Resource not accessible by integration' }
    })
    const run = await s.run({ inputs: DEPLOY })
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.stdout).toContain("The token needs 'actions: write'")
  })

  it('polling uses conditional requests: an unchanged run answers 304', async ({ s, expect }) => {
    s.state.runScript = { conclusion: 'success', queuedMs: 0, durationMs: 20_000 }
    const run = await s.run({ inputs: DEPLOY })
    expect(run.outputs.outcome).toBe('released')
    const polls = s.emulator.requests.filter(request => request.operationId === 'actions/get-workflow-run')
    const notModified = polls.filter(request => request.status === 304)
    expect(polls.filter(request => request.status === 304 || request.conditional).length).toBe(
      polls.length - 1
    )
    expect(notModified.length).toBeGreaterThan(polls.length / 2)
  }, 60_000)

  it('draft-until-deployed: false publishes before the deploy', async ({ s, expect }) => {
    const run = await s.run({ inputs: { ...DEPLOY, 'draft-until-deployed': 'false' } })
    expect(run.outputs.outcome).toBe('released')
    const order = s.emulator.writes().map(request => request.operationId)
    expect(order).toEqual([
      'git/create-ref',
      'repos/create-release',
      'repos/update-release',
      'actions/create-workflow-dispatch'
    ])
    expect(
      s.emulator.requests.find(request => request.operationId === 'repos/create-release')?.body
    ).toMatchObject({ draft: false })
  })

  it('deploy-wait: false dispatches and publishes without waiting', async ({ s, expect }) => {
    s.state.runScript = { conclusion: 'success', queuedMs: 0, durationMs: 60_000 }
    const run = await s.run({ inputs: { ...DEPLOY, 'deploy-wait': 'false' } })
    expect(run.outputs).toMatchObject({ outcome: 'released', 'deploy-conclusion': '' })
    expect(run.outputs['deploy-run-id']).toBe(String(s.state.runs.at(-1)!.id))
    expect(s.state.releases[0]!.draft).toBe(false)
  })

  it('a dry run checks the deploy and dispatches nothing', async ({ s, expect }) => {
    const run = await s.run({ inputs: { ...DEPLOY, 'dry-run': 'true' } })
    expect(run.outputs.outcome).toBe('dry-run')
    expect(run.result.steps.find(step => step.id === 'deploy')?.reason).toBe(
      'dry run: would dispatch .github/workflows/deploy.yml at v1.1.0 with {"environment":"production","version":"1.1.0"}'
    )
    expect(s.emulator.writes()).toEqual([])
    expect(s.state.runs).toEqual([])
  })

  describe('deploy-command', () => {
    it('success publishes; the command gets the release facts in its environment', async ({ s, expect }) => {
      const script =
        'console.log(["RELEASE_VERSION","RELEASE_TAG","RELEASE_SHA","RELEASE_PREVIOUS_VERSION","RELEASE_URL"].map(n => n + "=" + process.env[n]).join(" "))'
      const run = await s.run({ inputs: { 'deploy-command': `node -e '${script}'` } })
      expect(run.outputs).toMatchObject({ outcome: 'released', 'deploy-conclusion': 'success' })
      expect(run.stdout).toContain(
        `RELEASE_VERSION=1.1.0 RELEASE_TAG=v1.1.0 RELEASE_SHA=${s.repo.head()} RELEASE_PREVIOUS_VERSION=1.0.0 RELEASE_URL=${s.emulator.url}/acme/app/releases/tag/untagged-`
      )
      expect(s.state.releases[0]!.draft).toBe(false)
    })

    it('failure keeps the draft and blocks', async ({ s, expect }) => {
      const run = await s.run({ inputs: { 'deploy-command': 'node -e "process.exit(7)"' } })
      expect(run.outputs).toMatchObject({ outcome: 'blocked', 'deploy-conclusion': 'failure' })
      expect(run.stdout).toContain('deploy-command exited with code 7; the release v1.1.0 stays a draft')
      expect(s.state.releases[0]!.draft).toBe(true)
    })

    it('runs without a shell: hostile commit text and shell operators stay inert', async ({ s, expect }) => {
      const scratch = mkdtempSync(join(tmpdir(), 'autonomous-release-deploy-'))
      // Absolute paths: wherever a shell ran, these files would appear.
      const viaCommit = join(scratch, 'commit')
      const viaBackticks = join(scratch, 'backticks')
      const viaCommand = join(scratch, 'command')
      s.repo.commit(`fix: $(touch ${viaCommit}) \`touch ${viaBackticks}\``)
      const run = await s.run({
        inputs: {
          'deploy-command': `node -e "console.log(process.argv.slice(1).join('|'))" ';' touch ${viaCommand}`
        }
      })
      expect(run.outputs.outcome).toBe('released')
      expect(run.stdout).toContain(`;|touch|${viaCommand}`)
      for (const file of [viaCommit, viaBackticks, viaCommand]) expect(existsSync(file)).toBe(false)
      rmSync(scratch, { recursive: true, force: true })
    })

    it('its streamed output cannot issue workflow commands', async ({ s, expect }) => {
      const run = await s.run({
        inputs: { 'deploy-command': `node -e "console.log('::set-output name=released::false')"` }
      })
      expect(run.outputs).toMatchObject({ outcome: 'released', released: 'true' })
      const lines = run.stdout.split('\n')
      expect(lines).not.toContain('::set-output name=released::false')
      const hostile = lines.indexOf(':\u200b:set-output name=released::false')
      const stop = lines.findIndex(line => line.startsWith('::stop-commands::'))
      const token = lines[stop]!.slice('::stop-commands::'.length)
      expect(token).toMatch(/^[0-9a-f-]{36}$/)
      expect(stop).toBeLessThan(hostile)
      expect(lines.indexOf(`::${token}::`)).toBeGreaterThan(hostile)
    })

    it('a command that is not installed blocks before tagging', async ({ s, expect }) => {
      const run = await s.run({ inputs: { 'deploy-command': 'vercel-not-installed deploy --prod' } })
      expect(run.outputs.outcome).toBe('blocked')
      expect(run.stdout).toContain('vercel-not-installed is not installed or not on PATH')
      expect(s.emulator.writes()).toEqual([])
    })
  })
})
