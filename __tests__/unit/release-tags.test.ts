import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import { afterExistingPrereleases, makeLatestFor, releaseTags } from '../../src/domain/release-tags.js'
import { inputs } from './input-reader.js'

describe('release tags', () => {
  it('are the prefix and a version, nothing else, highest first', () => {
    const tags = ['v1.0.0', 'v1.2.0-rc.1', 'v1.1.0', 'v1.1', 'release-1.3.0', 'v01.0.0', 'v2.0.0+build'].map(
      name => ({
        name,
        sha: name
      })
    )
    expect(releaseTags(tags, 'v').map(tag => tag.name)).toEqual(['v1.2.0-rc.1', 'v1.1.0', 'v1.0.0'])
    expect(releaseTags(tags, '').map(tag => tag.name)).toEqual([])
  })

  it.each([
    ['1.2.0-rc.1', ['1.2.0-rc.0'], '1.2.0-rc.1'],
    ['1.2.0-rc.1', ['1.2.0-rc.0', '1.2.0-rc.1', '1.2.0-rc.4'], '1.2.0-rc.5'],
    ['1.2.0-rc.0', ['1.2.0-beta.3', '1.3.0-rc.2'], '1.2.0-rc.0'],
    ['1.2.0', ['1.2.0-rc.3'], '1.2.0']
  ])('a pre-release number is never reused: %s with %j → %s', (version, existing, expected) => {
    expect(afterExistingPrereleases(version, existing)).toBe(expected)
  })

  it('a pre-release is never marked latest', () => {
    expect(makeLatestFor('1.2.0-rc.0', 'true')).toBe('false')
    expect(makeLatestFor('1.2.0', 'legacy')).toBe('legacy')
  })
})

describe('release-notes-types', () => {
  it('reads the preset-style list', () => {
    const config = readConfig(
      inputs({ 'release-notes-types': '- type: feat\n  section: New\n- {type: chore, hidden: true}' })
    )
    expect(config.releaseNotesTypes).toEqual([
      { type: 'feat', section: 'New' },
      { type: 'chore', hidden: true }
    ])
    expect(readConfig(inputs({})).releaseNotesTypes).toBeNull()
  })

  it.each([
    ['{feat: Features}', 'must be a list'],
    ['- {section: Features}', 'needs a type'],
    ['- {type: feat}', 'needs a section title, or hidden: true'],
    ['- {type: feat, section: Features, emoji: x}', 'use type, section and hidden'],
    ['- {type: feat, hidden: maybe}', 'hidden is true or false'],
    ['- {type: feat, section: "<img src=x>"}', 'section is a title']
  ])('refuses %j by name', (value, message) => {
    expect(() => readConfig(inputs({ 'release-notes-types': value }))).toThrow(
      new RegExp(`Invalid input 'release-notes-types'.*${message.replace(/[()]/g, '\\$&')}`)
    )
  })
})
