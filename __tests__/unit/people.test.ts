import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import { closingIssueNumbers } from '../../src/domain/closing-references.js'
import { PREVIEW_MARKER, renderPreview, type PreviewPlan } from '../../src/domain/comment-preview.js'
import { releasedMarker, renderReleasedComment } from '../../src/domain/comment-released.js'
import { analyseCommit, linkCommits } from '../../src/domain/commits.js'
import { lintTitle } from '../../src/domain/conventional-title.js'
import { releasedPullRequests } from '../../src/domain/released-pull-requests.js'
import { neutraliseMentions } from '../../src/domain/untrusted.js'
import { emptyResult, type ReleaseResult } from '../../src/report/result.js'
import { renderSummary } from '../../src/report/summary.js'
import { inputs as reader } from './input-reader.js'

describe('people inputs', () => {
  it('have safe defaults: no comments unless asked for', () => {
    expect(readConfig(reader({}))).toMatchObject({
      previewMergeStyle: 'merge',
      previewComment: false,
      requireConventionalTitle: false,
      commentOnReleased: false,
      releasedLabel: 'released',
      commentLimit: 50
    })
  })

  it.each([
    [
      { 'preview-merge-style': 'fast-forward' },
      "Invalid input 'preview-merge-style': 'fast-forward' is not one of merge, squash, rebase."
    ],
    [
      { 'comment-limit': '-1' },
      "Invalid input 'comment-limit': '-1' is not a number of comments from 0 to 1000."
    ],
    [
      { 'comment-limit': 'lots' },
      "Invalid input 'comment-limit': 'lots' is not a number of comments from 0 to 1000."
    ]
  ])('refuse %j, naming the input', (values, message) => {
    expect(() => readConfig(reader(values))).toThrow(message)
  })
})

describe('closingIssueNumbers', () => {
  it.each([
    ['Fixes #12', [12]],
    ['fixes: #12, closes #13 and RESOLVED #14', [12, 13, 14]],
    ['Close #1\nclosed #2\nresolve #3 resolves #3', [1, 2, 3]],
    ['See #12, refs #13, prefix#14, Fixes acme/other#5', []],
    ['Fixes https://github.com/acme/app/issues/7 and https://github.com/acme/other/issues/8', [7]],
    ['unfixes #3, fixes#4', []]
  ])('%j closes %j', (body, numbers) => {
    expect(closingIssueNumbers(body, 'https://github.com/acme/app/issues')).toEqual(numbers)
  })
})

describe('lintTitle', () => {
  it.each([
    ['feat(cart): share carts', true],
    ['fix!: drop node 18', true],
    ['Update stuff', false],
    ['feat:no space', false],
    ['feat: ', false],
    ['chore(deps)', false]
  ])('%j is a Conventional Commit: %s', (title, conventional) => {
    expect(lintTitle(title).conventional).toBe(conventional)
  })
})

describe('neutraliseMentions', () => {
  it.each([
    ['@everyone look', '@&#8203;everyone look'],
    ['cc @acme/admins, (@octocat)', 'cc @&#8203;acme/admins, (@&#8203;octocat)'],
    ['mail ada@example.com', 'mail ada@example.com'],
    ['@&#8203;already', '@&#8203;already'],
    ['`@decorator` in code', '`@decorator` in code']
  ])('%j → %j', (text, safe) => {
    expect(neutraliseMentions(text)).toBe(safe)
    expect(neutraliseMentions(neutraliseMentions(text))).toBe(safe)
  })
})

describe('releasedPullRequests', () => {
  it('takes squash numbers, merge commits and the commits they brought in; looks up only what names none', () => {
    const commits = linkCommits(
      [
        { sha: 'a1', message: 'feat: squashed (#4)', parents: 1, parentShas: ['r0'] },
        { sha: 'b1', message: 'fix: on a branch', parents: 1, parentShas: ['a1'] },
        {
          sha: 'm1',
          message: 'Merge pull request #7 from acme/x\n\nFix',
          parents: 2,
          parentShas: ['a1', 'b1']
        },
        { sha: 'c1', message: 'fix: pushed straight to main', parents: 1, parentShas: ['m1'] },
        { sha: 'm2', message: "Merge branch 'main' into y", parents: 2, parentShas: ['c1', 'a1'] }
      ].map(analyseCommit)
    )
    expect(releasedPullRequests(commits)).toEqual({ numbers: [4, 7], unattributed: ['c1'] })
  })
})

describe('comments', () => {
  it('a released comment quotes nothing but the tag and its link, under a marker per tag', () => {
    expect(renderReleasedComment({ tag: 'v1.4.0', releaseUrl: 'https://x/r', via: null })).toBe(
      '<!-- autonomous-release:released v1.4.0 -->\n🚀 Released in [v1.4.0](https://x/r).'
    )
    expect(renderReleasedComment({ tag: 'v1.4.0', releaseUrl: null, via: 12 })).toBe(
      '<!-- autonomous-release:released v1.4.0 -->\n🚀 The fix for this issue (#12) was released in **v1.4.0**.'
    )
    expect(releasedMarker('v1--x')).toBe('<!-- autonomous-release:released v1- -x -->')
  })

  const plan: PreviewPlan = {
    pullRequest: { number: 3, headSha: 'abcdef1234567890', baseRef: 'main' },
    release: {
      version: '1.1.0',
      tag: 'v1.1.0',
      previousVersion: '1.0.0',
      reason: 'minor bump from the commits'
    },
    nothingReason: '',
    causes: [
      {
        sha: 'abcdef1234567890',
        header: 'feat: <b>bold</b> @everyone',
        releaseType: 'minor',
        fromPullRequest: true
      }
    ],
    notes: '### Features\n\n- <img src=x> @octocat',
    labels: { releaseLabel: 'release', present: false, bumpLabel: null },
    gates: [{ name: 'Checks', state: 'stop', detail: 'failing: ::error::x (failure)' }],
    title: { conventional: false, problem: 'not conventional', required: true },
    mergeStyle: 'squash'
  }

  it('a preview comment starts with its marker and keeps untrusted text inert', () => {
    const body = renderPreview(plan, { htmlUrl: 'https://github.com/acme/app' })
    expect(body.startsWith(`${PREVIEW_MARKER}\n### 🔮 Release preview`)).toBe(true)
    expect(body).toContain('- feat: &lt;b>bold&lt;/b> @&#8203;everyone — minor (this pull request, [abcdef1]')
    expect(body).toContain('- ⛔ Checks: failing: ::error::x (failure)')
    expect(body).toContain('- ❌ Title: not conventional')
    expect(body).toContain('- &lt;img src=x> @&#8203;octocat')
    expect(body).not.toMatch(/<(img|b)\b/)
    expect(
      renderPreview(plan, { htmlUrl: 'https://github.com/acme/app' }, { marker: false, notes: false })
    ).not.toContain('Release notes')
  })
})

describe('the summary of a preview', () => {
  const preview: ReleaseResult = {
    ...emptyResult(),
    outcome: 'preview',
    reason: 'merging #3 would release v1.1.0',
    repository: 'acme/app',
    branch: 'main',
    trigger: 'pull_request',
    version: '1.1.0',
    previousVersion: '1.0.0',
    tag: 'v1.1.0',
    sha: 'a'.repeat(40),
    preview: {
      pullRequest: 3,
      wouldRelease: 'v1.1.0',
      commentUrl: 'https://github.com/acme/app/pull/3#issuecomment-1',
      markdown: '### 🔮 Release preview'
    }
  }

  it('says what merging would release, links the comment, and links no tag that does not exist', () => {
    const summary = renderSummary(preview, 'https://github.com/acme/app')
    expect(summary).toContain('## 🔮 Preview of #3: merging would release v1.1.0')
    expect(summary).toContain('### 🔮 Release preview')
    expect(summary).toContain(
      'The [preview comment](https://github.com/acme/app/pull/3#issuecomment-1) says the same.'
    )
    expect(summary).not.toContain('/tree/v1.1.0')
    expect(summary).not.toContain('/compare/')
  })

  it('says when merging would release nothing', () => {
    const nothing = { ...preview, version: '', tag: '', preview: { ...preview.preview!, wouldRelease: '' } }
    expect(renderSummary(nothing, null)).toContain('## 🔮 Preview of #3: merging would release nothing')
  })
})
