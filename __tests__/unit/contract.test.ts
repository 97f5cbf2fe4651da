import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { INPUT_DEFAULTS } from '../../src/config/defaults.js'
import { readConfig } from '../../src/config/index.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  name: string
  description: string
  author?: string
  branding?: { icon?: string; color?: string }
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}
const readme = readFileSync('README.md', 'utf8')

describe('the action.yml contract', () => {
  it('is what the Marketplace accepts: a description of at most 125 characters, branding, a name', () => {
    expect(action.description.length).toBeLessThanOrEqual(125)
    expect(action.description.length).toBeGreaterThanOrEqual(40)
    expect(action.name).toMatch(/\w/)
    expect(action.author).toMatch(/\w/)
    // The Marketplace's branding colours; the icon is one of Feather's, the set GitHub offers.
    expect(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']).toContain(
      action.branding?.color
    )
    expect(action.branding?.icon).toMatch(/^[a-z][a-z0-9-]*$/)
  })

  it('runs on node24 from the bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('every input and output is described and documented in the README', () => {
    for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) {
      expect(spec.description, name).toMatch(/\w{3,}/)
      expect(readme, `README documents ${name}`).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'))
    }
  })

  it("every default in action.yml is the README table's default, and the generated defaults module agrees", () => {
    const table = readme.slice(readme.indexOf('<!-- inputs:start'), readme.indexOf('<!-- inputs:end'))
    for (const [name, spec] of Object.entries(action.inputs)) {
      const row = new RegExp(`^\\| \`${name}\` +\\| *(\`(.*?)\`)? *\\|`, 'm').exec(table)
      expect(row, `README row for ${name}`).not.toBeNull()
      expect(row?.[2] ?? '', `README default of ${name}`).toBe(spec.default ?? '')
      if (!String(spec.default ?? '').includes('${{'))
        expect(INPUT_DEFAULTS[name] ?? '', `defaults.ts for ${name}`).toBe(spec.default ?? '')
    }
  })

  it('the config reads every input action.yml declares, and no other', () => {
    const read = new Set<string>()
    readConfig(name => {
      read.add(name)
      return name === 'github-token' ? 'token' : ''
    })
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
  })
})
