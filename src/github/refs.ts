import { call, callOrNull, explain, statusOf, type RepoClient } from './client.js'

const WRITE = 'contents: write'

/** The commit a tag points at (peeling an annotated tag), or null when there is no such tag. */
export async function getTagCommit(gh: RepoClient, tag: string): Promise<string | null> {
  const purpose = { action: `read the tag ${tag}`, permission: 'contents: read' }
  const ref = await callOrNull(purpose, () =>
    gh.octokit.rest.git.getRef({ owner: gh.owner, repo: gh.repo, ref: `tags/${tag}` })
  )
  if (!ref) return null
  if (ref.data.object.type !== 'tag') return ref.data.object.sha
  const annotated = await call(purpose, () =>
    gh.octokit.rest.git.getTag({ owner: gh.owner, repo: gh.repo, tag_sha: ref.data.object.sha })
  )
  return annotated.data.object.sha
}

export type TagCreation = { created: true } | { created: false; existingSha: string | null }

/**
 * Creates the tag in one atomic request. GitHub answers 422 when the ref already exists: that is an earlier run or a
 * concurrent one, and the caller decides from the commit it points at.
 */
export async function createTag(gh: RepoClient, tag: string, sha: string): Promise<TagCreation> {
  try {
    await gh.octokit.rest.git.createRef({ owner: gh.owner, repo: gh.repo, ref: `refs/tags/${tag}`, sha })
    return { created: true }
  } catch (error) {
    if (statusOf(error) !== 422) throw explain(error, { action: `create the tag ${tag}`, permission: WRITE })
    const existingSha = await getTagCommit(gh, tag)
    if (existingSha === null) throw explain(error, { action: `create the tag ${tag}`, permission: WRITE })
    return { created: false, existingSha }
  }
}
