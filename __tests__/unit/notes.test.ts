import { describe, expect, it } from 'vitest'
import { analyseCommits } from '../../src/domain/commits.js'
import { escapeMarkdown } from '../../src/domain/markdown.js'
import { renderConventionalNotes } from '../../src/domain/notes.js'

const links = { htmlUrl: 'https://github.com/acme/app' }
const sha = (n: number) => String(n).repeat(40).slice(0, 40)

describe('renderConventionalNotes', () => {
  it('groups breaking changes, features, fixes and performance, with commit, PR and compare links', async () => {
    const commits = analyseCommits([
      { sha: sha(1), message: 'feat(api): add search (#12)', parents: 1 },
      { sha: sha(2), message: 'fix: crash when empty', parents: 1 },
      { sha: sha(3), message: 'perf: cache lookups', parents: 1 },
      {
        sha: sha(4),
        message: 'feat!: drop the v1 endpoints\n\nBREAKING CHANGE: /v1 is gone, use /v2',
        parents: 1
      },
      { sha: sha(5), message: 'chore: tidy', parents: 1 }
    ])
    await expect(
      renderConventionalNotes({ version: '2.0.0', tag: 'v2.0.0', previousTag: 'v1.4.0', commits, links })
    ).toMatchFileSnapshot('__snapshots__/notes-conventional.md')
  })

  it('says so when there is nothing user-facing', () => {
    const commits = analyseCommits([{ sha: sha(1), message: 'chore: tidy', parents: 1 }])
    expect(
      renderConventionalNotes({ version: '0.1.0', tag: 'v0.1.0', previousTag: null, commits, links })
    ).toBe('No user-facing changes.\n')
  })

  it('keeps hostile commit text inert', () => {
    const commits = analyseCommits([
      {
        sha: sha(6),
        message: 'fix: <img src=x onerror=alert(1)> [click](https://evil.example) `$(rm -rf /)`',
        parents: 1
      }
    ])
    const notes = renderConventionalNotes({
      version: '1.0.1',
      tag: 'v1.0.1',
      previousTag: 'v1.0.0',
      commits,
      links
    })
    expect(notes).not.toContain('<img')
    expect(notes).not.toContain('[click](')
    expect(notes).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;')
  })
})

describe('escapeMarkdown', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a <b> & "c"', 'a &lt;b&gt; &amp; &quot;c&quot;'],
    ['[x](y)', '\\[x\\]\\(y\\)'],
    ['**bold** _i_ `code` | pipe', '\\*\\*bold\\*\\* \\_i\\_ \\`code\\` \\| pipe'],
    ['![img](u)', '\\!\\[img\\]\\(u\\)'],
    ['two\nlines', 'two lines']
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected)
  })
})

describe('long histories', () => {
  it('list at most 100 entries a section and point to the compare link for the rest', () => {
    const commits = analyseCommits(
      Array.from({ length: 250 }, (_, index) => ({
        sha: String(index).padStart(40, '0'),
        message: `fix: fix ${index}`,
        parents: 1
      }))
    )
    const notes = renderConventionalNotes({
      version: '1.1.0',
      tag: 'v1.1.0',
      previousTag: 'v1.0.0',
      commits,
      links
    })
    expect(notes.match(/^- fix \d+/gm)).toHaveLength(100)
    expect(notes).toContain(
      '- …and 150 more\n\n**Full changelog**: https://github.com/acme/app/compare/v1.0.0...v1.1.0'
    )
  })
})
