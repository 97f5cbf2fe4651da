import { renderConventionalNotes } from '../domain/notes.js'
import { sanitiseMarkdownDocument } from '../domain/untrusted.js'
import { generateNotes } from '../github/releases.js'
import type { Repository } from '../github/repository.js'
import { passed, type ReadingStep } from '../pipeline.js'
import type { Target, VersionPlan } from '../plan.js'

/** The release notes: from the Conventional Commits, from GitHub's generator, or those an earlier run released. */
export const notesStep: ReadingStep<
  { repository: Repository; target: Target; version: VersionPlan },
  { notes: string }
> = {
  id: 'notes',
  title: 'Release notes',
  writes: false,
  async run({ repository, target, version }, runtime) {
    const existing = version.existing.release
    if (existing) return passed(`those of the existing release ${existing.tagName}`, { notes: existing.body })
    switch (runtime.config.releaseNotes) {
      case 'none':
        return passed('none (release-notes: none)', { notes: '' })
      case 'github': {
        const sha = version.existing.tagSha ?? target.sha
        const notes = sanitiseMarkdownDocument(
          await generateNotes(runtime.repoClient, version.tag, sha, version.previousTag)
        )
        return passed("GitHub's generated notes", { notes })
      }
      case 'conventional': {
        const notes = renderConventionalNotes({
          version: version.version,
          tag: version.tag,
          previousTag: version.previousTag,
          commits: version.commits,
          links: { htmlUrl: repository.htmlUrl },
          ...(runtime.config.releaseNotesTypes ? { sections: runtime.config.releaseNotesTypes } : {})
        })
        return passed('from the Conventional Commits', { notes })
      }
    }
  }
}
