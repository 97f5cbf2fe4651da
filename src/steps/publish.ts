import { publishRelease } from '../github/releases.js'
import { passed, type WritingStep } from '../pipeline.js'
import type { ReleasePlan, ReleaseRecord } from '../plan.js'

type Known = ReleasePlan & { release: ReleaseRecord }

/** Publishes the draft release once everything before it passed; a release made published needs nothing more. */
export const publishStep: WritingStep<Known, { release: ReleaseRecord }> = {
  id: 'publish',
  title: 'Publish release',
  writes: true,
  simulate({ release, version }) {
    return passed(
      release.draft
        ? `would publish the draft release ${version.tag}`
        : `nothing to publish: ${version.tag} would be created published`,
      { release }
    )
  },
  async run({ release, version }, runtime) {
    if (!release.draft || release.id === null)
      return passed(`${version.tag} was published when it was created`, { release })
    const published = await publishRelease(
      runtime.repoClient,
      release.id,
      version.version,
      runtime.config.makeLatest
    )
    return passed(`published ${version.tag}`, {
      release: { ...release, draft: published.draft, url: published.htmlUrl }
    })
  }
}
