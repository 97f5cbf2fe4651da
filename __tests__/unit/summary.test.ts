import { describe, expect, it } from 'vitest'
import { utf8Length } from '../../src/domain/untrusted.js'
import { fitOutputs, OUTPUTS_LIMIT } from '../../src/report/outputs.js'
import { emptyResult, type ReleaseResult } from '../../src/report/result.js'
import { renderSummary, SUMMARY_LIMIT } from '../../src/report/summary.js'

const sha = (n: number) => String(n).repeat(40).slice(0, 40)

/** A released run with a deploy, a quality verdict and hostile commit text, as the result document has it. */
const released: ReleaseResult = {
  ...emptyResult(),
  outcome: 'released',
  released: true,
  reason: 'published v1.4.0',
  repository: 'acme/app',
  branch: 'main',
  trigger: 'schedule',
  version: '1.4.0',
  versionReason: 'minor bump from the commits',
  previousVersion: '1.3.2',
  tag: 'v1.4.0',
  sha: sha(1),
  releaseId: 42,
  releaseUrl: 'https://github.com/acme/app/releases/tag/v1.4.0',
  releaseNotes: '### Features\n\n- search (abc1234)\n',
  qualityScore: 84,
  quality: {
    passed: true,
    score: 84,
    threshold: 60,
    cached: false,
    off: false,
    beastModeMissing: false,
    gates: [
      {
        name: 'BEAST MODE (API)',
        kind: 'beast-mode-api',
        passed: true,
        score: 84,
        reason: 'scored 84/100 (threshold 60)',
        durationMs: 1200,
        recommendations: ['Add tests for <script>alert(1)</script>'],
        inconclusive: false
      }
    ]
  },
  checksState: 'success',
  deployRunId: 7,
  deployRunUrl: 'https://github.com/acme/app/actions/runs/7',
  deployConclusion: 'success',
  deploy: {
    kind: 'workflow',
    runId: 7,
    runUrl: 'https://github.com/acme/app/actions/runs/7',
    conclusion: 'success',
    durationMs: 65_000,
    timeline: [
      { status: 'queued', atMs: 2_000 },
      { status: 'completed: success', atMs: 65_000 }
    ]
  },
  steps: [
    { id: 'trigger', title: 'Trigger', status: 'passed', reason: 'schedule run', durationMs: 3 },
    { id: 'version', title: 'Version', status: 'passed', reason: '1.3.2 → 1.4.0', durationMs: 410 },
    { id: 'publish', title: 'Publish release', status: 'passed', reason: 'published v1.4.0', durationMs: 350 }
  ],
  commitCount: 3,
  releasableCount: 2,
  commits: [
    { sha: sha(2), type: 'feat', subject: 'search <img src=x onerror=alert(1)> | pipes', bump: 'minor' },
    { sha: sha(3), type: 'fix', subject: '::set-output name=x::y', bump: 'patch' }
  ]
}

describe('the job summary', () => {
  it('renders a whole released run: steps, version, links, commits, quality, deploy and notes', async () => {
    await expect(renderSummary(released, 'https://github.com/acme/app')).toMatchFileSnapshot(
      '__snapshots__/summary-released.md'
    )
  })

  it('a blocked run says why, and untrusted text stays text', () => {
    const summary = renderSummary(
      { ...released, outcome: 'blocked', released: false, reason: 'checks failed: <b>e2e</b>' },
      'https://github.com/acme/app'
    )
    expect(summary).toContain('## ⛔ Release blocked')
    expect(summary).toContain('**Why:** checks failed: &lt;b>e2e&lt;/b>')
    expect(summary).not.toMatch(/<img|<script|<b>/)
  })

  it('release notes from elsewhere (an earlier release, GitHub) show their tags as text', () => {
    const summary = renderSummary(
      {
        ...released,
        releaseNotes: "## What's Changed\n* <img src=x onerror=alert(1)> by @x\n* <script>alert(1)</script>\n"
      },
      'https://github.com/acme/app'
    )
    expect(summary).toContain('* &lt;img src=x onerror=alert(1)> by @x\n* &lt;script>alert(1)&lt;/script>\n')
    expect(summary).not.toMatch(/<img|<script/)
  })
})

/** A run whose texts are far too big: a 10 MB BEAST MODE answer, 2 MB of notes, 100 commits of 8 KB. */
const huge: ReleaseResult = {
  ...released,
  releaseNotes: Array.from({ length: 20_000 }, (_, index) => `- change ${index} ${'n'.repeat(90)}`).join(
    '\n'
  ),
  quality: {
    ...released.quality!,
    gates: [
      {
        ...released.quality!.gates[0]!,
        recommendations: Array.from({ length: 5 }, () => 'r'.repeat(2_000_000))
      }
    ]
  },
  releasableCount: 100,
  commits: Array.from({ length: 100 }, (_, index) => ({
    sha: sha(index % 10),
    type: 'feat',
    subject: `<${'s'.repeat(8_000)}`,
    bump: 'minor'
  }))
}

describe('sizes GitHub accepts', () => {
  it('the summary stays under 1 MiB: long notes are cut first, with a note', () => {
    const summary = renderSummary(huge, 'https://github.com/acme/app')
    expect(utf8Length(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT)
    expect(SUMMARY_LIMIT).toBeLessThan(1024 * 1024)
    expect(summary).toContain('…(cut: the job summary holds at most 1 MiB; the release has all the notes)')
    expect(summary).toContain('### Quality')
    expect(summary).toMatch(/<\/details>\n$/)
  })

  it('then the commit table, and as a last resort the end of the summary', () => {
    const summary = renderSummary(huge, 'https://github.com/acme/app', 100_000)
    expect(utf8Length(summary)).toBeLessThanOrEqual(100_000)
    expect(summary).toContain('The release notes do not fit in the job summary')
    expect(summary).toMatch(/…and \d+ more releasable commits \(cut: the job summary holds at most 1 MiB/)
    const tiny = renderSummary(huge, 'https://github.com/acme/app', 2_000)
    expect(utf8Length(tiny)).toBeLessThanOrEqual(2_000)
    expect(tiny).toMatch(/…\(cut: the job summary holds at most 1 MiB\)\n$/)
  })

  it('an ordinary run is not cut', () => {
    const summary = renderSummary(released, 'https://github.com/acme/app')
    expect(summary).not.toContain('(cut')
  })

  it('the outputs stay under 1 MB together; result stays JSON and says what it lost', () => {
    const outputs = Object.fromEntries(fitOutputs(huge))
    const total = Object.entries(outputs).reduce(
      (sum, [name, value]) => sum + name.length + utf8Length(value),
      0
    )
    expect(total).toBeLessThanOrEqual(OUTPUTS_LIMIT)
    const result = JSON.parse(outputs.result!) as ReleaseResult
    expect(result.truncated).toEqual(['commits', 'long-texts', 'release-notes'])
    expect(result.commits).toEqual([])
    expect(result.quality!.gates[0]!.recommendations[0]).toBe('r'.repeat(4096) + '…(cut)')
    expect(outputs['release-notes']).toBe(result.releaseNotes)
    expect(result.releaseNotes).toMatch(
      /^- change 0 n+\n[^]*\n\n…\(cut: the release notes are longer than a step output/
    )
    expect(result.releaseNotes.length).toBeGreaterThan(100_000)
    expect(result).toMatchObject({ outcome: 'released', version: '1.4.0', tag: 'v1.4.0', releaseId: 42 })
  })

  it('an ordinary result is written whole, and printing it issues no command', () => {
    const hostile = {
      ...released,
      reason: 'checks failed: ##[set-output name=released;]false',
      skippedReason: '##[add-mask]x\n::error::y'
    }
    const outputs = Object.fromEntries(fitOutputs(hostile))
    expect(JSON.parse(outputs.result!)).toEqual(hostile)
    expect(outputs.result).not.toContain('##[')
    expect(outputs['skipped-reason']).not.toContain('##[')
    expect(outputs['skipped-reason']!.split('\n')[1]).toMatch(/^:\u200b:error::y$/)
  })
})
