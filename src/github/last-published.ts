import semver from 'semver'
import { call, PERMISSION, type RepoClient } from './client.js'

export interface PublishedRelease {
  tag: string
  htmlUrl: string
  /** When it was published (ms since the epoch). */
  publishedAt: number
}

/**
 * The most recently published release with the tag prefix: one request (the newest page). Its `published_at`, not
 * `created_at`: GitHub gives a release the date of its commit as `created_at`, not the moment it was released.
 */
export async function lastPublishedRelease(
  client: RepoClient,
  tagPrefix: string
): Promise<PublishedRelease | null> {
  const { data } = await call({ action: 'list the releases', permission: PERMISSION.contentsRead }, () =>
    client.octokit.rest.repos.listReleases({ owner: client.owner, repo: client.repo, per_page: 30 })
  )
  let last: PublishedRelease | null = null
  for (const release of data) {
    const publishedAt = release.published_at ? Date.parse(release.published_at) : NaN
    const ours =
      release.tag_name.startsWith(tagPrefix) &&
      semver.valid(release.tag_name.slice(tagPrefix.length)) !== null
    if (release.draft || !ours || Number.isNaN(publishedAt)) continue
    if (last === null || publishedAt > last.publishedAt)
      last = { tag: release.tag_name, htmlUrl: release.html_url, publishedAt }
  }
  return last
}
