// A realistic range of 40 commits since v2.7.1, oldest first, as GitHub's compare API lists them: squash merges
// with `(#N)`, two `Merge pull request` merges and an integration-branch merge with their branch commits, reverts
// (a pair inside the range, a pair matched by header, two of earlier releases), multi-line breaking notes,
// trailers, inline code, text that looks like HTML, CRLF.
import type { SourceCommit } from '../../src/domain/commits.js'

/** A sha that says which commit it is: `0a0a…` for commit 10. */
export const shaOf = (n: number) => n.toString(16).padStart(2, '0').repeat(20)

const commits: Array<[number, string, number[]?]> = [
  [
    1,
    'fix(parser): handle empty `extends` arrays (#101)\n\nAn empty list used to throw.\n\nCo-authored-by: Jane Doe <jane@example.com>'
  ],
  [
    2,
    'chore(deps): bump semver from 7.5.4 to 7.6.0 (#102)\n\nSigned-off-by: dependabot[bot] <support@github.com>'
  ],
  [3, 'feat(cli): add `--dry-run` flag (#103)\n\nPrints what would be released.\n\nCloses #99'],
  [4, 'docs: explain release windows (#104)'],
  [
    5,
    [
      'feat(api)!: return `Release` objects instead of raw payloads (#105)',
      '',
      'The GitHub layer now returns domain objects.',
      '',
      'BREAKING CHANGE: `createRelease()` resolves to a `Release`:',
      '- `release.data.id` is now `release.id`',
      '- `release.data.html_url` is now `release.url`',
      'Refs: #90',
      'Reviewed-by: Kim Lee'
    ].join('\n')
  ],
  [6, 'perf(history): read compare pages in parallel (#106)'],
  [7, "fix: don't crash when a tag points at a tree (#107)"],
  [8, 'test: cover annotated tags'],
  [9, 'feat(notes): link every pull request a subject names, like #45 (#108)'],
  [10, 'ci: pin actions by sha'],
  [
    11,
    [
      'refactor(config): one reader per input',
      '',
      'BREAKING-CHANGE: the `token` input is now `github-token`.',
      'Workflows that set `token:` must rename it.',
      '',
      'Signed-off-by: Sam Roe <sam@example.com>'
    ].join('\n')
  ],
  [12, 'fix(deploy): wait for the run <id> to finish, not the newest run (#110)'],
  [13, 'feat: support `Release-As` trailers (#111)\n\nRelease-As: 3.0.0'],
  [
    14,
    `Revert "feat(notes): link every pull request a subject names, like #45 (#108)" (#112)\n\nThis reverts commit ${shaOf(9)}.`
  ],
  [15, 'feat(quality): BEAST MODE HTTP API', [12]],
  [16, 'fix(quality): retry on 503\n\nCo-authored-by: Ali Khan <ali@example.com>', [15]],
  [17, 'Merge pull request #113 from acme/beast-mode-api\n\nBEAST MODE over HTTP', [14, 16]],
  [18, 'fix(summary): escape pipes in check names (#114)'],
  [19, `Revert "fix(deploy): old dispatch fallback"\n\nThis reverts commit ${'d'.repeat(40)}.`],
  [20, 'build: bundle with rollup 4 (#115)'],
  [21, 'feat(notes): titles like "Fix <Button> on iOS" stay text (#116)'],
  [22, 'fix: correct `_config` lookup for snake_case keys (#117)'],
  [23, 'style: prettier'],
  [24, 'feat(deploy): rollback command (#118)', [22]],
  [25, 'fix(deploy): rollback waits for the deploy to end', [24]],
  [
    26,
    [
      'feat(deploy)!: `deploy-wait` defaults to true',
      '',
      'BREAKING CHANGE: deploys are now awaited.',
      'Set `deploy-wait: false` for the old behaviour.',
      '',
      'Co-authored-by: Jane Doe <jane@example.com>'
    ].join('\n'),
    [25]
  ],
  [27, 'feat: v3 integration branch (#120)', [23, 26]],
  [28, 'fix(history): fall back to listCommits when compare 404s (#121)'],
  [29, 'revert: fix(history): fall back to listCommits when compare 404s'],
  [30, 'docs(readme): document `release-notes-types`'],
  [31, 'fix(version): 0.x breaking changes bump the minor (#122)\n\nFixes #119, fixes #120'],
  [32, 'feat(release): mark only the highest version Latest (#123)'],
  [33, 'chore(deps-dev): bump vitest to 4.1 (#124)'],
  [34, 'fix(notes): keep multi-line breaking notes (#125)'],
  [35, 'perf: analyse 10,000 commits in linear time (#126)\n\nThe old parser was quadratic per line.'],
  [
    36,
    'fix(windows): read CRLF commit messages\r\n\r\nSigned-off-by: Chris Doe <chris@example.com>\r\n',
    [34]
  ],
  [37, 'Merge pull request #127 from contributor/crlf', [35, 36]],
  [38, 'feat(inputs): accept `bump: prerelease` (#128)'],
  [39, 'fix: `a < b` comparisons in semver ranges, and a < b outside code (#129)'],
  [40, 'docs: changelog for 3.0.0']
]

const BRANCH_COMMITS = new Set([15, 16, 24, 25, 26, 36])

export const realisticRange: SourceCommit[] = commits.map(([n, message, parents], index) => {
  const parentShas = (parents ?? [index === 0 ? 0 : previousMainLine(index)]).map(shaOf)
  return { sha: shaOf(n), message, parents: parentShas.length, parentShas }
})

/** The commit before `index` on the main line: branch commits name their parents. */
function previousMainLine(index: number): number {
  for (let before = index - 1; before >= 0; before--) {
    const [n] = commits[before] as [number, string, number[]?]
    if (!BRANCH_COMMITS.has(n)) return n
  }
  return 0
}
