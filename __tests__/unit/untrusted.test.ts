import * as prettier from 'prettier'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { escapeMarkdown, link } from '../../src/domain/markdown.js'
import {
  CUT,
  cutToBytes,
  sanitiseMarkdownDocument,
  untrusted,
  utf8Length
} from '../../src/domain/untrusted.js'
import { commandEnv, LineSplitter, runCommand } from '../../src/run-command.js'

/**
 * What the runner would act on in a line, as its ActionCommandManager reads it: `::name …::` after leading blanks
 * (TryParseV2), else `##[name …]` anywhere (TryParse). Stricter than the runner: any name counts.
 */
function commandIn(line: string): string | null {
  const trimmed = line.trimStart()
  if (trimmed.startsWith('::') && trimmed.indexOf('::', 2) > 0) return trimmed
  const legacy = line.indexOf('##[')
  if (legacy >= 0 && line.indexOf(']', legacy) > 0) return line.slice(legacy)
  return null
}

/** Lines as the runner splits a stream: at `\n`, `\r\n` and a lone `\r`. */
const runnerLines = (text: string) => text.split(/\r\n|\r|\n/)

const commandsIn = (text: string) => runnerLines(text).flatMap(line => commandIn(line) ?? [])

const ZWSP = /\u200b/g

describe('untrusted: plain text for the log, annotations and outputs', () => {
  it.each([
    ['a legacy set-output', '##[set-output name=x;]1', '##[set-output name=x;]1'],
    ['a legacy command mid-line', 'fix: thing ##[add-mask]secret', 'fix: thing ##[add-mask]secret'],
    ['add-mask', '::add-mask::x', '::add-mask::x'],
    ['stop-commands, legacy', '##[stop-commands]t', '##[stop-commands]t'],
    ['stop-commands', '::stop-commands::t', '::stop-commands::t'],
    ["core's escaped line feed", '%0A::error::x', '%0A::error::x'],
    ['mixed case', '##[Error]x ##[ERROR]y', '##[Error]x ##[ERROR]y'],
    ['three hashes', '###[warning]x', '###[warning]x'],
    ['three colons', ':::error::x', ':::error::x'],
    ['after blanks', '  \t::warning::x', '  \t::warning::x'],
    ['after a no-break space', '\u00a0::warning::x', '\u00a0::warning::x'],
    ['after an em space', '\u2003::warning::x', '\u2003::warning::x'],
    ['on the second line', 'subject\n::set-output name=x::y', 'subject\n::set-output name=x::y'],
    ['after a lone carriage return', 'subject\r::error::x', 'subject\n::error::x'],
    ['after CR LF', 'subject\r\n::error::x', 'subject\n::error::x'],
    ['behind a zero-width space', '\u200b::error::x', '::error::x'],
    ['behind a byte order mark', '\ufeff::error::x', '::error::x'],
    ['behind a NUL', '\u0000::error::x', '::error::x'],
    ['behind a colour', '\u001b[31m::error::x\u001b[0m', '::error::x'],
    ['split by a zero-width space', '#\u200b#[set-output name=x;]v', '##[set-output name=x;]v'],
    ['split by a control character', '##\u0007[add-mask]x', '##[add-mask]x'],
    ['split by a bidi override', ':\u202e:error::x', '::error::x']
  ])('%s stays text: %j', (_name, hostile, visible) => {
    const safe = untrusted(hostile)
    expect(commandsIn(safe)).toEqual([])
    expect(safe).not.toContain('##[')
    // Nothing visible is lost: only zero-width spaces were added.
    expect(safe.replace(ZWSP, '')).toBe(visible)
  })

  it("breaks core's escapes for whoever builds a command from the text", () => {
    const safe = untrusted('a%0Ab%0dc%25d')
    expect(safe).not.toMatch(/%0a|%0d|%25/i)
    expect(safe.replace(ZWSP, '')).toBe('a%0Ab%0dc%25d')
  })

  it('removes control, bidi and zero-width characters and terminal escapes, but keeps tabs, line feeds and joiners', () => {
    const text =
      'tab\there\u0000\u0008\u007f\u0085\u009b bidi:\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069 ' +
      'hidden:\u200b\u2060\ufeff 👩\u200d💻 \u001b[1;31mbold red\u001b[0m \u001b]0;title\u0007 \u001b]8;;https://x\u001b\\link'
    expect(untrusted(text)).toBe('tab\there bidi: hidden: 👩\u200d💻 bold red  link')
  })

  it('caps a line at 4096 characters with a visible marker, and a whole text when asked', () => {
    const line = untrusted('x'.repeat(1_000_000))
    expect(line).toBe('x'.repeat(4096) + CUT)
    expect(CUT).toBe('…(cut)')
    expect(untrusted('short\n' + 'y'.repeat(5000))).toBe('short\n' + 'y'.repeat(4096) + CUT)
    expect(untrusted('a\nb\nc\nd', { maxLength: 3 })).toBe('a\nb\n…(cut: 2 more lines)')
    expect(untrusted('one\ntwo', { singleLine: true })).toBe('one two')
  })

  it('never splits a surrogate pair when it cuts', () => {
    const cut = untrusted('x'.repeat(4095) + '😀😀')
    expect(cut).toBe('x'.repeat(4095) + CUT)
  })

  it('takes linear time: a 1 MB line of anything is done at once', () => {
    const inputs = [
      ':'.repeat(1_000_000),
      '##['.repeat(350_000),
      ' '.repeat(1_000_000) + '::x',
      '\u001b['.repeat(500_000),
      '\u001b[' + '0'.repeat(1_000_000),
      '\u001b]' + 'x'.repeat(1_000_000),
      '%0A'.repeat(350_000),
      '<'.repeat(1_000_000),
      '<!--'.repeat(250_000),
      '&#'.repeat(500_000),
      '\r'.repeat(1_000_000),
      '\n'.repeat(1_000_000)
    ]
    for (const input of inputs) {
      expect(commandsIn(untrusted(input))).toEqual([])
      expect(sanitiseMarkdownDocument(input)).not.toMatch(/<[A-Za-z/!?]/)
      expect(escapeMarkdown(input).length).toBeLessThan(5 * 4096 + 10)
    }
  })
})

/** The Markdown syntax tree, as a CommonMark parser with GFM tables reads it (prettier's remark). */
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

function nodes(node: MarkdownNode): MarkdownNode[] {
  return [node, ...(node.children ?? []).flatMap(nodes)]
}

/**
 * The node types under the last node of `type`, and the text it shows. A bare URL or e-mail address is linked
 * by GitHub (GFM autolinks); such a link shows its target as its text, so it counts as text.
 */
async function rendered(markdown: string, type: string): Promise<{ types: string[]; text: string }> {
  const cell = nodes(await markdownTree(markdown)).findLast(node => node.type === type)!
  const inside = nodes(cell).slice(1)
  const textOf = (node: MarkdownNode) =>
    nodes(node)
      .map(inner => inner.value ?? '')
      .join('')
  const bareLink = (node: MarkdownNode) =>
    node.type === 'link' && (node.url === textOf(node) || node.url === `mailto:${textOf(node)}`)
  return {
    types: [...new Set(inside.filter(node => !bareLink(node)).map(node => node.type))],
    text: inside.map(node => node.value ?? '').join('')
  }
}

describe('escapeMarkdown: one line of untrusted text in Markdown', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a <b> & "c"', 'a &lt;b> & "c"'],
    ['[x](y)', '\\[x\\](y)'],
    ['![img](u)', '!\\[img\\](u)'],
    ['**bold** _i_ `code` | pipe', '\\*\\*bold\\*\\* \\_i\\_ \\`code\\` \\| pipe'],
    ['snake_case_name', 'snake_case_name'],
    ['~~struck~~ $x^2$', '\\~\\~struck\\~\\~ \\$x^2\\$'],
    ['# heading', '\\# heading'],
    ['> quote', '\\> quote'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['a -> b, a < b, R&D, x >= 1', 'a -> b, a < b, R&D, x >= 1'],
    ['&lt; &#60; &#x3C; &amp', '&amp;lt; &amp;#60; &amp;#x3C; &amp;amp'],
    [
      '<https://evil.example> <!-- c --> <?x?> </p>',
      '&lt;https://evil.example> &lt;!-- c --> &lt;?x?> &lt;/p>'
    ],
    ['C:\\path\\', 'C:\\\\path\\\\'],
    ['two\nlines', 'two lines'],
    ['::set-output name=x::y', '\\::set-output name=x::y'],
    ['##[set-output name=x;]y', '##\\[set-output name=x;\\]y'],
    ['## heading', '\\## heading'],
    ['1.3.2 → 1.4.0', '1.3.2 → 1.4.0'],
    ['--flag', '--flag'],
    ['---', '\\---'],
    ['+ item', '\\+ item'],
    ['>quote', '\\>quote'],
    ['#hashtag', '#hashtag']
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected)
  })

  const hostile = [
    '<img src=x onerror=alert(1)>',
    '<<img src=x onerror=alert(1)>img src=y onerror=alert(2)>',
    '<scr<script>ipt>alert(1)</script>',
    '<IMG SRC=x OnError=alert(1)>',
    '<svg/onload=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    '[click](https://evil.example) ![pixel](https://evil.example/p.png)',
    '<https://evil.example> <evil@example.com>',
    '**bold** _em_ `code` ~~gone~~ a|b',
    '# heading',
    '### heading',
    '1) item',
    '> quote',
    '- - -',
    '===',
    '&lt;img src=x onerror=alert(1)&gt; &#60;b&#62;',
    'trailing backslash \\',
    '\\[not a link\\](u)'
  ]

  it.each(hostile)('renders %j as the same text, in a table cell and a list item', async text => {
    for (const [markdown, type] of [
      [`| a |\n| --- |\n| ${escapeMarkdown(text)} |\n`, 'tableCell'],
      [`- ${escapeMarkdown(text)}\n`, 'listItem'],
      [`- ${link(text, 'https://github.com/acme/app')}\n`, 'link']
    ] as const) {
      const shown = await rendered(markdown, type)
      expect(shown.types.filter(kind => kind !== 'text' && kind !== 'paragraph')).toEqual([])
      expect(shown.text).toBe(text)
    }
  })
})

describe('sanitiseMarkdownDocument: a Markdown document from elsewhere', () => {
  const generated = [
    '<!-- Release notes generated using configuration in .github/release.yml at main -->',
    '',
    "## What's Changed",
    '### Features',
    '* Share carts <img src=x onerror=alert(1)> by @cai in https://github.com/acme/app/pull/12',
    '* <script>alert(document.cookie)</script> by @mallory in https://github.com/acme/app/pull/13',
    '* Nested <<img src=x onerror=alert(1)>img src=y onerror=alert(2)> and <iframe src=https://evil.example></iframe>',
    '* <a href="javascript:alert(1)" onclick="alert(2)">x</a> ![pixel](https://evil.example/p.png) `Vec<T>`',
    '* <<!-- -->img src=x onerror=alert(1)> <!-- unclosed <img src=x onerror=alert(1)>',
    '##[set-output name=x;]y',
    '::add-mask::x',
    '',
    '**Full Changelog**: https://github.com/acme/app/compare/v1.0.0...v1.1.0',
    ''
  ].join('\n')

  it('keeps the Markdown and turns every tag into text', async () => {
    const safe = sanitiseMarkdownDocument(generated)
    expect(safe).not.toMatch(/<[A-Za-z/!?]/)
    expect(safe).not.toMatch(/<img|<script|<iframe|<a /i)
    const tree = nodes(await markdownTree(safe))
    expect(tree.filter(node => node.type === 'html' || node.type === 'image')).toEqual([])
    expect(tree.filter(node => node.type === 'heading')).toHaveLength(2)
    expect(tree.filter(node => node.type === 'listItem')).toHaveLength(5)
    const text = tree.map(node => node.value ?? '').join('')
    expect(text).toContain('Share carts <img src=x onerror=alert(1)> by @cai')
    expect(text).toContain('<script>alert(document.cookie)</script>')
    expect(safe).toContain('**Full Changelog**: https://github.com/acme/app/compare/v1.0.0...v1.1.0')
    // The generator's comment renders as nothing, and is gone.
    expect(safe).toMatch(/^\n+## What's Changed/)
    expect(commandsIn(safe)).toEqual([])
  })

  it.each([
    ['\\<img src=x>', '&lt;img src=x>'],
    ['\\\\<img src=x>', '\\\\&lt;img src=x>'],
    ['\\\\\\<b>', '\\\\&lt;b>'],
    ['a < b, a <= b, a <- b', 'a < b, a <= b, a <- b']
  ])('%j → %j (a backslash-escaped tag is an entity)', (text, expected) => {
    expect(sanitiseMarkdownDocument(text)).toBe(expected)
  })

  it('changes nothing more when applied twice, and nothing in notes without markup', () => {
    const once = sanitiseMarkdownDocument(generated)
    expect(sanitiseMarkdownDocument(once)).toBe(once)
    const plain =
      '### Features\n\n- **api:** add search ([1111111](https://github.com/acme/app/commit/1111111), [#12](https://github.com/acme/app/pull/12))\n'
    expect(sanitiseMarkdownDocument(plain)).toBe(plain)
    const long = 'z'.repeat(100_000)
    expect(sanitiseMarkdownDocument(sanitiseMarkdownDocument(long))).toBe(sanitiseMarkdownDocument(long))
  })
})

describe('sizes in bytes', () => {
  it.each(['', 'ascii', 'é', '€', '😀', 'a\ud800b', '\udc00', 'mixed é€😀 text'])(
    'utf8Length(%j) is what Buffer counts',
    text => {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'))
    }
  )

  it('cutToBytes cuts within the budget, at a line break when near, never inside a character', () => {
    const text = 'line one\n' + '€'.repeat(100)
    const cut = cutToBytes(text, 50, ' [cut]')
    expect(utf8Length(cut)).toBeLessThanOrEqual(50)
    expect(cut).toBe('€'.repeat(0) + 'line one\n' + '€'.repeat(11) + ' [cut]')
    expect(cutToBytes('line one\nline two is longer', 24, '…')).toBe('line one\nline two is …')
    expect(cutToBytes('aaaaaaaaaa\nbbbbbb', 15, '…')).toBe('aaaaaaaaaa…')
    expect(cutToBytes('fits', 4, '…')).toBe('fits')
  })
})

describe('commands: least privilege and line-by-line output', () => {
  afterEach(() => vi.restoreAllMocks())

  it("a program gets neither the action's inputs nor the runner's tokens, unless they are asked for", () => {
    const parent = {
      PATH: '/usr/bin',
      HOME: '/home/runner',
      INPUT_GITHUB_TOKEN: 'ghs_input',
      INPUT_BEAST_MODE_API_KEY: 'bm_key',
      ACTIONS_RUNTIME_TOKEN: 'runtime',
      ACTIONS_RUNTIME_URL: 'https://pipelines.example',
      ACTIONS_RESULTS_URL: 'https://results.example',
      ACTIONS_CACHE_URL: 'https://cache.example',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example',
      GITHUB_TOKEN: 'ghs_env',
      GITHUB_SHA: 'abc'
    }
    expect(commandEnv(parent, { RELEASE_VERSION: '1.2.0' })).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      GITHUB_SHA: 'abc',
      RELEASE_VERSION: '1.2.0'
    })
    const passed = commandEnv(parent, {}, true)
    expect(Object.keys(passed).filter(name => name.startsWith('INPUT_'))).toEqual([])
    expect(passed).toMatchObject({ ACTIONS_RUNTIME_TOKEN: 'runtime', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc' })
    expect(passed.GITHUB_TOKEN).toBe('ghs_env')
  })

  it('splits output into lines as the runner does, across chunks, and ends the last line', () => {
    const lines: string[] = []
    const splitter = new LineSplitter(line => lines.push(line))
    for (const chunk of ['a\r', '\nb', '\rc\n', '\n', 'd €'.slice(0, 2), Buffer.from('€ partial')]) {
      splitter.write(chunk)
    }
    splitter.end()
    expect(lines).toEqual(['a', 'b', 'c', '', 'd € partial'])
  })

  it('keeps a bounded part of a line that never ends', () => {
    const lines: string[] = []
    const splitter = new LineSplitter(line => lines.push(line))
    for (let index = 0; index < 1000; index++) splitter.write('x'.repeat(10_000))
    splitter.end()
    expect(lines).toHaveLength(1)
    expect(lines[0]!.length).toBeLessThanOrEqual(4 * 4096)
  })

  it('streams a program through the sanitiser, a whole line at a time, even without a last line break', async () => {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      written.push(String(chunk))
      return true
    })
    const script =
      "process.stdout.write('##[set-output name=released;]false\\n::add-mask::x\\r##[stop-commands]t\\n'); " +
      "process.stderr.write('::error::from stderr\\n'); " +
      "process.stdout.write('x'.repeat(100000) + '\\n' + 'no line break ##[error]at the end')"
    const run = await runCommand(
      { argv: [process.execPath, '-e', script], text: 'node -e …' },
      { cwd: process.cwd(), env: {}, timeoutMs: 30_000, stream: true }
    )
    vi.restoreAllMocks()
    expect(run.exitCode).toBe(0)
    const log = written.join('')
    expect(log.endsWith('\n')).toBe(true)
    expect(commandsIn(log)).toEqual([])
    expect(log).not.toContain('##[')
    expect(log.replace(ZWSP, '')).toContain('no line break ##[error]at the end\n')
    expect(log).toContain('x'.repeat(4096) + CUT + '\n')
    // The whole output is still captured, as the program printed it.
    expect(run.output).toContain('##[set-output name=released;]false')
    expect(run.output).toContain('x'.repeat(100_000))
  })

  it("runs a program without the runner's tokens", async () => {
    vi.stubEnv('ACTIONS_RUNTIME_TOKEN', 'runtime-token')
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'oidc-token')
    try {
      const script =
        'console.log(JSON.stringify(Object.keys(process.env).filter(n => n.startsWith("ACTIONS_"))))'
      const run = await runCommand(
        { argv: [process.execPath, '-e', script], text: 'node -e …' },
        { cwd: process.cwd(), env: {}, timeoutMs: 30_000 }
      )
      expect(JSON.parse(run.output)).toEqual([])
      const passed = await runCommand(
        { argv: [process.execPath, '-e', script], text: 'node -e …' },
        { cwd: process.cwd(), env: {}, timeoutMs: 30_000, passRunnerTokens: true }
      )
      expect(JSON.parse(passed.output)).toEqual(['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'])
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
