import { describe } from 'vitest'
import { openIssue, setIssueState } from '../../test-support/emulator/issues.js'
import { scenarioTest } from '../../test-support/fixtures.js'
import type { Scenario } from '../../test-support/scenario.js'

const BERLIN = 'Mon-Thu 09:00-16:00 Europe/Berlin'

const it = scenarioTest({
  setup: s => {
    s.repo.commit('chore: init')
    s.repo.tag('v1.0.0')
    s.repo.commit('feat(cart): save carts')
    s.state.roles.set('maintainer-mia', 'maintain')
    s.state.roles.set('writer-wes', 'write')
  }
})

/** A manual dispatch by a person, as the runner gives it. */
const dispatch = (s: Scenario, actor: string, inputs: Record<string, string> = {}) =>
  s.run({ eventName: 'workflow_dispatch', env: { GITHUB_ACTOR: actor }, inputs })

const operations = (s: Scenario) => s.emulator.requests.map(request => request.operationId)

describe.concurrent('release windows', () => {
  it('a scheduled run inside the window releases', async ({ s, expect }) => {
    // Monday 12 January 2026, 08:30 UTC = 09:30 in Berlin (CET).
    s.emulator.setNow('2026-01-12T08:30:00Z')
    const run = await s.run({ inputs: { 'release-window': BERLIN } })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.outcome).toBe('released')
    expect(run.summary).toContain(
      `| Guardrails | ✅ passed | inside the release window ${BERLIN}; no open issue`
    )
    expect(run.result.guardrails?.checks).toEqual([
      { rule: 'window', state: 'passed', detail: `inside the release window ${BERLIN}` },
      { rule: 'freeze', state: 'passed', detail: "no open issue labelled 'release-freeze'" }
    ])
  })

  it('a scheduled run outside the window is skipped with the next opening, and stays green', async ({
    s,
    expect
  }) => {
    // Monday 12 January 2026, 07:30 UTC = 08:30 in Berlin: before the window opens.
    s.emulator.setNow('2026-01-12T07:30:00Z')
    const run = await s.run({ inputs: { 'release-window': BERLIN } })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs['skipped-reason']).toBe(
      `outside the release window ${BERLIN}; next window opens Mon 09:00; a manual dispatch with override-window: true can release now`
    )
    expect(s.tags()).toEqual(['v1.0.0'])
    expect(run.summary).toContain('| Release window | ⛔ stops the release |')
  })

  it("follows Berlin's clock across the daylight-saving change: 07:30 UTC is outside on Saturday, inside on Sunday", async ({
    s,
    expect
  }) => {
    const weekend = 'Sat-Sun 09:00-12:00 Europe/Berlin'
    // 28 March 2026 is the last day of CET (UTC+1); on 29 March Berlin is on CEST (UTC+2).
    s.emulator.setNow('2026-03-28T07:30:00Z')
    const saturday = await s.run({ inputs: { 'release-window': weekend } })
    expect(saturday.outputs['skipped-reason']).toContain(
      'outside the release window Sat-Sun 09:00-12:00 Europe/Berlin; next window opens Sat 09:00'
    )
    s.emulator.setNow('2026-03-29T07:30:00Z')
    const sunday = await s.run({ inputs: { 'release-window': weekend } })
    expect(sunday.outputs.outcome).toBe('released')
    expect(s.tags()).toEqual(['v1.0.0', 'v1.1.0'])
  })

  it('a manual dispatch with override-window releases outside the window, and the override is recorded', async ({
    s,
    expect
  }) => {
    s.emulator.setNow('2026-01-17T12:00:00Z')
    const refused = await dispatch(s, 'maintainer-mia', { 'release-window': BERLIN })
    expect(refused.outputs['skipped-reason']).toContain('dispatch with override-window: true to release now')
    const run = await dispatch(s, 'maintainer-mia', { 'release-window': BERLIN, 'override-window': 'true' })
    expect(run.outputs.outcome).toBe('released')
    expect(run.result.guardrails?.overrides).toEqual([
      {
        rule: 'window',
        by: 'maintainer-mia',
        detail: `outside the release window ${BERLIN}; next window opens Mon 09:00`
      }
    ])
    expect(run.summary).toContain('**Override:** maintainer-mia released past the release window rule')
  })

  it('override-window does nothing for a scheduled run', async ({ s, expect }) => {
    s.emulator.setNow('2026-01-17T12:00:00Z')
    const run = await s.run({ inputs: { 'release-window': BERLIN, 'override-window': 'true' } })
    expect(run.outputs.outcome).toBe('skipped')
  })

  it('an invalid window is refused by name before any request', async ({ s, expect }) => {
    const run = await s.run({ inputs: { 'release-window': 'Mon-Thu 16:00-09:00 Europe/Berlin' } })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      "::error::Invalid input 'release-window': '16:00-09:00' ends before it starts"
    )
    expect(s.emulator.requests).toEqual([])
  })
})

describe.concurrent('freezes', () => {
  it('an open issue with the freeze label skips the release with its title and link; closing it releases', async ({
    s,
    expect
  }) => {
    const issue = openIssue(s.state, { title: 'Holiday freeze', labels: ['release-freeze'] })
    const frozen = await s.run()
    expect(frozen.exitCode).toBe(0)
    expect(frozen.outputs.outcome).toBe('skipped')
    const link = `${s.emulator.url}/acme/app/issues/${issue.number}`
    expect(frozen.outputs['skipped-reason']).toBe(
      `releases are frozen by #${issue.number} “Holiday freeze” (${link}); close the issue or remove its 'release-freeze' label to release, or have an admin or maintainer dispatch with override-freeze: true`
    )
    expect(s.tags()).toEqual(['v1.0.0'])
    setIssueState(s.state, issue, 'closed')
    const thawed = await s.run()
    expect(thawed.outputs.outcome).toBe('released')
    // One request for the freeze, whatever the number of issues.
    expect(operations(s).filter(id => id === 'issues/list-for-repo')).toHaveLength(2)
  })

  it('the freeze input (a repository variable) freezes without a request', async ({ s, expect }) => {
    const run = await s.run({ inputs: { freeze: 'Black Friday', 'freeze-label': 'none' } })
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.outputs['skipped-reason']).toContain('releases are frozen: Black Friday (the freeze input)')
    expect(operations(s)).not.toContain('issues/list-for-repo')
  })

  it('a maintainer may override a freeze by dispatch; a writer may not', async ({ s, expect }) => {
    openIssue(s.state, { title: 'Incident 42', labels: ['release-freeze'] })
    const writer = await dispatch(s, 'writer-wes', { 'override-freeze': 'true' })
    expect(writer.exitCode).toBe(1)
    expect(writer.outputs.outcome).toBe('blocked')
    expect(writer.stdout).toContain(
      'override-freeze refused: writer-wes has write access, and overriding a freeze needs admin or maintain'
    )
    expect(s.tags()).toEqual(['v1.0.0'])
    const maintainer = await dispatch(s, 'maintainer-mia', { 'override-freeze': 'true' })
    expect(maintainer.outputs.outcome).toBe('released')
    expect(maintainer.result.guardrails?.overrides).toMatchObject([{ rule: 'freeze', by: 'maintainer-mia' }])
    expect(maintainer.summary).toContain('**Override:** maintainer-mia released past the freeze rule')
    expect(maintainer.summary).toContain('| Freeze | 🔓 overridden |')
  })

  it('a token that may not read issues: the release goes on, with a warning naming issues: read', async ({
    s,
    expect
  }) => {
    s.emulator.inject({
      operationId: 'issues/list-for-repo',
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest'
      }
    })
    const run = await s.run()
    expect(run.outputs.outcome).toBe('released')
    expect(run.summary).toMatch(
      /\| Guardrails \| ⚠️ warned \| could not look for a freeze: .*'issues: read'.*freeze-label: none/
    )
  })

  it('freeze titles are untrusted text: no workflow command, no markup', async ({ s, expect }) => {
    openIssue(s.state, {
      title: '::error::pwned ##[error]owned <img src=x onerror=alert(1)> @everyone',
      labels: ['release-freeze']
    })
    const run = await s.run()
    expect(run.outputs.outcome).toBe('skipped')
    // The title reached the log, the outputs and the summary, but as text.
    expect(run.stdout).toContain('pwned')
    expect(run.stdout).not.toContain('##[error]owned')
    expect(run.stdout).not.toMatch(/^::error::pwned/m)
    expect(run.outputs['skipped-reason']).not.toContain('##[error]')
    expect(run.summary).toContain('pwned')
    expect(run.summary).not.toContain('<img')
  })
})

describe.concurrent('a human for majors', () => {
  const breaking = (s: Scenario) => s.repo.commit('feat(api)!: drop the v1 endpoints')

  it('major-releases: manual blocks a breaking change found on schedule, naming the commits; a dispatch with bump: major releases it', async ({
    s,
    expect
  }) => {
    const sha = breaking(s)
    const scheduled = await s.run({ inputs: { 'major-releases': 'manual' } })
    expect(scheduled.exitCode).toBe(1)
    expect(scheduled.outputs.outcome).toBe('blocked')
    expect(scheduled.stdout).toContain(
      `::error::2.0.0 is a major release (breaking: ${sha.slice(0, 7)} drop the v1 endpoints); run the workflow by hand with bump: major to release it (major-releases: manual)`
    )
    expect(scheduled.summary).toContain('| Major release | ⛔ blocked |')
    expect(s.tags()).toEqual(['v1.0.0'])
    const byHand = await dispatch(s, 'maintainer-mia', { 'major-releases': 'manual', bump: 'major' })
    expect(byHand.outputs).toMatchObject({ outcome: 'released', version: '2.0.0' })
    expect(byHand.result.guardrails?.checks.at(-1)).toEqual({
      rule: 'major',
      state: 'passed',
      detail: '2.0.0 is a major release, asked for by maintainer-mia (bump: major)'
    })
  })

  it('a dispatch with bump: auto is not an approval', async ({ s, expect }) => {
    breaking(s)
    const run = await dispatch(s, 'maintainer-mia', { 'major-releases': 'manual' })
    expect(run.outputs.outcome).toBe('blocked')
    expect(s.tags()).toEqual(['v1.0.0'])
  })

  it('with major-releases: manual, minor releases stay automatic', async ({ s, expect }) => {
    const run = await s.run({ inputs: { 'major-releases': 'manual' } })
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '1.1.0' })
    expect(run.summary).toContain('| Major release | ✅ passed | 1.1.0 is not a major release |')
  })

  it('major-releases: auto (the default) releases a breaking change on schedule', async ({ s, expect }) => {
    breaking(s)
    const run = await s.run()
    expect(run.outputs).toMatchObject({ outcome: 'released', version: '2.0.0' })
  })
})

describe.concurrent('cadence', () => {
  it('an automatic run within min-release-interval of the last release is skipped with when the next may happen; later it releases', async ({
    s,
    expect
  }) => {
    s.emulator.setNow('2026-05-04T10:00:00Z')
    const first = await s.run({ inputs: { 'min-release-interval': '24h' } })
    expect(first.outputs.version).toBe('1.1.0')
    s.repo.commit('fix(cart): keep carts')
    s.emulator.setNow('2026-05-04T13:00:00Z')
    const soon = await s.run({ inputs: { 'min-release-interval': '24h' } })
    expect(soon.exitCode).toBe(0)
    expect(soon.outputs.outcome).toBe('skipped')
    expect(soon.outputs['skipped-reason']).toBe(
      'v1.1.0 was published 3h ago; min-release-interval is 1d: the next release may happen after 2026-05-05 10:00 UTC (in 21h)'
    )
    const byHand = await dispatch(s, 'maintainer-mia', { 'min-release-interval': '24h', 'dry-run': 'true' })
    expect(byHand.outputs.outcome).toBe('dry-run')
    expect(byHand.result.guardrails?.checks).toContainEqual({
      rule: 'cadence',
      state: 'ignored',
      detail: 'a manual dispatch is not held to min-release-interval 1d'
    })
    s.emulator.setNow('2026-05-05T10:01:00Z')
    const later = await s.run({ inputs: { 'min-release-interval': '24h' } })
    expect(later.outputs).toMatchObject({ outcome: 'released', version: '1.1.1' })
  })
})

describe.concurrent('requests', () => {
  it('guardrails that are not configured cost no request', async ({ s, expect }) => {
    const run = await s.run({ inputs: { 'freeze-label': 'none' } })
    expect(run.outputs.outcome).toBe('released')
    const ids = operations(s)
    expect(ids).not.toContain('issues/list-for-repo')
    expect(ids).not.toContain('repos/get-collaborator-permission-level')
    // The release list is read when the release is made, never before it.
    expect(ids.indexOf('repos/list-releases')).toBeGreaterThan(ids.indexOf('git/create-ref'))
    expect(run.result.guardrails).toEqual({ checks: [], overrides: [] })
    expect(run.summary).toContain('| Guardrails | ✅ passed | none configured |')
  })

  it('a dry run reports every guardrail it checked, and writes nothing', async ({ s, expect }) => {
    s.emulator.setNow('2026-01-17T12:00:00Z')
    openIssue(s.state, { title: 'Quarter close', labels: ['release-freeze'] })
    const run = await s.run({
      inputs: { 'dry-run': 'true', 'release-window': BERLIN, 'min-release-interval': '7d' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.outcome).toBe('skipped')
    expect(run.result.guardrails?.checks.map(check => [check.rule, check.state])).toEqual([
      ['window', 'stopped'],
      ['freeze', 'stopped'],
      ['cadence', 'passed']
    ])
    expect(run.outputs['skipped-reason']).toMatch(
      /^outside the release window .*; also releases are frozen by #\d+ “Quarter close”/
    )
    expect(s.emulator.writes()).toEqual([])
  })

  it('a dry run whose guardrails let it through reports them all, the major rule included', async ({
    s,
    expect
  }) => {
    s.emulator.setNow('2026-01-12T10:00:00Z')
    s.repo.commit('feat!: new checkout')
    const run = await s.run({
      inputs: {
        'dry-run': 'true',
        'release-window': BERLIN,
        'min-release-interval': '7d',
        'major-releases': 'manual'
      }
    })
    expect(run.outputs.outcome).toBe('blocked')
    expect(run.result.guardrails?.checks.map(check => [check.rule, check.state])).toEqual([
      ['window', 'passed'],
      ['freeze', 'passed'],
      ['cadence', 'passed'],
      ['major', 'stopped']
    ])
    expect(run.summary).toContain('### Guardrails')
    expect(s.emulator.writes()).toEqual([])
  })
})
