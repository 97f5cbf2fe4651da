import { describe, expect, it } from 'vitest'
import { emptyResult, type ReleaseResult } from '../../src/report/result.js'
import { renderSummary } from '../../src/report/summary.js'

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
    expect(summary).toContain('**Why:** checks failed: &lt;b&gt;e2e&lt;/b&gt;')
    expect(summary).not.toMatch(/<img|<script|<b>/)
  })
})
