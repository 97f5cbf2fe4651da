import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import { inputs as reader } from './input-reader.js'
import { fillInputs } from '../../src/domain/placeholders.js'
import { releaseFacts } from '../../src/domain/release-facts.js'
import { delaySchedule, POLL } from '../../src/domain/backoff.js'
import { dispatchContract, inputProblems } from '../../src/domain/workflow-file.js'

describe('deploy inputs', () => {
  const WORKFLOW = { 'deploy-workflow': 'deploy.yml' }

  it('reads a JSON or YAML map, values as text, into an object without a prototype', () => {
    const json = readConfig(
      reader({ ...WORKFLOW, 'deploy-inputs': '{"environment": "prod", "replicas": 3}' })
    )
    expect({ ...json.deployInputs }).toEqual({ environment: 'prod', replicas: '3' })
    expect(Object.getPrototypeOf(json.deployInputs)).toBeNull()
    const yaml = readConfig(
      reader({ ...WORKFLOW, 'deploy-inputs': 'environment: prod\nversion: "{version}"' })
    )
    expect({ ...yaml.deployInputs }).toEqual({ environment: 'prod', version: '{version}' })
  })

  it.each([
    ['{"__proto__": {"polluted": "yes"}}', "'__proto__' is not allowed as a name"],
    ['__proto__: x', "'__proto__' is not allowed as a name"],
    ['constructor: x', "'constructor' is not allowed as a name"],
    ['{"a\\u202e": "x"}', "'a\\u{202E}' is not a name"],
    ['env: "\u0000"', 'control or invisible characters'],
    ['env: "::error::x"', 'workflow-command syntax'],
    ['env: !custom x', 'it is not a YAML or JSON map: Unresolved tag: !custom'],
    ['a: 1\na: 2', 'it is not a YAML or JSON map: Map keys must be unique'],
    ['a: &x [1]\nb: *x', "the value of 'a' must be text"]
  ])('deploy-inputs %j is refused and reaches no prototype', (value, message) => {
    expect(() => readConfig(reader({ ...WORKFLOW, 'deploy-inputs': value }))).toThrow(message)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it.each([
    ['{tag}', 'v', true],
    ['refs/tags/{tag}', 'v', true],
    ['release/{version}', 'v', true],
    ['main', 'v', true],
    ['{tag}', '', true],
    ['release/{tag}.lock', 'v', "(filled in, it could be 'release/v1.2.3.lock')"],
    ['{tag}/', 'v', 'is not a git ref'],
    ['main..x', 'v', 'is not a git ref'],
    ['{}', 'v', 'is not a git ref'],
    ['-x', 'v', 'is not a git ref'],
    ['HEAD', 'v', 'is not a branch or tag'],
    ['refs/pull/1/merge', 'v', 'is neither a branch nor a tag'],
    ['deploy/{sha}', 'v', '{sha} cannot name the ref'],
    ['{previous-version}', 'v', '{previous-version} cannot name the ref'],
    ["it's", 'v', 'is not a branch or tag']
  ])('deploy-ref %j with tag-prefix %j: %s', (ref, prefix, expected) => {
    const read = () => readConfig(reader({ ...WORKFLOW, 'deploy-ref': ref, 'tag-prefix': prefix }))
    if (expected === true) return expect(read().deployRef).toBe(ref)
    expect(read).toThrow(`Invalid input 'deploy-ref': `)
    expect(read).toThrow(expected)
  })

  it.each([
    [{ 'deploy-ref': 'main' }, "Invalid input 'deploy-ref': it is used only with deploy-workflow"],
    [
      { 'deploy-inputs': 'env: prod' },
      "Invalid input 'deploy-inputs': they are used only with deploy-workflow"
    ],
    [
      { 'deploy-inputs': 'env: prod', 'deploy-command': 'vercel deploy' },
      'deploy-command gets the release in RELEASE_* variables'
    ]
  ])('%j without a deploy workflow is refused, not ignored', (inputs, message) => {
    expect(() => readConfig(reader(inputs))).toThrow(message)
  })

  it.each([
    ['deploy.yml', 'deploy.yml'],
    ['.github/workflows/deploy.yaml', 'deploy.yaml'],
    ['12345', '12345']
  ])('deploy-workflow %j is the workflow %j', (value, expected) => {
    expect(readConfig(reader({ 'deploy-workflow': value })).deployWorkflow).toBe(expected)
  })

  it.each([
    'https://github.com/acme/app/blob/main/.github/workflows/deploy.yml',
    'ops/deploy.yml',
    '.github/workflows/../deploy.yml',
    '.github/workflows/sub/deploy.yml',
    '-deploy.yml',
    '..yml',
    '0',
    'deploy'
  ])('deploy-workflow %j is refused rather than cut to a file name', value => {
    expect(() => readConfig(reader({ 'deploy-workflow': value }))).toThrow(
      "Invalid input 'deploy-workflow': "
    )
  })

  it.each([
    [{ 'deploy-inputs': '[1, 2]' }, "Invalid input 'deploy-inputs': it must be a map"],
    [{ 'deploy-inputs': '{"a": {"b": 1}}' }, "the value of 'a' must be text"],
    [{ 'deploy-command': 'vercel deploy && curl x' }, "has '&' in it, which only a shell understands"],
    [{ 'deploy-command': 'vercel deploy --token $VERCEL_TOKEN' }, 'has something a shell would expand'],
    [
      {
        'deploy-inputs': JSON.stringify(
          Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, 'x']))
        )
      },
      'GitHub accepts at most 25'
    ],
    [
      { 'deploy-inputs': '{"v": "{commit}"}' },
      '{commit} is not a placeholder; use {version}, {tag}, {sha}, {previous-version}'
    ],
    [{ 'deploy-ref': 'release/{branch}' }, "Invalid input 'deploy-ref': {branch} is not a placeholder"],
    [
      { 'deploy-workflow': 'deploy.yml', 'deploy-command': 'vercel deploy' },
      "Invalid input 'deploy-command': set deploy-workflow or deploy-command, not both."
    ],
    [
      { 'deploy-workflow': 'deploy' },
      "Invalid input 'deploy-workflow': 'deploy' is not a workflow file name"
    ],
    [{ 'deploy-timeout': 'soon' }, "Invalid input 'deploy-timeout'"],
    [{ 'quality-threshold': '120' }, "Invalid input 'quality-threshold': '120' is not a score from 0 to 100"],
    [{ 'quality-threshold': 'high' }, "Invalid input 'quality-threshold'"],
    [{ quality: 'command' }, "Invalid input 'quality-commands': quality: command needs at least one command"],
    [{ 'beast-mode-api-url': 'https://bm.example' }, "Invalid input 'beast-mode-api-key'"],
    [{ 'beast-mode-api-url': 'ftp://bm.example', 'beast-mode-api-key': 'k' }, 'must be an https URL'],
    [
      { 'beast-mode-api-url': 'http://bm.example', 'beast-mode-api-key': 'k' },
      'would send the key unencrypted'
    ],
    [{ 'beast-mode-api-url': 'https://bm.example/?x=1', 'beast-mode-api-key': 'k' }, 'must be a base URL'],
    [
      { 'beast-mode-api-url': 'https://k:secret@bm.example', 'beast-mode-api-key': 'k' },
      'must not carry credentials'
    ],
    [
      { 'beast-mode-api-url': 'https://bm.example', 'beast-mode-api-key': 'bm key' },
      'it contains white space'
    ]
  ])('rejects %j', (inputs, message) => {
    expect(() => readConfig(reader(inputs))).toThrow(message)
  })

  it('takes a workflow path as its file name, and durations in minutes', () => {
    const config = readConfig(
      reader({ 'deploy-workflow': '.github/workflows/deploy.yml', 'deploy-timeout': '45m' })
    )
    expect(config.deployWorkflow).toBe('deploy.yml')
    expect(config.deployTimeoutSeconds).toBe(2700)
  })

  it('fills placeholders with the release facts', () => {
    const facts = releaseFacts(
      { version: '1.2.0', tag: 'v1.2.0', previousVersion: '1.1.0' },
      { sha: 'abc', branch: 'main' }
    )
    expect(fillInputs({ v: '{version}', note: 'from {previous-version} to {tag} at {sha}' }, facts)).toEqual({
      v: '1.2.0',
      note: 'from 1.1.0 to v1.2.0 at abc'
    })
  })
})

describe('dispatchContract', () => {
  it.each([
    ['on: workflow_dispatch', true],
    ['on: [push, workflow_dispatch]', true],
    ['on:\n  workflow_dispatch:\n', true],
    ['on:\n  push:\n    branches: [main]\n', false],
    ['on: push', false]
  ])('%j dispatchable: %s', (text, dispatchable) => {
    expect(dispatchContract(text)?.dispatchable).toBe(dispatchable)
  })

  it('lists declared inputs and what a dispatch would be refused for', () => {
    const contract = dispatchContract(
      'on:\n  workflow_dispatch:\n    inputs:\n      environment: { required: true }\n      level: { required: true, default: info }\n      note: {}\n'
    )!
    expect(inputProblems(contract, ['environment', 'note'])).toEqual([])
    expect(inputProblems(contract, ['region'])).toEqual([
      'it does not declare the input region',
      'it requires environment, which deploy-inputs does not give'
    ])
  })
})

describe('delaySchedule', () => {
  it('polls quickly first, then every 30 s: a 10-minute deploy costs 25 polls (7 in the first 64 s, then one each 30 s, the last at the deadline)', () => {
    const moments = delaySchedule(POLL, 10 * 60 * 1000)
    expect(moments.slice(0, 4)).toEqual([2000, 5000, 9500, 16250])
    expect(moments.length).toBe(25)
    expect(moments[moments.length - 1]).toBe(10 * 60 * 1000)
    const gaps = moments.slice(1).map((at, index) => at - moments[index]!)
    expect(Math.max(...gaps)).toBe(30_000)
  })
})
