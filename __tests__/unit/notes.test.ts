import * as prettier from 'prettier'
import { describe, expect, it } from 'vitest'
import { analyseCommits, type SourceCommit } from '../../src/domain/commits.js'
import { renderConventionalNotes, type NotesInput } from '../../src/domain/notes.js'
import { blockMarkdown, inlineMarkdown } from '../../src/domain/notes-markdown.js'
import { seededRandom } from './commit-message-generator.js'
import { realisticRange } from './release-range.js'

const links = { htmlUrl: 'https://github.com/acme/app' }
const sha = (n: number) => String(n).repeat(40).slice(0, 40)
const render = (messages: readonly string[], extra: Partial<NotesInput> = {}) =>
  renderConventionalNotes({
    version: '1.1.0',
    tag: 'v1.1.0',
    previousTag: null,
    commits: analyseCommits(
      messages.map((message, index) => ({ sha: String(index + 1).padStart(40, 'a'), message, parents: 1 }))
    ),
    links,
    ...extra
  })
/** The notes without the commit links, to compare the text. */
const text = (notes: string) => notes.replace(/ \(\[[0-9a-f]{7}\]\([^)]*\)(?:, [^)]*\))*\)/g, '')

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
    const notes = render(['fix: <img src=x onerror=alert(1)> [click](https://evil.example) `$(rm -rf /)`'])
    expect(notes).not.toContain('<img')
    expect(notes).not.toContain('[click](')
    expect(notes).toContain('&lt;img src=x onerror=alert(1)> \\[click\\](https://evil.example) `$(rm -rf /)`')
  })

  it('a realistic range of 40 commits: scopes, reverts, merges, multi-line breaking notes, PRs, code, trailers', async () => {
    const notes = renderConventionalNotes({
      version: '3.0.0',
      tag: 'v3.0.0',
      previousTag: 'v2.7.1',
      commits: analyseCommits(realisticRange),
      links
    })
    expect(realisticRange).toHaveLength(40)
    expect(notes).not.toMatch(/Co-authored-by|Signed-off-by|Reviewed-by|Release-As: 3|Refs: #90|&quot;|&#39;/)
    await expect(notes).toMatchFileSnapshot('__snapshots__/notes-realistic.md')
  })
})

describe('the text reads like a person wrote it', () => {
  it.each([
    ['fix: don\'t "quote" it\'s (really)', `- don't "quote" it's (really)`],
    ['fix: handle snake_case and user_id in a/b', '- handle snake_case and user_id in a/b'],
    ['fix: call `render(<T>)` and `a_b*c`', '- call `render(<T>)` and `a_b*c`'],
    ['fix: ``a ` b`` stays code', '- ``a ` b`` stays code'],
    ['fix: a < b && c > d, 50% off', '- a < b && c > d, 50% off'],
    [
      'fix: tag <details> and </summary> and <!-- x -->',
      '- tag &lt;details> and &lt;/summary> and &lt;!-- x -->'
    ],
    ['fix: [click](https://evil.example) ![x](y)', '- \\[click\\](https://evil.example) !\\[x\\](y)'],
    ['fix: **bold** _em_ ~~gone~~', '- *\\*bold\\*\\* _em\\_ ~\\~gone\\~\\~'],
    ['fix: __init__ and *args', '- _\\_init\\_\\_ and *args'],
    ['fix: costs $5, `$HOME` stays', '- costs \\$5, `$HOME` stays'],
    ['fix: &lt;b&gt; and AT&T', '- &amp;lt;b&amp;gt; and AT&T'],
    ['fix: an unmatched ` backtick', '- an unmatched \\` backtick'],
    ['fix: C:\\path and \\[x\\]', '- C:\\path and \\\\\\[x\\\\\\]'],
    ['fix(a*b): scoped', '- **a\\*b:** scoped'],
    ['fix: bidi \u202eevil\u202c and zero\u200bwidth', '- bidi evil and zerowidth']
  ])('%j', (message, expected) => {
    expect(text(render([message])).split('\n')[2]).toBe(expected)
  })

  it('links every #N of a subject to its pull request, once', () => {
    const notes = render([
      'feat: port #45 and #46 to v2, see #45 (#50)',
      'fix: not &#39;x&#39; nor a/#1 nor C#2 (#3)'
    ])
    expect(notes).toContain(
      '- port [#45](https://github.com/acme/app/pull/45) and [#46](https://github.com/acme/app/pull/46) to v2, ' +
        'see [#45](https://github.com/acme/app/pull/45) ([aaaaaaa](https://github.com/acme/app/commit/' +
        'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1), [#50](https://github.com/acme/app/pull/50))'
    )
    expect(notes).toContain('- not &amp;#39;x&amp;#39; nor a/#1 nor C#2 ([aaaaaaa]')
    expect(notes.match(/\[#50\]/g)).toHaveLength(1)
    expect(notes.match(/\[#3\]/g)).toHaveLength(1)
  })
})

describe('breaking changes', () => {
  it.each([
    [
      'a list stays a list',
      'feat(config)!: one file\n\nBREAKING CHANGE:\n- `branches` is now `release-branches`\n- `bump` is gone\n  - also `bump-type`',
      [
        '- **config:** one file ([aaaaaaa]',
        '  - `branches` is now `release-branches`',
        '  - `bump` is gone',
        '    - also `bump-type`'
      ]
    ],
    [
      'a paragraph stays a paragraph, and the links end it',
      'feat: x\n\nBREAKING CHANGE: the config moved\nto .release.yml.\n\nOld files are ignored.',
      ['- the config moved', '  to .release.yml. ([aaaaaaa]', '', '  Old files are ignored.']
    ],
    [
      'a code block stays code, HTML and all',
      'feat: x\n\nBREAKING CHANGE: new format:\n```yaml\nrelease-branches: <main>\n```\nReviewed-by: Kim',
      ['- new format: ([aaaaaaa]', '  ```yaml', '  release-branches: <main>', '  ```']
    ],
    [
      'an unclosed code block is closed',
      'feat: x\n\nBREAKING CHANGE: new format:\n```\n<script>',
      ['- new format: ([aaaaaaa]', '  ```', '  <script>', '  ```']
    ],
    [
      'no heading, rule or quote can be faked',
      'feat: x\n\nBREAKING CHANGE: see below\n### Features\n---\n> quoted\n::warning::x',
      ['- see below', '  \\### Features', '  \\-\\-\\-', '  \\> quoted', '  \\::warning::x ([aaaaaaa]']
    ],
    [
      'trailers never appear',
      'fix: x\n\nBREAKING CHANGE: a\nCo-authored-by: Jane <j@example.com>\nSigned-off-by: Sam <s@example.com>',
      ['- a ([aaaaaaa]']
    ]
  ])('%s', (_name, message, lines) => {
    const section = render([message]).split('\n\n### ')[0] as string
    const entry = section.replace(/^### ⚠ Breaking changes\n\n/, '').split('\n')
    expect(entry.map(line => line.replace(/\(\[aaaaaaa\].*$/, '([aaaaaaa]'))).toEqual(lines)
  })

  it('a note two commits share is listed once, with both commits', () => {
    const notes = render(['feat: a\n\nBREAKING CHANGE: node 20', 'fix: b\n\nBREAKING CHANGE: node 20'])
    expect(notes.match(/node 20/g)).toHaveLength(1)
    expect(notes).toContain(
      'aaaaaaa1), [aaaaaaa](https://github.com/acme/app/commit/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2))'
    )
  })
})

describe('sections', () => {
  const messages = ['feat: a', 'fix: b', 'perf: c', 'docs: d', 'refactor: e', 'feat!: f']

  it.each([
    ['the defaults', undefined, ['⚠ Breaking changes', 'Features', 'Bug fixes', 'Performance']],
    [
      'documentation added, performance hidden',
      [
        { type: 'feat', section: 'New' },
        { type: 'fix', section: 'Fixed' },
        { type: 'perf', hidden: true },
        { type: 'docs', section: 'Documentation' }
      ],
      ['⚠ Breaking changes', 'New', 'Fixed', 'Documentation']
    ],
    [
      'two types in one section',
      [
        { type: 'fix', section: 'Fixes and polish' },
        { type: 'refactor', section: 'Fixes and polish' },
        { type: 'feat', section: 'Features' }
      ],
      ['⚠ Breaking changes', 'Fixes and polish', 'Features']
    ],
    ['a type without a title is its own title', [{ type: 'docs' }], ['⚠ Breaking changes', 'docs']]
  ] as const)('%s', (_name, sections, titles) => {
    const notes = render(messages, { sections })
    expect([...notes.matchAll(/^### (.*)$/gm)].map(match => match[1])).toEqual(titles)
  })
})

describe('reverts and merges', () => {
  const revertOf = (target: number, header: string) =>
    `Revert "${header}"\n\nThis reverts commit ${String(target).padStart(40, 'a')}.`

  it('a revert of an earlier release gets a Reverts section; a pair in the range appears nowhere', () => {
    const notes = render([
      'feat: kept',
      'feat!: dropped\n\nBREAKING CHANGE: gone',
      revertOf(2, 'feat!: dropped'),
      `Revert "fix(ui): old bug (#8)" (#9)\n\nThis reverts commit ${'f'.repeat(40)}.`,
      `Revert "chore: old chore"\n\nThis reverts commit ${'e'.repeat(40)}.`
    ])
    expect(text(notes)).toBe('### Features\n\n- kept\n\n### Reverts\n\n- fix(ui): old bug\n')
    expect(notes).toContain(
      '[#8](https://github.com/acme/app/pull/8), [#9](https://github.com/acme/app/pull/9))'
    )
  })

  it('links the commits a merge brought in to its pull request, and lists a merge titled like its commit once', () => {
    const source: SourceCommit[] = [
      { sha: 'b1'.padEnd(40, '0'), message: 'feat: search', parents: 1, parentShas: ['0'.repeat(40)] },
      {
        sha: 'm1'.padEnd(40, '0'),
        message: 'Merge pull request #7 from acme/search',
        parents: 2,
        parentShas: ['0'.repeat(40), 'b1'.padEnd(40, '0')]
      },
      {
        sha: 'b2'.padEnd(40, '0'),
        message: 'fix: paging (#21)',
        parents: 1,
        parentShas: ['m1'.padEnd(40, '0')]
      },
      {
        sha: 'm2'.padEnd(40, '0'),
        message: 'fix: paging (#21)',
        parents: 2,
        parentShas: ['m1'.padEnd(40, '0'), 'b2'.padEnd(40, '0')]
      }
    ]
    const notes = renderConventionalNotes({
      version: '1.1.0',
      tag: 'v1.1.0',
      previousTag: null,
      commits: analyseCommits(source),
      links
    })
    expect(notes).toContain('- search ([b100000](https://github.com/acme/app/commit/b1')
    expect(notes).toContain('[#7](https://github.com/acme/app/pull/7))')
    expect(notes.match(/- paging/g)).toHaveLength(1)
    expect(notes.match(/\[#21\]/g)).toHaveLength(1)
    expect(notes).not.toContain('Merge pull request')
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

  it('stay under the size GitHub accepts for a release body', () => {
    const huge = 'x'.repeat(20_000)
    const notes = render(
      Array.from(
        { length: 300 },
        (_, index) => `feat(s${index % 7}): ${huge} ${index}\n\nBREAKING CHANGE: ${huge}`
      )
    )
    expect(notes.length).toBeLessThan(125_000)
    expect(notes).toMatch(/- …and \d+ more/)
  })
})

/** The Markdown syntax tree as a CommonMark parser reads it (prettier's remark). */
async function markdownTree(markdown: string): Promise<MarkdownNode> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const debug = (prettier as any).__debug as {
    parse(text: string, options: object): Promise<{ ast: MarkdownNode }>
  }
  return (await debug.parse(markdown, { parser: 'markdown' })).ast
}

interface MarkdownNode {
  type: string
  value?: string
  url?: string
  children?: MarkdownNode[]
}

const nodes = (node: MarkdownNode): MarkdownNode[] => [node, ...(node.children ?? []).flatMap(nodes)]

describe('rendered by a Markdown parser', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    '[click](https://evil.example) ![pixel](https://evil.example/p.png)',
    '<https://evil.example>',
    '**bold** _em_ ~~gone~~ *a* __b__',
    '&lt;img src=x&gt; &#60;b&#62;',
    'trailing backslash \\',
    '\\[not a link\\](u) \\<b>',
    '`code <b>` and ``double ` code``',
    'don\'t "quote" snake_case a < b'
  ]

  it.each(hostile)('%j shows as the text it is: no HTML, link, image or emphasis', async subject => {
    const notes = render([`fix: ${subject}`])
    const item = nodes(await markdownTree(notes)).find(node => node.type === 'listItem') as MarkdownNode
    const paragraph = item.children?.[0] as MarkdownNode
    const inline = paragraph.children ?? []
    const ours = inline.findIndex(node => node.type === 'text' && node.value?.endsWith(' ('))
    const shown = inline.slice(0, ours + 1)
    const textOf = (node: MarkdownNode) =>
      nodes(node)
        .map(inner => inner.value ?? '')
        .join('')
    // GitHub links a bare URL to itself: that is text it came with.
    const bareLink = (node: MarkdownNode) => node.type === 'link' && node.url === textOf(node)
    const kinds = shown.filter(node => !bareLink(node)).map(node => node.type)
    expect(kinds.filter(type => type !== 'text' && type !== 'inlineCode')).toEqual([])
    const visible = shown
      .map(node => (node.type === 'inlineCode' ? `\`${node.value}\`` : textOf(node)))
      .join('')
    expect(visible.replace(/ \($/, '')).toBe(subject.replace('``double ` code``', '`double ` code`'))
  })
})

describe('random text, rendered by a Markdown parser', () => {
  const random = seededRandom(5)
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T
  const textOf = (node: MarkdownNode) =>
    nodes(node)
      .map(inner => inner.value ?? '')
      .join('')

  it('one line shows exactly as written and makes nothing but text and code', async () => {
    const alphabet = [...'<>ab/!?*_~`[]()\\&#1; $|:-.'.split(''), '<b>', '</a>', '<!--', '&lt;', '&#60;']
    for (let run = 0; run < 1_500; run++) {
      const subject = `a ${Array.from({ length: 1 + Math.floor(random() * 16) }, () => pick(alphabet)).join('')} z`
      const paragraph = nodes(await markdownTree(`- ${inlineMarkdown(subject)} (ref)\n`)).find(
        node => node.type === 'paragraph'
      ) as MarkdownNode
      const inline = paragraph.children ?? []
      expect(inline.map(node => node.type).filter(type => type !== 'text' && type !== 'inlineCode')).toEqual(
        []
      )
      if (!subject.includes('`')) expect(inline.map(textOf).join('')).toBe(`${subject} (ref)`)
    }
  })

  it('several lines keep lists, paragraphs and code, and make no HTML, link, heading, quote or emphasis', async () => {
    // prettier-ignore
    const pieces = [
      '<b>', '<!--', 'a', '*', '_', '~', '`', '```', '~~~', '[x](y)', '![i](u)', '\\', '&lt;', '#', '# ', '1. ', '- ',
      '* ', '> ', '===', '---', '\n', '\n', '\n', '  ', '    ', ':', ' ', '|', '[a]: /x'
    ]
    // Bare URLs are left out: prettier's parser (remark 7) lets them swallow a backslash escape, which
    // GitHub's (cmark-gfm) does not: it links URLs after escapes are read.
    const allowed = new Set(['root', 'list', 'listItem', 'paragraph', 'text', 'inlineCode', 'code', 'break'])
    // A table is the author's, and harmless.
    for (const kind of ['table', 'tableRow', 'tableCell']) allowed.add(kind)
    for (let run = 0; run < 1_500; run++) {
      const note = `intro ${Array.from({ length: 1 + Math.floor(random() * 20) }, () => pick(pieces)).join('')}`
      const [first, ...rest] = blockMarkdown(note)
      const markdown = [`- ${first}`, ...rest.map(line => (line ? `  ${line}` : '')), '- next', ''].join('\n')
      const tree = await markdownTree(markdown)
      expect(nodes(tree).filter(node => !allowed.has(node.type))).toEqual([])
      // The entry stays one item of the list: the next entry is still its sibling.
      expect(tree.children?.map(node => node.type)).toEqual(['list'])
      expect(textOf(tree.children?.[0]?.children?.at(-1) as MarkdownNode)).toBe('next')
    }
  })
})
