import { inputError } from '../errors.js'
import { yaml } from '../yaml.js'
import { splitCommandLine } from './command-line.js'
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
/**
 * Characters that break a line or make a value read as something it is not: control characters, format characters
 * (bidi overrides, zero width, BOM, soft hyphen), line and paragraph separators, lone surrogates, and any space
 * other than ' '.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u
/**
 * Text the runner acts on when it is printed: `::command::` at the start of a line, and the older `##[command]`
 * anywhere in one.
 */
const WORKFLOW_COMMAND = /^[ \t]*::[A-Za-z]|##\[/m
/** What RFC 6750 allows in a bearer token; GitHub tokens and API keys are of this form. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/
const MAX_TEXT = 1_000
const MAX_SECRET = 1_024
/** Bounds that keep numbers sane: a day for any wait. */
export const MAX_SECONDS = 86_400
/** A value is shown in a message up to this many characters. */
const SHOWN_LENGTH = 80

/**
 * A value as the user wrote it, made safe to print: shortened, invisible characters written as escapes (`\n`,
 * `\u{202E}`), and workflow-command text broken so that nothing in it can act on the log.
 */
export function shown(raw: string, max = SHOWN_LENGTH): string {
  const characters = Array.from(raw)
  const text = characters.length > max ? `${characters.slice(0, max).join('')}…` : raw
  return text
    .replace(new RegExp(INVISIBLE.source, 'gu'), character => {
      const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
      return escapes[character] ?? `\\u{${character.codePointAt(0)!.toString(16).toUpperCase()}}`
    })
    .replace(/::/g, ':\\u{3A}')
    .replace(/##\[/g, '#\\u{23}[')
}

/** A value as the user wrote it, quoted for an error message (see `shown`). */
export function quoted(raw: string): string {
  return `'${shown(raw)}'`
}

/** Refuses control and invisible characters (tabs aside) and workflow-command text, without echoing the value. */
export function checkPlainText(name: string, value: string, { multiline = false } = {}): void {
  const lines = multiline ? value.split(/\r?\n/) : [value]
  if (lines.some(line => INVISIBLE.test(line.replace(/\t/g, ' '))))
    throw inputError(
      name,
      `it contains ${multiline ? 'control' : 'line breaks, control'} or invisible characters (such as bidi or zero-width ones). Type the value plainly.`
    )
  if (WORKFLOW_COMMAND.test(value))
    throw inputError(
      name,
      'it contains workflow-command syntax (a line starting with two colons, or two hashes and a bracket), which the runner would act on when the value is logged. Remove it.'
    )
}

/**
 * The action's inputs, typed. A value left empty means the input's default from action.yml (the runner sets that
 * default when the workflow gives none; an expression such as `${{ inputs.bump }}` that is empty on a schedule
 * means the same). Inputs whose empty value means something (`tag-prefix`) are read with `fallback: false`.
 */
export class Inputs {
  constructor(private readonly read: InputReader) {}

  /** Trimmed text, or the input's default when empty; refuses control and invisible characters, and command text. */
  text(name: string, { multiline = false, max = MAX_TEXT, fallback = true } = {}): string {
    const given = this.read(name).trim()
    const value = given || (fallback ? (INPUT_DEFAULTS[name] ?? '') : '')
    checkPlainText(name, value, { multiline })
    if (value.length > max) throw inputError(name, `it is ${value.length} characters long; at most ${max}.`)
    return value
  }

  /**
   * A token or key: one bearer token (RFC 6750 characters), or '' when empty. The value is never part of a message,
   * and a line break can neither split the Authorization header nor the log mask.
   */
  secret(name: string): string {
    const value = this.read(name).trim()
    if (value.length > MAX_SECRET)
      throw inputError(
        name,
        `it is longer than ${MAX_SECRET} characters. Pass the value alone, from a secret.`
      )
    if (value !== '' && !BEARER_TOKEN.test(value))
      throw inputError(
        name,
        'it contains white space, line breaks or other characters a token never has. Pass the value alone, from a secret.'
      )
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

  /** Items separated by commas or new lines, each at most `maxItem` characters. */
  list(name: string, maxItem = 255): string[] {
    const items = this.text(name, { multiline: true, max: 10_000 })
      .split(/[\n,]/)
      .map(item => item.trim())
      .filter(Boolean)
    // An item may be logged on its own line.
    for (const item of items) checkPlainText(name, item)
    const long = items.find(item => item.length > maxItem)
    if (long !== undefined)
      throw inputError(
        name,
        `${quoted(long)} is ${long.length} characters long; at most ${maxItem} per item.`
      )
    return items
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

  /**
   * An https URL (http only for this machine) without credentials, query or fragment, and without a trailing
   * slash; null when empty.
   */
  url(name: string, example: string): string | null {
    const value = this.text(name)
    if (value === '') return null
    // Checked before anything is quoted: a URL with credentials in it is never echoed.
    if (/^[^:/?#]*:\/\/[^/?#]*@/.test(value))
      throw inputError(name, 'it must not carry credentials; pass the key in its own input from a secret.')
    const url = /\s/.test(value) || !URL.canParse(value) ? null : new URL(value)
    if (!url) throw inputError(name, `${quoted(value)} is not a URL such as ${example}.`)
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw inputError(name, `${quoted(value)} must be an https URL such as ${example}.`)
    if (!HOSTNAME.test(url.hostname))
      throw inputError(name, `${quoted(value)} does not name a host, such as ${example}.`)
    if (url.protocol === 'http:' && !isLoopback(url.hostname))
      throw inputError(
        name,
        `${quoted(value)} would send the key unencrypted: use https:// (http:// is accepted only for localhost).`
      )
    if (url.search !== '' || url.hash !== '' || value.endsWith('?') || value.endsWith('#'))
      throw inputError(name, `${quoted(value)} must be a base URL, without '?' or '#', such as ${example}.`)
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
  }

  /** A path inside the repository, or null when empty (or `none`). */
  path(name: string, example: string): string | null {
    const value = this.text(name, { max: 255 })
    if (value === '' || value.toLowerCase() === 'none') return null
    const parts = value.split('/')
    if (
      value.startsWith('/') ||
      value.startsWith('~') ||
      parts.some(part => part === '..' || part === '.' || part === '' || part.toLowerCase() === '.git')
    ) {
      throw inputError(
        name,
        `${quoted(value)} must be a relative path inside the repository, not under .git, such as ${example}.`
      )
    }
    if (/^\.github\/workflows\//i.test(value))
      throw inputError(
        name,
        `${quoted(value)} is a workflow file; the action never reads or writes those as ${name}.`
      )
    if (parts.some(part => part.startsWith('-')))
      throw inputError(
        name,
        `${quoted(value)} has a part that starts with '-'; give a file's path such as ${example}.`
      )
    // Nothing fills placeholders or expands globs in a path, and these characters are not portable in file names.
    const odd = /[\\{}*?[\]"'<>|:;&$`]/.exec(value)
    if (odd)
      throw inputError(
        name,
        `${quoted(value)} has '${odd[0]}' in it: give the file's path as it is, such as ${example} (no placeholders or patterns).`
      )
    return value
  }

  /** A command line, split into argv as a shell would split it, but run without one. */
  command(name: string, text: string): CommandLine {
    if (text.length > MAX_TEXT)
      throw inputError(name, `a command of ${text.length} characters; at most ${MAX_TEXT} each.`)
    const split = splitCommandLine(text)
    if ('problem' in split) throw inputError(name, `${quoted(text)} ${split.problem}`)
    return { text, argv: split.argv }
  }

  /** A YAML or JSON map of names to text; keys can never reach an object's prototype. */
  map(name: string, example: string): Map<string, string> {
    const value = this.text(name, { multiline: true, max: 65_536 })
    if (value === '') return new Map()
    const parsed = parseYaml(value, said => inputError(name, `it is not a YAML or JSON map: ${said}`))
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw inputError(name, `it must be a map of names to values, e.g. ${example}.`)
    const entries = new Map<string, string>()
    for (const key of Object.keys(parsed)) {
      const item = (parsed as Record<string, unknown>)[key]
      if (!/^[A-Za-z_][\w-]{0,99}$/.test(key))
        throw inputError(name, `${quoted(key)} is not a name: use letters, digits, '-' and '_'.`)
      // Such a key is harmless here, but not in every object it may be copied into later.
      if (key === '__proto__' || key === 'constructor' || key === 'prototype')
        throw inputError(name, `'${key}' is not allowed as a name.`)
      if (item !== null && typeof item === 'object')
        throw inputError(name, `the value of '${key}' must be text, a number or a boolean.`)
      const text = item === null || item === undefined ? '' : String(item)
      checkPlainText(name, text, { multiline: true })
      entries.set(key, text)
    }
    return entries
  }
}

/** A DNS name (labels of letters, digits and inner '-') or an IP address, as URL writes them. */
const HOSTNAME = /^(?:(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*|\[[0-9a-f:.]+\])$/

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/**
 * YAML (or JSON) as an input holds it: duplicate keys, any warning and more than 10 aliases refused; `refuse` makes
 * the error from the first problem, shown on one line.
 */
export function parseYaml(text: string, refuse: (problem: string) => Error): unknown {
  try {
    const document = yaml().parseDocument(text, { uniqueKeys: true })
    const problem = document.errors[0] ?? document.warnings[0]
    if (problem) throw problem
    return document.toJS({ maxAliasCount: 10 })
  } catch (error) {
    throw refuse(shown(String((error as Error).message).split('\n')[0] ?? '', 200))
  }
}
