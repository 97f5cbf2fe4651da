import { describe, expect, it } from 'vitest'
import { waitFor, type Clock } from '../../src/clock.js'
import { delaySchedule, nextDelay, POLL, RETRY } from '../../src/domain/backoff.js'
import { ActionError } from '../../src/errors.js'
import {
  blocked,
  passed,
  Pipeline,
  runPipeline,
  skipped,
  warned,
  type ReadingStep,
  type WritingStep
} from '../../src/pipeline.js'
import { ServerTime } from '../../src/github/server-time.js'
import type { Runtime } from '../../src/runtime.js'

/** A clock that moves only when the code under test sleeps. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms)
      now += ms
    }
  }
}

function runtime(dryRun: boolean, clock: Clock = fakeClock()): Runtime {
  const lines: string[] = []
  return {
    config: { dryRun } as Runtime['config'],
    context: {} as Runtime['context'],
    repoClient: {} as Runtime['repoClient'],
    earlyReads: {} as Runtime['earlyReads'],
    otherRepository: false,
    clock,
    serverTime: new ServerTime(clock),
    log: {
      info: line => void lines.push(line),
      warning: line => void lines.push(line),
      notice: line => void lines.push(line),
      group: (_title, body) => body(),
      withCommandsStopped: body => body()
    }
  }
}

const decide: ReadingStep<unknown, { version: string }> = {
  id: 'decide',
  title: 'Decide',
  writes: false,
  run: async () => passed('1.2.0', { version: '1.2.0' })
}

const writes: string[] = []
const tag: WritingStep<{ version: string }, { tag: string }> = {
  id: 'tag',
  title: 'Tag',
  writes: true,
  simulate: ({ version }) => passed(`would tag v${version}`, { tag: `v${version}` }),
  run: async ({ version }) => {
    writes.push(`tag v${version}`)
    return passed(`tagged v${version}`, { tag: `v${version}` })
  }
}

describe('the pipeline', () => {
  const steps = Pipeline.start<unknown>().then(decide).then(tag)

  it('runs the steps in order, each with the facts of those before it', async () => {
    writes.length = 0
    const run = await runPipeline(steps, undefined, runtime(false))
    expect(run.outcome).toBe('done')
    expect(run.complete).toEqual({ version: '1.2.0', tag: 'v1.2.0' })
    expect(run.steps.map(step => [step.id, step.status, step.reason])).toEqual([
      ['decide', 'passed', '1.2.0'],
      ['tag', 'passed', 'tagged v1.2.0']
    ])
    expect(writes).toEqual(['tag v1.2.0'])
  })

  it('in a dry run, a writing step is simulated, never run, and says what it would do', async () => {
    writes.length = 0
    const run = await runPipeline(steps, undefined, runtime(true))
    expect(run.steps.map(step => step.reason)).toEqual(['1.2.0', 'dry run: would tag v1.2.0'])
    expect(writes).toEqual([])
  })

  it('stops at the first step that does not pass, keeps what it found, and lists the rest as not run', async () => {
    const stop: ReadingStep<{ version: string }, { checked: true }> = {
      id: 'stop',
      title: 'Stop',
      writes: false,
      run: async () =>
        blocked(
          'a human is needed',
          {},
          new ActionError('missing-permission', 'no', { permission: 'contents: write' })
        )
    }
    const run = await runPipeline(
      Pipeline.start<unknown>().then(decide).then(stop).then(tag),
      undefined,
      runtime(false)
    )
    expect(run.outcome).toBe('blocked')
    expect(run.known).toEqual({ version: '1.2.0' })
    expect(run.complete).toBeNull()
    expect(run.error?.concerns).toEqual({ permission: 'contents: write' })
    expect(run.steps.map(step => step.status)).toEqual(['passed', 'blocked', 'not-run'])
  })

  it('a step that warns goes on: the run finishes, and the step is reported as warned', async () => {
    writes.length = 0
    const note: ReadingStep<{ version: string }, { noted: true }> = {
      id: 'note',
      title: 'Note',
      writes: false,
      run: async () => warned('v1 was not moved', { noted: true })
    }
    const run = await runPipeline(
      Pipeline.start<unknown>().then(decide).then(note).then(tag),
      undefined,
      runtime(false)
    )
    expect(run.outcome).toBe('done')
    expect(run.complete).toEqual({ version: '1.2.0', noted: true, tag: 'v1.2.0' })
    expect(run.steps.map(step => step.status)).toEqual(['passed', 'warned', 'passed'])
    expect(writes).toEqual(['tag v1.2.0'])
  })

  it('once the first step passed, every later step prepares its reads, once, before the next step runs', async () => {
    const order: string[] = []
    const reading = (id: string): ReadingStep<unknown, object> => ({
      id,
      title: id,
      writes: false,
      prepare: () => void order.push(`prepare ${id}`),
      run: async () => {
        order.push(`run ${id}`)
        return passed(id, {})
      }
    })
    const gate = reading('gate')
    await runPipeline(
      Pipeline.start<unknown>().then(gate).then(reading('a')).then(reading('b')),
      undefined,
      runtime(false)
    )
    expect(order).toEqual(['run gate', 'prepare a', 'prepare b', 'run a', 'run b'])
  })

  it('nothing is prepared when the first step stops the run', async () => {
    const prepared: string[] = []
    const stop: ReadingStep<unknown, object> = {
      id: 'stop',
      title: 'Stop',
      writes: false,
      run: async () => skipped('not a release trigger')
    }
    const later: ReadingStep<unknown, object> = {
      id: 'later',
      title: 'Later',
      writes: false,
      prepare: () => void prepared.push('later'),
      run: async () => passed('', {})
    }
    await runPipeline(Pipeline.start<unknown>().then(stop).then(later), undefined, runtime(false))
    expect(prepared).toEqual([])
  })

  it('a step that throws is failed, with the error kept for the report', async () => {
    const boom: ReadingStep<unknown, object> = {
      id: 'boom',
      title: 'Boom',
      writes: false,
      run: async () => {
        throw new ActionError('github-error', 'GitHub answered 502')
      }
    }
    const run = await runPipeline(Pipeline.start<unknown>().then(boom), undefined, runtime(false))
    expect(run.steps[0]).toMatchObject({ status: 'failed', reason: 'GitHub answered 502' })
    expect(run.error?.code).toBe('github-error')
  })
})

describe('waiting', () => {
  it('backs off by the policy, and the schedule ends at the deadline', () => {
    expect([null, 2000, 3000, 4500].map(previous => nextDelay(POLL, previous))).toEqual([
      2000, 3000, 4500, 6750
    ])
    expect(nextDelay(POLL, 29_000)).toBe(30_000)
    expect(delaySchedule(RETRY, 4000)).toEqual([500, 1500, 3500, 4000])
  })

  it('waitFor looks until the answer settles it, pausing by the policy on the clock', async () => {
    const clock = fakeClock()
    let looks = 0
    const answer = await waitFor(
      clock,
      { policy: POLL, timeoutMs: 60_000 },
      async () => ++looks,
      n => n === 4
    )
    expect(answer).toBe(4)
    expect(clock.sleeps).toEqual([2000, 3000, 4500])
  })

  it('waitFor gives the last answer when time runs out, with the last look at the deadline', async () => {
    const clock = fakeClock()
    const waits: number[] = []
    const answer = await waitFor(
      clock,
      { policy: POLL, timeoutMs: 6000, onWait: ms => waits.push(ms) },
      async () => clock.now(),
      () => false
    )
    expect(waits).toEqual([2000, 3000, 1000])
    expect(answer).toBe(6000)
  })
})
