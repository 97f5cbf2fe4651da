import { bumpWithLabel } from '../domain/bump-labels.js'
import type { PreviewCause, PreviewPackage, PreviewPlan } from '../domain/comment-preview.js'
import { linkCommits, type AnalysedCommit } from '../domain/commits.js'
import { renderConventionalNotes } from '../domain/notes.js'
import { afterExistingPrereleases, releaseTags } from '../domain/release-tags.js'
import { listPathCommits } from '../github/history.js'
import { listPullFiles } from '../github/pulls.js'
import type { Repository } from '../github/repository.js'
import { packageRuntime } from '../package-runtime.js'
import { passed, type Verdict } from '../pipeline.js'
import type { Runtime } from '../runtime.js'
import { readDeclaration, readHistories } from './packages.js'
import type { PreviewPull } from './preview-pull.js'
import {
  bumpLabelOf,
  checkGates,
  ownCommits,
  previewDecision,
  previewFrame,
  type PreviewFound
} from './preview.js'

/**
 * A monorepo's preview: for each package, what merging the pull request now would release of it — the commits
 * waiting on the base since its last release that touch its folder, and the pull request's own commits that do
 * (with squash, its title, for every package its files touch) — by the same rules as the release.
 */
export async function previewPackages(
  repository: Repository,
  pull: PreviewPull,
  runtime: Runtime
): Promise<Verdict<PreviewFound>> {
  const { config } = runtime
  const declared = await readDeclaration(runtime, { sha: pull.baseSha, branch: pull.baseRef })
  const specs = declared.packages
  const runtimes = new Map(specs.map(spec => [spec.name, packageRuntime(runtime, spec, false)]))
  const [files, own, gates, histories] = await Promise.all([
    listPullFiles(runtime.repoClient, pull.number),
    ownCommits(runtime, pull),
    checkGates(runtime, pull.headSha),
    readHistories(runtime, pull.baseSha, specs, runtimes, { headReleased: true })
  ])
  const chosen = bumpLabelOf(runtime, pull, gates.gates)
  const tags = await runtime.earlyReads.tags()
  const squash = config.previewMergeStyle === 'squash'
  const packages: PreviewPackage[] = []
  const causes: PreviewCause[] = []
  const notes: string[] = []
  for (const spec of specs) {
    const ownRuntime = runtimes.get(spec.name) as Runtime
    const touched = files.some(file => spec.path === '.' || file.startsWith(`${spec.path}/`))
    const history = histories.get(spec.name)!
    const mine = touched ? await ownTouching(runtime, pull, spec.path, own, squash) : []
    const commits = linkCommits([
      ...history.commits.map(commit => ({ ...commit })),
      ...mine.map(commit => ({ ...commit }))
    ])
    const ownShas = new Set(mine.map(commit => commit.sha))
    const bump = bumpWithLabel(ownRuntime.config.bump, touched ? chosen : null)
    const last = history.last
    const decision = await previewDecision(ownRuntime, bump, last, commits, pull.baseSha)
    if (!decision.release) {
      packages.push({ name: spec.name, release: null, nothingReason: decision.reason, touched })
      continue
    }
    const version = afterExistingPrereleases(
      decision.version,
      releaseTags(tags, spec.tagPrefix).map(tag => tag.version)
    )
    const tag = `${spec.tagPrefix}${version}`
    packages.push({
      name: spec.name,
      release: { version, tag, previousVersion: last?.version ?? null, reason: decision.reason },
      nothingReason: '',
      touched
    })
    for (const commit of commits)
      if (commit.releaseType !== null && !causes.some(cause => cause.sha === commit.sha))
        causes.push({
          sha: commit.sha,
          header: commit.header,
          releaseType: commit.releaseType,
          fromPullRequest: ownShas.has(commit.sha)
        })
    if (config.releaseNotes === 'conventional')
      notes.push(
        `#### ${tag}\n\n${renderConventionalNotes({ version, tag, previousTag: last?.name ?? null, commits, links: { htmlUrl: repository.htmlUrl }, ...(config.releaseNotesTypes ? { sections: config.releaseNotesTypes } : {}) })}`
      )
  }
  const releasing = packages.filter(item => item.release)
  const preview: PreviewPlan = {
    ...previewFrame(runtime, pull, chosen, gates.gates, causes),
    release: releasing.length === 1 ? releasing[0]!.release : null,
    nothingReason: releasing.length === 0 ? 'no package has releasable commits' : '',
    notes: notes.join('\n\n'),
    packages
  }
  const what = releasing.length === 0 ? 'nothing' : releasing.map(item => item.release!.tag).join(', ')
  return passed(`merging #${pull.number} would release ${what}`, {
    preview,
    notes: preview.notes,
    checks: gates.checks
  })
}

/**
 * The pull request's own commits that touch a package's folder: with squash, its one commit (its files touch the
 * package); else those of its commits that GitHub's path-filtered history of its head lists.
 */
async function ownTouching(
  runtime: Runtime,
  pull: PreviewPull,
  path: string,
  own: readonly AnalysedCommit[],
  squash: boolean
): Promise<AnalysedCommit[]> {
  if (squash || path === '.' || own.length === 0) return [...own]
  const touching = await listPathCommits(runtime.repoClient, pull.headSha, path, null)
  return own.filter(commit => touching.has(commit.sha))
}
