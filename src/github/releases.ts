import semver from 'semver'
import { isPrerelease, makeLatestFor, type MakeLatest } from '../domain/release-tags.js'
import { call, callOrNull, explain, lastPageOf, PERMISSION, statusOf, type RepoClient } from './client.js'

export interface Release {
  id: number
  tagName: string
  htmlUrl: string
  draft: boolean
  prerelease: boolean
  body: string
  /** When it was made (ISO 8601). */
  createdAt: string
}

type ApiRelease = {
  id: number
  tag_name: string
  html_url: string
  draft: boolean
  prerelease: boolean
  body?: string | null
  created_at: string
}

function toRelease(data: ApiRelease): Release {
  return {
    id: data.id,
    tagName: data.tag_name,
    htmlUrl: data.html_url,
    draft: data.draft,
    prerelease: data.prerelease,
    body: data.body ?? '',
    createdAt: data.created_at
  }
}

/**
 * Every release of the repository, newest first, drafts included: GitHub has no lookup of drafts by tag, and a
 * draft left by an earlier run may be older than the newest hundred. Pages after the first are read in parallel.
 */
export async function listAllReleases(client: RepoClient): Promise<Release[]> {
  const purpose = { action: 'list the releases', permission: PERMISSION.contentsRead }
  const page = (number: number) =>
    call(purpose, () =>
      client.octokit.rest.repos.listReleases({
        owner: client.owner,
        repo: client.repo,
        per_page: 100,
        page: number
      })
    )
  const first = await page(1)
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, lastPageOf(first.headers.link) - 1) }, (_, index) => page(index + 2))
  )
  return [first, ...rest].flatMap(response => response.data.map(toRelease))
}

/** The releases for one tag, oldest first: at most one published, any number of drafts. */
export function releasesFor(releases: readonly Release[], tag: string): Release[] {
  return releases.filter(release => release.tagName === tag).sort((a, b) => a.id - b.id)
}

/** The release for a tag: the published one, else the oldest draft, else null. */
export async function findRelease(client: RepoClient, tag: string): Promise<Release | null> {
  const purpose = { action: `read the release ${tag}`, permission: PERMISSION.contentsRead }
  const published = await callOrNull(purpose, () =>
    client.octokit.rest.repos.getReleaseByTag({ owner: client.owner, repo: client.repo, tag })
  )
  if (published) return toRelease(published.data)
  return releasesFor(await listAllReleases(client), tag)[0] ?? null
}

/**
 * Latest only when asked and no published stable release is higher (GitHub would then show a lower version as the
 * latest), and never for a pre-release.
 */
export async function latestFlag(
  client: RepoClient,
  tagPrefix: string,
  version: string,
  asked: MakeLatest
): Promise<MakeLatest> {
  const flag = makeLatestFor(version, asked)
  if (flag !== 'true') return flag
  const higher = (await listAllReleases(client)).some(release => {
    const released = release.tagName.startsWith(tagPrefix)
      ? semver.valid(release.tagName.slice(tagPrefix.length))
      : null
    return !release.draft && !release.prerelease && released !== null && semver.gt(released, version)
  })
  return higher ? 'false' : 'true'
}

/**
 * Marks a release latest when it still is the highest stable release. Releases are made (or published) with
 * make_latest false and marked afterwards, so a lower version never becomes Latest, not even for a moment, when a
 * higher release is published while this run works.
 */
export async function markLatestIfHighest(
  client: RepoClient,
  tagPrefix: string,
  release: Release,
  version: string
): Promise<boolean> {
  if ((await latestFlag(client, tagPrefix, version, 'true')) !== 'true') return false
  await call({ action: `mark ${release.tagName} latest`, permission: PERMISSION.contentsWrite }, () =>
    client.octokit.rest.repos.updateRelease({
      owner: client.owner,
      repo: client.repo,
      release_id: release.id,
      make_latest: 'true'
    })
  )
  return true
}

/** Whether a published release should be Latest (asked for, and the highest stable release) but is not. */
export async function latestMissing(
  client: RepoClient,
  tagPrefix: string,
  release: Release,
  version: string,
  asked: MakeLatest
): Promise<boolean> {
  if (asked !== 'true' || release.draft || (await latestFlag(client, tagPrefix, version, 'true')) !== 'true')
    return false
  const latest = await callOrNull(
    { action: 'read the latest release', permission: PERMISSION.contentsRead },
    () => client.octokit.rest.repos.getLatestRelease({ owner: client.owner, repo: client.repo })
  )
  return latest?.data.id !== release.id
}

/** Deletes a release (a draft this run made twice over in a race); its tag stays. */
export async function deleteRelease(client: RepoClient, id: number): Promise<void> {
  await callOrNull(
    { action: `delete the duplicate draft release ${id}`, permission: PERMISSION.contentsWrite },
    () => client.octokit.rest.repos.deleteRelease({ owner: client.owner, repo: client.repo, release_id: id })
  )
}

export interface NewRelease {
  tag: string
  sha: string
  name: string
  body: string
  draft: boolean
  version: string
  makeLatest: MakeLatest
}

export type ReleaseCreation = { created: true; release: Release } | { created: false; release: Release }

/**
 * Creates the release. GitHub refuses a second published release for a tag with 422 `already_exists`: then the
 * release another run made is returned instead, so two runs never make two releases.
 */
export async function createRelease(client: RepoClient, input: NewRelease): Promise<ReleaseCreation> {
  const purpose = { action: `create the release ${input.tag}`, permission: PERMISSION.contentsWrite }
  try {
    const { data } = await client.octokit.rest.repos.createRelease({
      owner: client.owner,
      repo: client.repo,
      tag_name: input.tag,
      target_commitish: input.sha,
      name: input.name,
      body: input.body,
      draft: input.draft,
      prerelease: isPrerelease(input.version),
      // A draft cannot be the latest release; it is marked when it is published.
      make_latest: input.draft ? undefined : input.makeLatest,
      // A retried create that had in fact succeeded would make a second draft; the caller looks first instead.
      request: { retries: 0 }
    })
    return { created: true, release: toRelease(data) }
  } catch (error) {
    if (statusOf(error) === 422) {
      const existing = await findRelease(client, input.tag)
      if (existing) return { created: false, release: existing }
    }
    throw explain(error, purpose)
  }
}

/** Publishes a draft release, marked latest or not (see latestFlag). */
export async function publishRelease(
  client: RepoClient,
  id: number,
  makeLatest: MakeLatest
): Promise<Release> {
  const { data } = await call({ action: `publish release ${id}`, permission: PERMISSION.contentsWrite }, () =>
    client.octokit.rest.repos.updateRelease({
      owner: client.owner,
      repo: client.repo,
      release_id: id,
      draft: false,
      make_latest: makeLatest
    })
  )
  return toRelease(data)
}

/** GitHub's generated notes between the previous tag and this one. */
export async function generateNotes(
  client: RepoClient,
  tag: string,
  sha: string,
  previousTag: string | null
): Promise<string> {
  const { data } = await call(
    { action: `generate release notes for ${tag}`, permission: PERMISSION.contentsWrite },
    () =>
      client.octokit.rest.repos.generateReleaseNotes({
        owner: client.owner,
        repo: client.repo,
        tag_name: tag,
        target_commitish: sha,
        ...(previousTag ? { previous_tag_name: previousTag } : {})
      })
  )
  return data.body
}
