import { isPrerelease, makeLatestFor, type MakeLatest } from '../domain/release-tags.js'
import { call, callOrNull, explain, PERMISSION, statusOf, type RepoClient } from './client.js'

export interface Release {
  id: number
  tagName: string
  htmlUrl: string
  draft: boolean
  prerelease: boolean
  body: string
}

type ApiRelease = {
  id: number
  tag_name: string
  html_url: string
  draft: boolean
  prerelease: boolean
  body?: string | null
}

function toRelease(data: ApiRelease): Release {
  return {
    id: data.id,
    tagName: data.tag_name,
    htmlUrl: data.html_url,
    draft: data.draft,
    prerelease: data.prerelease,
    body: data.body ?? ''
  }
}

/**
 * The release for a tag, draft or published. GitHub's by-tag lookup sees only published releases, so drafts are
 * looked for among the newest releases, where a draft of this run's making is.
 */
export async function findRelease(client: RepoClient, tag: string): Promise<Release | null> {
  const purpose = { action: `read the release ${tag}`, permission: PERMISSION.contentsRead }
  const published = await callOrNull(purpose, () =>
    client.octokit.rest.repos.getReleaseByTag({ owner: client.owner, repo: client.repo, tag })
  )
  if (published) return toRelease(published.data)
  const { data } = await call(purpose, () =>
    client.octokit.rest.repos.listReleases({ owner: client.owner, repo: client.repo, per_page: 100 })
  )
  const draft = data.find(release => release.tag_name === tag)
  return draft ? toRelease(draft) : null
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
      make_latest: input.draft ? undefined : makeLatestFor(input.version, input.makeLatest),
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

/** Publishes a draft release, marking it latest as asked (never a pre-release). */
export async function publishRelease(
  client: RepoClient,
  id: number,
  version: string,
  makeLatest: MakeLatest
): Promise<Release> {
  const { data } = await call({ action: `publish release ${id}`, permission: PERMISSION.contentsWrite }, () =>
    client.octokit.rest.repos.updateRelease({
      owner: client.owner,
      repo: client.repo,
      release_id: id,
      draft: false,
      make_latest: makeLatestFor(version, makeLatest)
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
