import { publishRelease } from '../github/releases.js'
import { passed, type Step } from '../pipeline.js'

/** Publishes the release once everything before it passed (a draft stays a draft until then). */
export const publishStep: Step = {
  id: 'publish',
  title: 'Publish release',
  async run(state) {
    const release = state.release!
    const tag = state.version!.tag
    if (!release.draft) return passed(`${tag} is published`)
    if (state.config.dryRun) return passed(`dry run: would publish the draft release ${tag}`)
    // GitHub: pre-releases cannot be the latest release.
    const makeLatest = state.version!.version.includes('-') ? 'false' : state.config.makeLatest
    const published = await publishRelease(state.gh, release.id!, makeLatest)
    state.release = { ...release, draft: published.draft, url: published.htmlUrl }
    return passed(`published ${tag}`)
  }
}
