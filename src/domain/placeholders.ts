import type { ReleaseFacts } from './release-facts.js'

/** The `{name}` placeholders that deploy-inputs, deploy-ref and commit-message may use. */
export const PLACEHOLDERS = ['version', 'tag', 'sha', 'previous-version'] as const
type Placeholder = (typeof PLACEHOLDERS)[number]

const PLACEHOLDER = /\{([a-z-]+)\}/g

function valueOf(name: Placeholder, facts: ReleaseFacts): string {
  return name === 'previous-version' ? (facts.previousVersion ?? '') : facts[name]
}

/** Placeholders in the text that are not release facts. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)]
    .map(match => match[1] as string)
    .filter(name => !PLACEHOLDERS.includes(name as Placeholder))
}

export function fillPlaceholders(text: string, facts: ReleaseFacts): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    PLACEHOLDERS.includes(name as Placeholder) ? valueOf(name as Placeholder, facts) : whole
  )
}

export function fillInputs(
  inputs: Readonly<Record<string, string>>,
  facts: ReleaseFacts
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [name, fillPlaceholders(value, facts)])
  )
}

/**
 * Whether a commit subject is the first line of the template filled with these facts, whatever commit `{sha}`
 * named: how any later run recognises the version commit an earlier run made. `among` is for a monorepo's version
 * commit, whose `{tag}` lists every package it released (`api@1.2.0, web@2.0.1`, see `joinedFacts`): the subject
 * matches when the list holds this release's tag, whatever the versions around it.
 */
export function matchesTemplate(
  template: string,
  facts: ReleaseFacts,
  subject: string,
  { among = false } = {}
): boolean {
  const firstLine = template.split('\n', 1)[0] ?? ''
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = firstLine.replace(/\{([a-z-]+)\}|[^{]+|\{/g, (part, name?: string) => {
    if (name === 'sha') return '[0-9a-f]{7,40}'
    if (!among || name === undefined || !PLACEHOLDERS.includes(name as Placeholder))
      return escape(fillPlaceholders(part, facts))
    if (name === 'tag') return `(?:[^,]+, )*${escape(facts.tag)}(?:, [^,]+)*`
    return '[^]*?'
  })
  return new RegExp(`^${pattern}$`).test(subject.trim())
}

/** The facts of several releases made by one commit, as its message names them: each list joined with ", ". */
export function joinedFacts(all: readonly ReleaseFacts[]): ReleaseFacts {
  const join = (values: Array<string | null>) => values.map(value => value ?? '-').join(', ')
  const first = all[0]
  if (!first) throw new Error('joinedFacts needs at least one release')
  return {
    ...first,
    version: join(all.map(facts => facts.version)),
    tag: join(all.map(facts => facts.tag)),
    previousVersion: join(all.map(facts => facts.previousVersion))
  }
}
