// Generates what action.yml is the one source of: the README's input and output tables and src/config/defaults.ts.
// `npm run docs` writes them; `npm run docs -- --check` fails when a committed copy differs (CI runs it).
import { readFileSync, writeFileSync } from 'node:fs'
import { format } from 'prettier'
import { parse } from 'yaml'

interface ActionYml {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml
const prettierConfig = JSON.parse(readFileSync('.prettierrc.json', 'utf8')) as Record<string, unknown>

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
const code = (text: string) => (text === '' ? '' : `\`${text}\``)

function inputsTable(): string {
  const rows = Object.entries(action.inputs).map(
    ([name, spec]) => `| \`${name}\` | ${code(spec.default ?? '')} | ${cell(spec.description)} |`
  )
  return ['| Input | Default | Description |', '| --- | --- | --- |', ...rows].join('\n')
}

function outputsTable(): string {
  const rows = Object.entries(action.outputs).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`
  )
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n')
}

function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start (generated from action.yml by npm run docs) -->`
  const end = `<!-- ${marker}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`)
  return `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`
}

function defaultsModule(): string {
  // Expression defaults (${{ github.token }}) are evaluated by the runner; they have no meaning here.
  const entries = Object.entries(action.inputs)
    .filter(([, spec]) => (spec.default ?? '') !== '' && !String(spec.default).includes('${{'))
    .map(([name, spec]) => `  '${name}': ${JSON.stringify(String(spec.default))}`)
  return [
    '// Generated from action.yml by `npm run docs`; do not edit. action.yml is the one source of defaults.',
    '',
    '/** The default of each input whose default is a plain value. */',
    'export const INPUT_DEFAULTS: Readonly<Record<string, string>> = {',
    entries.join(',\n'),
    '}',
    ''
  ].join('\n')
}

const readme = readFileSync('README.md', 'utf8')
const generated: Array<[string, string]> = [
  [
    'README.md',
    await format(replaceBetween(replaceBetween(readme, 'inputs', inputsTable()), 'outputs', outputsTable()), {
      ...prettierConfig,
      parser: 'markdown'
    })
  ],
  ['src/config/defaults.ts', await format(defaultsModule(), { ...prettierConfig, parser: 'typescript' })]
]

const check = process.argv.includes('--check')
let stale = 0
for (const [path, text] of generated) {
  if (readFileSync(path, 'utf8') === text) continue
  if (check) {
    console.error(`${path} is out of date with action.yml: run 'npm run docs' and commit it.`)
    stale++
  } else {
    writeFileSync(path, text)
    console.log(`wrote ${path}`)
  }
}
if (stale > 0) process.exitCode = 1
else if (check) console.log('README.md and src/config/defaults.ts match action.yml.')
