import { describe, expect, it } from 'vitest'
import { higherInLine, isMajorTagName, majorTagsFor, versionOfTag } from '../../src/domain/major-tags.js'
import { moveMajorTag } from '../../src/github/refs.js'

describe('major tags', () => {
  it.each([
    ['v1', 'v', true],
    ['v1.2', 'v', true],
    ['v0', 'v', true],
    ['v10.20', 'v', true],
    ['v1.2.3', 'v', false],
    ['v1.2.3-rc.0', 'v', false],
    ['v01', 'v', false],
    ['v1.02', 'v', false],
    ['v', 'v', false],
    ['latest', 'v', false],
    ['1', '', true],
    ['1.2.3', '', false],
    ['release.1.2', 'release.', true],
    ['release.1.2.3', 'release.', false],
    ['pkg/v1', 'pkg/v', true],
    ['v1', 'pkg/v', false]
  ])('%s with prefix %j is a movable major tag: %s', (name, prefix, movable) => {
    expect(isMajorTagName(name, prefix)).toBe(movable)
  })

  it.each([
    ['1.3.0', { major: true, minor: false }, ['v1']],
    ['1.3.0', { major: true, minor: true }, ['v1', 'v1.3']],
    ['1.3.0', { major: false, minor: true }, ['v1.3']],
    ['0.4.1', { major: true, minor: true }, ['v0', 'v0.4']],
    ['1.3.0', { major: false, minor: false }, []],
    ['1.3.0-rc.0', { major: true, minor: true }, []]
  ])('release %s with %j moves %j', (version, asked, names) => {
    const tags = majorTagsFor(version, 'v', asked)
    expect(tags.map(tag => tag.name)).toEqual(names)
    for (const tag of tags) expect(isMajorTagName(tag.name, 'v')).toBe(true)
  })

  it.each([
    // [tag line, version released now, versions released before, the higher one that keeps the tag, or null]
    ['1', '1.2.5', ['1.2.4', '1.3.0', '2.0.0'], '1.3.0'],
    ['1', '1.3.1', ['1.2.4', '1.3.0', '2.0.0'], null],
    ['1.2', '1.2.5', ['1.2.4', '1.3.0', '2.0.0'], null],
    ['1.2', '1.2.5', ['1.2.6', '1.2.7'], '1.2.7'],
    ['1', '1.2.5', ['1.3.0-rc.0', '11.0.0'], null],
    ['1', '1.2.5', ['1.2.5'], null],
    ['0', '0.4.0', ['0.10.0'], '0.10.0']
  ])('v%s for %s after %j: %s is higher', (line, version, released, higher) => {
    expect(higherInLine({ name: `v${line}`, line }, version, released)).toBe(higher)
  })

  it.each([
    ['v1.2.3', 'v', '1.2.3'],
    ['v1.2', 'v', null],
    ['v1.2.3-rc.1', 'v', '1.2.3-rc.1'],
    ['v01.2.3', 'v', null],
    ['x1.2.3', 'v', null],
    ['1.2.3', '', '1.2.3']
  ])('the tag %s with prefix %j names version %j', (tag, prefix, version) => {
    expect(versionOfTag(tag, prefix)).toBe(version)
  })

  it('refuses to force-move anything but a major or minor tag, before any request', async () => {
    // An Octokit that fails the test if it is ever called.
    const client = {
      octokit: new Proxy({}, { get: () => expect.unreachable('a request was made') }),
      owner: 'acme',
      repo: 'app'
    }
    for (const tag of ['v1.2.3', 'main', 'v1.2.3-rc.0', 'refs/heads/main'])
      await expect(moveMajorTag(client as never, 'v', tag, 'a'.repeat(40))).rejects.toThrow(
        `Refusing to force-move the tag ${tag}: only major and minor tags such as v1 and v1.2 are moved.`
      )
  })
})
