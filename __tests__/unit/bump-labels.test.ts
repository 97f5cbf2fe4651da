import { describe, expect, it } from 'vitest'
import { bumpLabelsOf, bumpWithLabel } from '../../src/domain/bump-labels.js'
import type { ReleaseType } from '../../src/domain/commits.js'
import type { BumpRequest } from '../../src/domain/next-version.js'

describe('bumpLabelsOf', () => {
  it.each([
    [['release', 'release:minor', 'docs'], { labels: ['release:minor'], bumps: ['minor'] }],
    [
      ['release:major', 'release:patch'],
      { labels: ['release:major', 'release:patch'], bumps: ['major', 'patch'] }
    ],
    [['release:minor', 'release:minor'], { labels: ['release:minor'], bumps: ['minor'] }],
    // A label with the prefix that names no bump is shown, but chooses nothing.
    [['release:huge'], { labels: ['release:huge'], bumps: [] }],
    [['bug'], { labels: [], bumps: [] }]
  ])('%j', (labels, expected) => expect(bumpLabelsOf(labels, 'release:')).toEqual(expected))
})

describe('bumpWithLabel', () => {
  it.each<[BumpRequest, ReleaseType | null, BumpRequest]>([
    [{ kind: 'auto' }, 'major', { kind: 'type', type: 'major' }],
    // The release and its preview read this one rule: a label replaces bump: prerelease too.
    [{ kind: 'prerelease' }, 'minor', { kind: 'type', type: 'minor' }],
    [{ kind: 'type', type: 'patch' }, 'major', { kind: 'type', type: 'patch' }],
    [{ kind: 'exact', version: '3.0.0' }, 'major', { kind: 'exact', version: '3.0.0' }],
    [{ kind: 'auto' }, null, { kind: 'auto' }]
  ])('%j with %s', (requested, label, expected) => expect(bumpWithLabel(requested, label)).toEqual(expected))
})
