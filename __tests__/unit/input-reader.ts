import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> }

/** Every input with its action.yml default, as the runner sets them (the token is always given). */
export const RUNNER_DEFAULTS: Record<string, string> = Object.fromEntries(
  Object.entries(action.inputs).map(([name, spec]) => [
    name,
    name === 'github-token' ? 'token' : (spec.default ?? '')
  ])
)

/** An input reader as the action has on a runner: the values given over every input's default. */
export const inputs =
  (values: Record<string, string>) =>
  (name: string): string =>
    ({ ...RUNNER_DEFAULTS, ...values })[name] ?? ''
