import { call, callOrNull, explain, statusOf, type RepoClient } from './client.js'

const WRITE = 'contents: write'

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
export async function findRelease(gh: RepoClient, tag: string): Promise<Release | null> {
  const purpose = { action: `read the release ${tag}`, permission: 'contents: read' }
  const published = await callOrNull(purpose, () =>
    gh.octokit.rest.repos.getReleaseByTag({ owner: gh.owner, repo: gh.repo, tag })
  )
  if (published) return toRelease(published.data)
  const { data } = await call(purpose, () =>
    gh.octokit.rest.repos.listReleases({ owner: gh.owner, repo: gh.repo, per_page: 100 })
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
  prerelease: boolean
  makeLatest: 'true' | 'false' | 'legacy'
}

export type ReleaseCreation = { created: true; release: Release } | { created: false; release: Release }

/**
 * Creates the release. GitHub refuses a second published release for a tag with 422 `already_exists`: then the
 * release another run made is returned instead, so two runs never make two releases.
 */
export async function createRelease(gh: RepoClient, input: NewRelease): Promise<ReleaseCreation> {
  const purpose = { action: `create the release ${input.tag}`, permission: WRITE }
  try {
    const { data } = await gh.octokit.rest.repos.createRelease({
      owner: gh.owner,
      repo: gh.repo,
      tag_name: input.tag,
      target_commitish: input.sha,
      name: input.name,
      body: input.body,
      draft: input.draft,
      prerelease: input.prerelease,
      // GitHub: drafts and pre-releases cannot be the latest release.
      make_latest: input.draft ? undefined : input.prerelease ? 'false' : input.makeLatest,
      // A retried create that had in fact succeeded would make a second draft; the caller looks first instead.
      request: { retries: 0 }
    })
    return { created: true, release: toRelease(data) }
  } catch (error) {
    if (statusOf(error) === 422) {
      const existing = await findRelease(gh, input.tag)
      if (existing) return { created: false, release: existing }
    }
    throw explain(error, purpose)
  }
}

/** Publishes a draft release. */
export async function publishRelease(
  gh: RepoClient,
  id: number,
  makeLatest: NewRelease['makeLatest']
): Promise<Release> {
  const { data } = await call({ action: `publish release ${id}`, permission: WRITE }, () =>
    gh.octokit.rest.repos.updateRelease({
      owner: gh.owner,
      repo: gh.repo,
      release_id: id,
      draft: false,
      make_latest: makeLatest
    })
  )
  return toRelease(data)
}

/** GitHub's generated notes between the previous tag and this one. */
export async function generateNotes(
  gh: RepoClient,
  tag: string,
  sha: string,
  previousTag: string | null
): Promise<string> {
  const { data } = await call({ action: `generate release notes for ${tag}`, permission: WRITE }, () =>
    gh.octokit.rest.repos.generateReleaseNotes({
      owner: gh.owner,
      repo: gh.repo,
      tag_name: tag,
      target_commitish: sha,
      ...(previousTag ? { previous_tag_name: previousTag } : {})
    })
  )
  return data.body
}
