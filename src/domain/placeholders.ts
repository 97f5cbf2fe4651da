/** Release facts that deploy-inputs, deploy-ref and commit-message may use as `{name}` placeholders. */
export interface ReleaseFacts {
  version: string
  tag: string
  sha: string
  'previous-version': string
}

export const PLACEHOLDERS: ReadonlyArray<keyof ReleaseFacts> = ['version', 'tag', 'sha', 'previous-version']
const PLACEHOLDER = /\{([a-z-]+)\}/g

/** Placeholders in the text that are not release facts. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)]
    .map(match => match[1]!)
    .filter(name => !PLACEHOLDERS.includes(name as keyof ReleaseFacts))
}

export function fillPlaceholders(text: string, facts: ReleaseFacts): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    name in facts ? facts[name as keyof ReleaseFacts] : whole
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
