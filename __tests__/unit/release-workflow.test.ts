import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readConfig, type Config } from '../../src/config/index.js'
import {
  actionSteps,
  readWorkflows,
  runContexts,
  stepInputs,
  substitute,
  type Step,
  type Workflow,
  type WorkflowRunContext
} from '../../test-support/workflows.js'

/**
 * The workflows of this repository, read as the runner reads them: the action's own release workflow runs
 * `uses: ./` with inputs that action.yml must declare and the config reader must accept, under every trigger; and
 * every job of every workflow has a timeout and only the permissions it uses.
 */

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> }
const workflows = readWorkflows()

/** The config the action reads in that run, through the real config reader, with action.yml's defaults. */
function configOf(step: Step, context: WorkflowRunContext): Config {
  const given = stepInputs(step, context)
  return readConfig(name => {
    if (name in given) return given[name]!
    const fallback = action.inputs[name]?.default ?? ''
    return substitute(fallback, context)
  })
}

type Level = 'read' | 'write'
const RANK: Record<Level | 'none', number> = { none: 0, read: 1, write: 2 }

/**
 * What the action needs in these runs (least privilege: all of it, and nothing else but `optional`), from the
 * README's Permissions table.
 */
function permissionsFor(
  configs: Config[],
  workflow: Workflow
): { needed: Record<string, Level>; optional: Record<string, Level> } {
  const needed: Record<string, Level> = {
    contents: configs.some(config => !config.dryRun) ? 'write' : 'read'
  }
  const optional: Record<string, Level> = {}
  if (configs.some(config => config.requireGreen)) {
    needed.checks = 'read'
    needed.statuses = 'read'
    // Lets the green gate leave out the workflow's own run (else: ignore-checks).
    optional.actions = 'read'
  }
  if (configs.some(config => config.deployWorkflow !== null)) needed.actions = 'write'
  // Freezes by issue (on by default): without it the run warns that it could not look.
  if (configs.some(config => config.freezeLabel !== null)) needed.issues = 'read'
  // The release label: a closed or labeled pull request is read from the API (its labels, whether it is merged).
  const labelEvents = ['pull_request', 'pull_request_target'].some(event =>
    (workflow.on[event]?.types ?? []).some(type => type === 'closed' || type === 'labeled')
  )
  if (labelEvents) needed['pull-requests'] = 'read'
  return { needed, optional }
}

describe('the release workflow (the action releases itself)', () => {
  const release = workflows.find(({ file }) => file === 'release.yml')
  const job =
    release && Object.values(release.workflow.jobs).find(candidate => actionSteps(candidate).length > 0)
  const step = job && actionSteps(job)[0]

  it('runs its own committed dist/ with uses: ./, after checking it out', () => {
    expect(step, 'release.yml has a job with a `uses: ./` step').toBeDefined()
    const steps = job!.steps!
    const checkout = steps.findIndex(candidate => candidate.uses?.startsWith('actions/checkout@'))
    expect(
      checkout,
      'actions/checkout comes first: uses: ./ runs the checked-out action'
    ).toBeGreaterThanOrEqual(0)
    expect(checkout).toBeLessThan(steps.indexOf(step!))
  })

  it('is started by hand (with a bump choice) and by a release label on a merged pull request', () => {
    const on = release!.workflow.on
    const bump = on.workflow_dispatch?.inputs?.bump
    expect(bump?.type).toBe('choice')
    expect(bump?.options).toContain(bump?.default)
    const labelled = on.pull_request_target ?? on.pull_request
    expect(labelled?.types).toContain('closed')
  })

  it('gives the action only inputs action.yml declares', () => {
    const declared = Object.keys(action.inputs)
    for (const name of Object.keys(step!.with ?? {}))
      expect(declared, `action.yml declares '${name}'`).toContain(name)
  })

  const contexts = release ? runContexts(release.workflow) : []

  it.each(contexts.map(context => [context.event, JSON.stringify(context.inputs), context] as const))(
    'the config reader accepts its inputs on %s %s, as a version-committing, major-tag-moving release',
    (_event, _inputs, context) => {
      const config = configOf(step!, context)
      expect(config).toMatchObject({
        commitVersion: true,
        versionFile: 'package.json',
        changelogFile: 'CHANGELOG.md',
        majorTag: true,
        minorTag: true,
        tagPrefix: 'v'
      })
      const expected = context.inputs.version || context.inputs.bump || 'auto'
      expect(
        config.bump.kind === 'exact'
          ? config.bump.version
          : config.bump.kind === 'type'
            ? config.bump.type
            : config.bump.kind
      ).toBe(expected)
    }
  )

  it('never checks out or runs the pull request: only the default branch, which the merge updated', () => {
    if (!release!.workflow.on.pull_request_target) return
    expect(release!.text).not.toMatch(/github\.event\.pull_request\.head|github\.head_ref/)
    for (const candidate of job!.steps!.filter(step => step.uses?.startsWith('actions/checkout@')))
      expect(candidate.with?.ref, 'checkout keeps the event ref: the base branch').toBeUndefined()
  })

  it('version-file names a package.json that holds a semantic version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/)
  })
})

describe.each(workflows)('$file', ({ text, workflow }) => {
  it('denies every permission at the top; each job asks for its own', () => {
    expect(workflow.permissions).toEqual({})
  })

  it.each(Object.entries(workflow.jobs))('job %s has a timeout of at most an hour', (_name, job) => {
    expect(job['timeout-minutes']).toEqual(expect.any(Number))
    expect(job['timeout-minutes']).toBeGreaterThan(0)
    expect(job['timeout-minutes']).toBeLessThanOrEqual(60)
  })

  it.each(Object.entries(workflow.jobs))('job %s has the least privilege it needs', (_name, job) => {
    expect(job.permissions, 'an explicit map, not read-all or write-all').toEqual(expect.any(Object))
    const granted = job.permissions as Record<string, Level | 'none'>
    const steps = actionSteps(job)
    const configs = steps.flatMap(step => runContexts(workflow).map(context => configOf(step, context)))
    // Jobs that do not run the action check out the repository and nothing else.
    const { needed, optional } =
      steps.length > 0
        ? permissionsFor(configs, workflow)
        : { needed: { contents: 'read' as Level }, optional: {} }
    for (const [scope, level] of Object.entries(needed))
      expect(RANK[granted[scope] ?? 'none'], `${scope}: ${level} is needed`).toBeGreaterThanOrEqual(
        RANK[level]
      )
    for (const [scope, level] of Object.entries(granted)) {
      const allowed = Math.max(RANK[needed[scope] ?? 'none'], RANK[optional[scope] ?? 'none'])
      expect(RANK[level], `${scope}: ${level} is more than the job needs`).toBeLessThanOrEqual(allowed)
    }
  })

  it('pins every action by full commit SHA, with the version in a comment', () => {
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].filter(([, ref]) => ref !== './')
    for (const [line, ref, rest] of uses) {
      expect(ref, line).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/)
      expect(rest, line).toMatch(/#\s*v\d/)
    }
  })

  it('checks out without leaving the token in .git', () => {
    const checkouts = Object.values(workflow.jobs)
      .flatMap(job => job.steps ?? [])
      .filter(step => step.uses?.startsWith('actions/checkout@'))
    for (const step of checkouts) expect(step.with?.['persist-credentials']).toBe(false)
  })
})
