import { parseArgsStringToArgv } from 'string-argv'
import { parse as parseYaml } from 'yaml'
import { inputError } from '../errors.js'
import { INPUT_DEFAULTS } from './defaults.js'

/** Reads one input by its action.yml name; '' when it is not set. */
export type InputReader = (name: string) => string

/** A command from an input, already split into argv: it runs without a shell, so nothing can be injected into it. */
export interface CommandLine {
  /** The line as written, for logs and the summary. */
  text: string
  argv: string[]
}

const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']
// Control characters, and the invisible ones that make a value read as something it is not (bidi, zero width).
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/
const MAX_TEXT = 1_000
/** Bounds that keep numbers sane: a day for any wait. */
export const MAX_SECONDS = 86_400

/** A value as the user wrote it, quoted for an error message: shortened, and nothing in it can act on the log. */
export function quoted(raw: string): string {
  const shown = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw
  return `'${shown.replace(new RegExp(INVISIBLE.source, 'g'), '�')}'`
}

/**
 * The action's inputs, typed. A value left empty means the input's default from action.yml (the runner sets that
 * default when the workflow gives none; an expression such as `${{ inputs.bump }}` that is empty on a schedule
 * means the same). Only inputs whose empty value means something (`tag-prefix`) are read with `raw`.
 */
export class Inputs {
  constructor(private readonly read: InputReader) {}

  /** The value exactly as given, with no default. */
  raw(name: string): string {
    return this.read(name)
  }

  /** Trimmed text, or the input's default when empty; refuses control and invisible characters. */
  text(name: string, { multiline = false, max = MAX_TEXT } = {}): string {
    const value = this.read(name).trim() || (INPUT_DEFAULTS[name] ?? '')
    const lines = multiline ? value.split(/\r?\n/) : [value]
    if (lines.some(line => INVISIBLE.test(line.replace(/\t/g, ' '))))
      throw inputError(name, 'it contains control or invisible characters. Type the value plainly.')
    if (value.length > max) throw inputError(name, `it is ${value.length} characters long; at most ${max}.`)
    return value
  }

  boolean(name: string): boolean {
    const value = this.text(name)
    if (TRUE_VALUES.includes(value)) return true
    if (FALSE_VALUES.includes(value)) return false
    throw inputError(name, `${quoted(value)} is not a boolean. Use true or false.`)
  }

  choice<T extends string>(name: string, choices: readonly T[]): T {
    const value = this.text(name)
    const found = choices.find(choice => choice === value.toLowerCase())
    if (!found) throw inputError(name, `${quoted(value)} is not one of ${choices.join(', ')}.`)
    return found
  }

  /** Items separated by commas or new lines. */
  list(name: string): string[] {
    return this.text(name, { multiline: true, max: 10_000 })
      .split(/[\n,]/)
      .map(item => item.trim())
      .filter(Boolean)
  }

  /** Lines, without blank ones and `#` comments. */
  lines(name: string): string[] {
    return this.text(name, { multiline: true, max: 10_000 })
      .split('\n')
      .map(line => line.trim())
      .filter(line => line !== '' && !line.startsWith('#'))
  }

  /** A whole number of seconds from `min` to a day. */
  seconds(name: string, min = 0): number {
    const value = this.text(name)
    const seconds = /^\d{1,6}$/.test(value) ? Number(value) : NaN
    if (!(seconds >= min && seconds <= MAX_SECONDS))
      throw inputError(name, `${quoted(value)} is not a whole number of seconds (${min} to ${MAX_SECONDS}).`)
    return seconds
  }

  /** Seconds (1800), minutes (30m) or hours (2h), above 0 and at most a day. */
  duration(name: string): number {
    const value = this.text(name)
    const match = /^(\d{1,6})\s*(s|m|h)?$/.exec(value)
    const seconds = match
      ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h']
      : NaN
    if (!(seconds > 0 && seconds <= MAX_SECONDS))
      throw inputError(
        name,
        `${quoted(value)} is not a duration: give seconds (1800), minutes (30m) or hours (2h), up to 24h.`
      )
    return seconds
  }

  /** An http(s) URL without a trailing slash, or null when empty. */
  url(name: string, example: string): string | null {
    const value = this.text(name)
    if (value === '') return null
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw inputError(name, `${quoted(value)} is not a URL such as ${example}.`)
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw inputError(name, `${quoted(value)} must be an http(s) URL.`)
    if (url.username || url.password)
      throw inputError(name, 'it must not carry credentials; pass the key in its own input from a secret.')
    return value.replace(/\/+$/, '')
  }

  /** A path inside the repository, or null when empty (or `none`). */
  path(name: string, example: string): string | null {
    const value = this.text(name, { max: 255 })
    if (value === '' || value.toLowerCase() === 'none') return null
    const parts = value.split('/')
    if (
      value.startsWith('/') ||
      value.includes('\\') ||
      parts.some(part => part === '..' || part === '.' || part === '') ||
      parts[0]?.toLowerCase() === '.git'
    ) {
      throw inputError(
        name,
        `${quoted(value)} must be a path inside the repository (not under .git), such as ${example}.`
      )
    }
    return value
  }

  /** A command line, split into argv as a shell would split it, but run without one. */
  command(name: string, text: string): CommandLine {
    const argv = parseArgsStringToArgv(text)
    if (argv.length === 0) throw inputError(name, `${quoted(text)} has no command in it.`)
    return { text, argv }
  }

  /** A YAML or JSON map of names to text; keys can never reach an object's prototype. */
  map(name: string, example: string): Map<string, string> {
    const value = this.text(name, { multiline: true, max: 65_536 })
    if (value === '') return new Map()
    let parsed: unknown
    try {
      parsed = parseYaml(value, { maxAliasCount: 10 })
    } catch (error) {
      throw inputError(name, `it is not a YAML or JSON map: ${(error as Error).message.split('\n')[0]}`)
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw inputError(name, `it must be a map of names to values, e.g. ${example}.`)
    const entries = new Map<string, string>()
    for (const key of Object.keys(parsed)) {
      const item = (parsed as Record<string, unknown>)[key]
      if (!/^[A-Za-z_][\w-]{0,99}$/.test(key))
        throw inputError(name, `${quoted(key)} is not a name: use letters, digits, '-' and '_'.`)
      if (item !== null && typeof item === 'object')
        throw inputError(name, `the value of '${key}' must be text, a number or a boolean.`)
      entries.set(key, item === null || item === undefined ? '' : String(item))
    }
    return entries
  }
}
