/**
 * Release windows: when automatic releases may happen, as a team writes it (`Mon-Thu 09:00-16:00 Europe/Berlin`).
 * Wall-clock times are read in the window's IANA time zone with the runtime's Intl, so daylight-saving changes are
 * the time zone database's business, not ours.
 */

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const MINUTES_A_DAY = 24 * 60
const MINUTE_MS = 60_000
/** How far ahead the next opening is looked for: a week and a day covers every weekly window and a DST change. */
const LOOK_AHEAD_MS = 8 * MINUTES_A_DAY * MINUTE_MS

export interface ReleaseWindow {
  /** As written, for messages. */
  text: string
  /** Days of the week it is open (0 = Sunday). */
  days: ReadonlySet<number>
  /** Minutes after local midnight: open from `start` up to, not including, `end`. */
  start: number
  end: number
  timeZone: string
}

/** Why a line is not a window, in words that say how to write one. */
export class WindowSyntaxError extends Error {
  override readonly name = 'WindowSyntaxError'
}

const EXAMPLE = 'Mon-Thu 09:00-16:00 Europe/Berlin'

/** How a value is quoted in a message; the caller's makes untrusted text safe to print. */
type Quote = (value: string) => string

/**
 * `Mon-Thu 09:00-16:00 Europe/Berlin`, `Mon,Wed,Fri 10:00-12:00 UTC`, `Daily 08:00-18:00 America/New_York`.
 * Throws a WindowSyntaxError that says how to write it, with the value as `quote` shows it.
 */
export function parseReleaseWindow(text: string, quote: Quote = value => `'${value}'`): ReleaseWindow {
  const parts = text.trim().split(/\s+/)
  if (parts.length !== 3)
    throw new WindowSyntaxError(
      `${quote(text)} is not a window: write days, hours and a time zone, such as ${EXAMPLE}.`
    )
  const [daysText = '', hoursText = '', timeZone = ''] = parts
  const days = parseDays(daysText, quote)
  const hours = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hoursText)
  if (!hours)
    throw new WindowSyntaxError(
      `${quote(hoursText)} is not a span of hours: write it as 09:00-16:00 (24-hour clock).`
    )
  const start = minutesOf(hours[1], hours[2])
  const end = minutesOf(hours[3], hours[4])
  if (start === null || end === null || end > MINUTES_A_DAY || start >= MINUTES_A_DAY)
    throw new WindowSyntaxError(`${quote(hoursText)} has a time that is not on a clock (00:00 to 24:00).`)
  if (end <= start)
    throw new WindowSyntaxError(
      `${quote(hoursText)} ends before it starts: a window ends on the day it starts (up to 24:00); write a window that crosses midnight as two lines.`
    )
  if (!isTimeZone(timeZone))
    throw new WindowSyntaxError(
      `${quote(timeZone)} is not an IANA time zone: use a name such as Europe/Berlin, America/New_York or UTC.`
    )
  return { text: `${daysText} ${hoursText} ${timeZone}`, days, start, end, timeZone }
}

function minutesOf(hours: string | undefined, minutes: string | undefined): number | null {
  const h = Number(hours)
  const m = Number(minutes)
  return m < 60 && h <= 24 && (h < 24 || m === 0) ? h * 60 + m : null
}

function dayIndex(name: string, quote: Quote): number {
  const index = DAY_NAMES.findIndex(day => day.toLowerCase() === name.slice(0, 3).toLowerCase())
  // Mon, Monday: the first three letters name the day, the rest must spell it.
  const full = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][index]
  if (index < 0 || name.length < 3 || !full?.startsWith(name.toLowerCase()))
    throw new WindowSyntaxError(`${quote(name)} is not a day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun.`)
  return index
}

/** `Mon-Fri`, `Fri-Mon` (through the weekend), `Mon,Wed,Fri`, `Daily` (or `*`). */
function parseDays(text: string, quote: Quote): Set<number> {
  if (/^(daily|\*)$/i.test(text)) return new Set([0, 1, 2, 3, 4, 5, 6])
  const days = new Set<number>()
  for (const item of text.split(',')) {
    const [from, to, ...rest] = item.split('-')
    if (rest.length > 0 || !from)
      throw new WindowSyntaxError(`${quote(item)} is not a day or a range of days such as Mon-Thu.`)
    const first = dayIndex(from, quote)
    const last = to === undefined ? first : dayIndex(to, quote)
    for (let day = first; ; day = (day + 1) % 7) {
      days.add(day)
      if (day === last) break
    }
  }
  return days
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

interface WallClock {
  day: number
  /** Minutes after local midnight. */
  minutes: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The day of the week and the time of day at `ms` in a time zone. */
function wallClock(ms: number, timeZone: string): WallClock {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23'
    })
    formatters.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map(part => [part.type, part.value]))
  return {
    day: DAY_NAMES.indexOf(parts.weekday as (typeof DAY_NAMES)[number]),
    minutes: Number(parts.hour) * 60 + Number(parts.minute)
  }
}

function isOpen(window: ReleaseWindow, ms: number): boolean {
  const { day, minutes } = wallClock(ms, window.timeZone)
  return window.days.has(day) && minutes >= window.start && minutes < window.end
}

/** Minutes from a wall-clock time to the window's next start, as the clock reads (DST aside). */
function minutesToNextStart(window: ReleaseWindow, now: WallClock): number {
  for (let ahead = 0; ahead <= 7; ahead++) {
    const day = (now.day + ahead) % 7
    const wait = ahead * MINUTES_A_DAY + window.start - now.minutes
    if (window.days.has(day) && wait > 0) return wait
  }
  return 7 * MINUTES_A_DAY
}

/**
 * When the window next opens after `ms` (a closed window), or null when it does not within a week and a day. It
 * jumps by wall-clock minutes; a daylight-saving change between makes it land an hour off: early, and it jumps
 * again; late (or in a start that the clock skipped), and it steps back to the first open minute.
 */
function nextOpening(window: ReleaseWindow, ms: number): number | null {
  let at = ms
  for (let jumps = 0; jumps < 16; jumps++) {
    const wait = minutesToNextStart(window, wallClock(at, window.timeZone))
    at = Math.floor(at / MINUTE_MS) * MINUTE_MS + wait * MINUTE_MS
    if (at - ms > LOOK_AHEAD_MS) return null
    if (isOpen(window, at)) {
      for (let back = 0; back < 120 && at - MINUTE_MS > ms && isOpen(window, at - MINUTE_MS); back++)
        at -= MINUTE_MS
      return at
    }
  }
  return null
}

export type WindowVerdict =
  { open: true; window: ReleaseWindow } | { open: false; next: { window: ReleaseWindow; at: number } | null }

/** Whether any of the windows is open at `ms`; when none is, the one that opens first and when. */
export function checkWindows(windows: readonly ReleaseWindow[], ms: number): WindowVerdict {
  const open = windows.find(window => isOpen(window, ms))
  if (open) return { open: true, window: open }
  let next: { window: ReleaseWindow; at: number } | null = null
  for (const window of windows) {
    const at = nextOpening(window, ms)
    if (at !== null && (next === null || at < next.at)) next = { window, at }
  }
  return { open: false, next }
}

/** `Tue 09:00` in the window's own time zone. */
export function describeOpening(window: ReleaseWindow, at: number): string {
  const { day, minutes } = wallClock(at, window.timeZone)
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  return `${DAY_NAMES[day]} ${hh}:${mm}`
}
