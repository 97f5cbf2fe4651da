import { describe, expect, it } from 'vitest'
import { formatSpan } from '../../src/domain/guardrails.js'
import {
  checkWindows,
  describeOpening,
  parseReleaseWindow,
  WindowSyntaxError
} from '../../src/domain/release-window.js'

const at = (iso: string) => Date.parse(iso)
const window = (text: string) => parseReleaseWindow(text)

describe('parseReleaseWindow', () => {
  it.each([
    ['Mon-Thu 09:00-16:00 Europe/Berlin', [1, 2, 3, 4], 540, 960, 'Europe/Berlin'],
    ['Mon,Wed,Fri 10:00-12:30 UTC', [1, 3, 5], 600, 750, 'UTC'],
    ['Fri-Mon 00:00-24:00 America/New_York', [0, 1, 5, 6], 0, 1440, 'America/New_York'],
    ['daily 08:00-18:00 Asia/Kolkata', [0, 1, 2, 3, 4, 5, 6], 480, 1080, 'Asia/Kolkata'],
    ['Tuesday 09:00-10:00 Australia/Lord_Howe', [2], 540, 600, 'Australia/Lord_Howe']
  ])('%s', (text, days, start, end, timeZone) => {
    const parsed = window(text)
    expect([...parsed.days].sort()).toEqual(days)
    expect({ start: parsed.start, end: parsed.end, timeZone: parsed.timeZone }).toEqual({
      start,
      end,
      timeZone
    })
  })

  it.each([
    ['Mon-Thu 09:00-16:00', /days, hours and a time zone/],
    ['Mon-Thu 9-16 UTC', /not a span of hours/],
    ['Mon-Thu 16:00-09:00 UTC', /ends before it starts.*two lines/],
    ['Mon-Thu 09:00-09:00 UTC', /ends before it starts/],
    ['Mon-Thu 09:00-25:00 UTC', /not on a clock/],
    ['Mon-Thu 09:60-10:00 UTC', /not on a clock/],
    ['Mon-Thu 09:00-16:00 Mars/Olympus', /not an IANA time zone/],
    ['Mun-Thu 09:00-16:00 UTC', /'Mun' is not a day/],
    ['Mo 09:00-16:00 UTC', /'Mo' is not a day/],
    ['Mon-Tue-Wed 09:00-16:00 UTC', /not a day or a range/],
    ['Mondays 09:00-16:00 UTC', /not a day/]
  ])('refuses %s', (text, message) => {
    expect(() => window(text)).toThrow(WindowSyntaxError)
    expect(() => window(text)).toThrow(message)
  })
})

describe('checkWindows', () => {
  const berlin = window('Mon-Thu 09:00-16:00 Europe/Berlin')

  it.each([
    // Winter (CET, UTC+1)
    ['2026-01-12T07:59:00Z', false, 'Mon 09:00'],
    ['2026-01-12T08:00:00Z', true, null],
    ['2026-01-12T14:59:00Z', true, null],
    ['2026-01-12T15:00:00Z', false, 'Tue 09:00'],
    // Thursday after closing: the next opening is Monday
    ['2026-01-15T15:30:00Z', false, 'Mon 09:00'],
    ['2026-01-17T12:00:00Z', false, 'Mon 09:00'],
    // Summer (CEST, UTC+2): the same UTC hour is an hour later in Berlin
    ['2026-07-13T07:30:00Z', true, null],
    ['2026-07-13T14:30:00Z', false, 'Tue 09:00']
  ])('Mon-Thu 09:00-16:00 Europe/Berlin at %s: open %s', (iso, open, next) => {
    const verdict = checkWindows([berlin], at(iso))
    expect(verdict.open).toBe(open)
    if (!verdict.open)
      expect(verdict.next && describeOpening(verdict.next.window, verdict.next.at)).toBe(next)
  })

  it('follows the daylight-saving change: 07:30 UTC is 08:30 on the Saturday before, 09:30 on the Sunday after', () => {
    const weekend = window('Sat-Sun 09:00-12:00 Europe/Berlin')
    // 28 March 2026 is the last day of CET; on 29 March Berlin's clocks go from 02:00 to 03:00.
    expect(checkWindows([weekend], at('2026-03-28T07:30:00Z')).open).toBe(false)
    expect(checkWindows([weekend], at('2026-03-29T07:30:00Z')).open).toBe(true)
    const closed = checkWindows([weekend], at('2026-03-28T07:30:00Z'))
    expect(closed.open === false && closed.next?.at).toBe(at('2026-03-28T08:00:00Z'))
  })

  it('finds the next opening across the change, in the new offset', () => {
    const morning = window('Sun 09:00-12:00 Europe/Berlin')
    const verdict = checkWindows([morning], at('2026-03-28T12:00:00Z'))
    // 09:00 CEST on 29 March is 07:00 UTC, not 08:00.
    expect(verdict.open === false && verdict.next?.at).toBe(at('2026-03-29T07:00:00Z'))
    const autumn = checkWindows([morning], at('2026-10-24T12:00:00Z'))
    // 25 October: back to CET, 09:00 is 08:00 UTC.
    expect(autumn.open === false && autumn.next?.at).toBe(at('2026-10-25T08:00:00Z'))
  })

  it('a window that starts in the hour the clock skips opens when the clock reaches it', () => {
    const night = window('Sun 02:30-04:00 Europe/Berlin')
    const verdict = checkWindows([night], at('2026-03-28T22:00:00Z'))
    // 02:30 does not exist on 29 March; 03:00 CEST (01:00 UTC) is the first minute inside the window.
    expect(verdict.open === false && verdict.next?.at).toBe(at('2026-03-29T01:00:00Z'))
  })

  it('any open window will do; closed, the earliest next opening is named', () => {
    const windows = [window('Mon 09:00-10:00 UTC'), window('Tue 08:00-09:00 America/New_York')]
    expect(checkWindows(windows, at('2026-01-12T09:30:00Z')).open).toBe(true)
    const verdict = checkWindows(windows, at('2026-01-12T10:30:00Z'))
    expect(verdict.open).toBe(false)
    if (!verdict.open) {
      expect(verdict.next?.window.text).toBe('Tue 08:00-09:00 America/New_York')
      expect(verdict.next?.at).toBe(at('2026-01-13T13:00:00Z'))
      expect(describeOpening(verdict.next!.window, verdict.next!.at)).toBe('Tue 08:00')
    }
  })
})

describe('formatSpan', () => {
  it.each([
    [20_000, '1m'],
    [(3 * 60 + 0.4) * 60_000, '3h'],
    [45 * 60_000, '45m'],
    [(3 * 60 + 20) * 60_000, '3h 20m'],
    [(2 * 1440 + 4 * 60 + 5) * 60_000, '2d 4h'],
    [24 * 3600_000, '1d']
  ])('%d ms is %s', (ms, text) => expect(formatSpan(ms)).toBe(text))
})
