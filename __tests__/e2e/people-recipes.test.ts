import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe } from 'vitest'
import { openIssue } from '../../test-support/emulator/issues.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import {
  commentsOn,
  labelsOf,
  mergedPull,
  openBranchPull,
  pullRequestRun
} from '../../test-support/people.js'
import { PROJECT_ROOT } from '../../test-support/run-action.js'
import { readmeWorkflows, stepInputs, type Step, type Workflow } from '../../test-support/workflows.js'

const ACTION = 'autonomous-release/autonomous-release@v1'
const declared = Object.keys(
  (parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs
)
const [preview, release] = readmeWorkflows('Preview on pull requests, and comments on release')

function actionStep(workflow: Workflow | undefined): Step {
  const step = Object.values(workflow?.jobs ?? {})
    .flatMap(job => job.steps ?? [])
    .find(candidate => candidate.uses === ACTION)
  if (!step) throw new Error(`a recipe has no \`uses: ${ACTION}\` step`)
  return step
}

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
  }
})

describe.concurrent('the README recipes for people, as written', () => {
  it('use only declared inputs, the preview on pull_request with the least permissions', ({ expect }) => {
    expect(Object.keys(preview?.on ?? {})).toEqual(['pull_request'])
    expect(preview?.permissions).toEqual({
      contents: 'read',
      checks: 'read',
      statuses: 'read',
      actions: 'read',
      'pull-requests': 'write'
    })
    for (const workflow of [preview, release])
      expect(Object.keys(actionStep(workflow).with ?? {}).filter(name => !declared.includes(name))).toEqual(
        []
      )
  })

  it('the preview recipe previews a squash-titled pull request and comments once', async ({ s, expect }) => {
    const pull = await openBranchPull(s, {
      branch: 'x',
      commits: ['wip', 'more wip'],
      title: 'feat: share carts'
    })
    const inputs = stepInputs(actionStep(preview), { event: 'pull_request', inputs: {} })
    const run = await s.run({ ...(await pullRequestRun(s, pull, 'opened')), inputs })
    expect(run.outputs).toMatchObject({ outcome: 'preview', version: '1.1.0' })
    expect(commentsOn(s, pull.number)).toHaveLength(1)
  })

  it('the release recipe comments on the pull request and the issue it closes', async ({ s, expect }) => {
    openIssue(s.state, { title: 'Share carts' })
    await mergedPull(s, {
      branch: 'x',
      commits: ['feat: share'],
      title: 'feat: share carts',
      body: 'Closes #1'
    })
    const inputs = stepInputs(actionStep(release), { event: 'schedule', inputs: {} })
    const run = await s.run({ inputs })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
    expect([commentsOn(s, 1).length, commentsOn(s, 2).length, labelsOf(s, 2)]).toEqual([1, 1, ['released']])
  })
})
