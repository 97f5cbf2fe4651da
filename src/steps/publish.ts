import { markLatestIfHighest, publishRelease } from '../github/releases.js'
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
        : `nothing more to do: ${version.tag} would not be a draft`,
      { release }
    )
  },
  async run({ release, version }, runtime) {
    if (!release.draft || release.id === null)
      return passed(`nothing more to do: ${version.tag} is not a draft`, { release })
    const { repoClient, config } = runtime
    // Published first, then marked latest if it still is the highest: a lower version is never Latest.
    const published = await publishRelease(
      repoClient,
      release.id,
      config.makeLatest === 'legacy' ? 'legacy' : 'false'
    )
    if (config.makeLatest === 'true')
      await markLatestIfHighest(repoClient, config.tagPrefix, published, version.version)
    return passed(`published ${version.tag}`, {
      release: { ...release, draft: published.draft, url: published.htmlUrl }
    })
  }
}
