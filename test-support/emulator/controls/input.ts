import { HttpError } from '../http.js'

/** A control's JSON body, read field by field: a missing or wrong field is a 422 that names it. */
export class ControlBody {
  constructor(
    private readonly fields: Record<string, unknown>,
    /** The control, for messages: "POST /_emulator/repos/acme/app/pulls". */
    private readonly control: string
  ) {}

  static parse(raw: Buffer, control: string): ControlBody {
    if (raw.length === 0) return new ControlBody({}, control)
    let parsed: unknown
    try {
      parsed = JSON.parse(raw.toString('utf8'))
    } catch {
      throw new HttpError(400, `${control}: the body is not JSON`)
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new HttpError(400, `${control}: the body must be a JSON object`)
    return new ControlBody(parsed as Record<string, unknown>, control)
  }

  get raw(): Record<string, unknown> {
    return this.fields
  }

  /** Refuses fields the control does not know, so a typo is not silently ignored. */
  only(...names: string[]): this {
    const unknown = Object.keys(this.fields).filter(name => !names.includes(name))
    if (unknown.length > 0)
      throw this.wrong(
        `unknown field ${unknown.map(name => `'${name}'`).join(', ')}; accepted: ${names.join(', ')}`
      )
    return this
  }

  string(name: string): string {
    const value = this.optionalString(name)
    if (value === undefined) throw this.wrong(`'${name}' is required (a non-empty string)`)
    return value
  }

  optionalString(name: string): string | undefined {
    const value = this.fields[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string' || value === '') throw this.wrong(`'${name}' must be a non-empty string`)
    return value
  }

  oneOf<T extends string>(name: string, accepted: readonly T[]): T {
    const value = this.optionalOneOf(name, accepted)
    if (value === undefined) throw this.wrong(`'${name}' is required: one of ${accepted.join(', ')}`)
    return value
  }

  optionalOneOf<T extends string>(name: string, accepted: readonly T[]): T | undefined {
    const value = this.fields[name]
    if (value === undefined || value === null) return undefined
    if (!accepted.includes(value as T))
      throw this.wrong(`'${name}' must be one of ${accepted.join(', ')} (got ${JSON.stringify(value)})`)
    return value as T
  }

  strings(name: string): string[] | undefined {
    const value = this.fields[name]
    if (value === undefined) return undefined
    if (!Array.isArray(value) || value.some(item => typeof item !== 'string' || item === ''))
      throw this.wrong(`'${name}' must be a list of non-empty strings`)
    return value as string[]
  }

  optionalNumber(name: string, minimum = 0): number | undefined {
    const value = this.fields[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum)
      throw this.wrong(`'${name}' must be a number, ${minimum} or more`)
    return value
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.fields[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'boolean') throw this.wrong(`'${name}' must be true or false`)
    return value
  }

  /** A field that is itself an object, read the same way; its messages name it. */
  optionalObject(name: string): ControlBody | undefined {
    const value = this.fields[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'object' || Array.isArray(value)) throw this.wrong(`'${name}' must be a JSON object`)
    return new ControlBody(value as Record<string, unknown>, `${this.control}, ${name}`)
  }

  wrong(problem: string): HttpError {
    return new HttpError(422, `${this.control}: ${problem}`)
  }
}
