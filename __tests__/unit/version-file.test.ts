import { describe, expect, it } from 'vitest'
import {
  parseVersionFile,
  prependChangelog,
  writePackageLock,
  writeVersionFile
} from '../../src/domain/version-file.js'

describe('version files', () => {
  it.each([
    ['package.json', '{\n  "name": "a",\n  "version": "1.2.3"\n}\n', '1.2.3'],
    ['VERSION', '1.2.3\n', '1.2.3'],
    ['VERSION', 'v2.0.0-rc.1\n', '2.0.0-rc.1'],
    ['VERSION', 'not a version\n', null],
    ['package.json', '{"name": "a"}', null],
    ['package.json', '{broken', null]
  ])('%s %j holds %s', (path, text, version) => {
    expect(parseVersionFile(path, text)).toBe(version)
  })

  it.each([
    [
      'two spaces and a newline',
      '{\n  "name": "a",\n  "version": "1.0.0"\n}\n',
      '{\n  "name": "a",\n  "version": "1.1.0"\n}\n'
    ],
    [
      'four spaces',
      '{\n    "version": "1.0.0",\n    "private": true\n}\n',
      '{\n    "version": "1.1.0",\n    "private": true\n}\n'
    ],
    ['tabs, no final newline', '{\n\t"version": "1.0.0"\n}', '{\n\t"version": "1.1.0"\n}'],
    ['CRLF', '{\r\n  "version": "1.0.0"\r\n}\r\n', '{\r\n  "version": "1.1.0"\r\n}\r\n']
  ])('package.json keeps its formatting: %s', (_name, before, after) => {
    expect(writeVersionFile('package.json', before, '1.1.0')).toBe(after)
  })

  it('a VERSION file keeps its v prefix and the rest of the file', () => {
    expect(writeVersionFile('VERSION', 'v1.0.0\n', '1.1.0')).toBe('v1.1.0\n')
    expect(writeVersionFile('VERSION', '1.0.0\n# released by CI\n', '1.1.0')).toBe(
      '1.1.0\n# released by CI\n'
    )
  })

  it('package-lock.json gets the root version in both places', () => {
    const lock =
      '{\n  "name": "a",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "packages": {\n    "": { "name": "a", "version": "1.0.0" },\n    "node_modules/x": { "version": "1.0.0" }\n  }\n}\n'
    const written = JSON.parse(writePackageLock(lock, '1.1.0'))
    expect([
      written.version,
      written.packages[''].version,
      written.packages['node_modules/x'].version
    ]).toEqual(['1.1.0', '1.1.0', '1.0.0'])
  })

  it.each([
    [null, '# Changelog\n\n## 1.1.0\n\n- x\n'],
    ['# Changelog\n\n## 1.0.0\n\n- first\n', '# Changelog\n\n## 1.1.0\n\n- x\n\n## 1.0.0\n\n- first\n'],
    ['## 1.0.0\n\n- first\n', '## 1.1.0\n\n- x\n\n## 1.0.0\n\n- first\n']
  ])('the changelog gets the new section on top: %j', (before, after) => {
    expect(prependChangelog(before, '## 1.1.0', '- x\n')).toBe(after)
  })
})
