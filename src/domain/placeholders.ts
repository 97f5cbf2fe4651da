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
 * named: how any later run recognises the version commit an earlier run made.
 */
export function matchesTemplate(template: string, facts: ReleaseFacts, subject: string): boolean {
  const firstLine = template.split('\n', 1)[0] ?? ''
  const pattern = firstLine
    .split('{sha}')
    .map(part => fillPlaceholders(part, facts).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[0-9a-f]{7,40}')
  return new RegExp(`^${pattern}$`).test(subject.trim())
}
