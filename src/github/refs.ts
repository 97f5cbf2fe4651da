import { call, callOrNull, explain, PERMISSION, statusOf, type RepoClient } from './client.js'

/** The commit a tag points at (peeling an annotated tag), or null when there is no such tag. */
export async function getTagCommit(client: RepoClient, tag: string): Promise<string | null> {
  const purpose = { action: `read the tag ${tag}`, permission: PERMISSION.contentsRead }
  const ref = await callOrNull(purpose, () =>
    client.octokit.rest.git.getRef({ owner: client.owner, repo: client.repo, ref: `tags/${tag}` })
  )
  if (!ref) return null
  if (ref.data.object.type !== 'tag') return ref.data.object.sha
  const annotated = await call(purpose, () =>
    client.octokit.rest.git.getTag({ owner: client.owner, repo: client.repo, tag_sha: ref.data.object.sha })
  )
  return annotated.data.object.sha
}

export type TagCreation = { created: true } | { created: false; existingSha: string | null }

/**
 * Creates the tag in one atomic request. GitHub answers 422 when the ref already exists: that is an earlier run or a
 * concurrent one, and the caller decides from the commit it points at.
 */
export async function createTag(client: RepoClient, tag: string, sha: string): Promise<TagCreation> {
  try {
    await client.octokit.rest.git.createRef({
      owner: client.owner,
      repo: client.repo,
      ref: `refs/tags/${tag}`,
      sha
    })
    return { created: true }
  } catch (error) {
    if (statusOf(error) !== 422)
      throw explain(error, { action: `create the tag ${tag}`, permission: PERMISSION.contentsWrite })
    const existingSha = await getTagCommit(client, tag)
    if (existingSha === null)
      throw explain(error, { action: `create the tag ${tag}`, permission: PERMISSION.contentsWrite })
    return { created: false, existingSha }
  }
}

/** Deletes a tag this run made and must take back (a newer release overtook it before its release was made). */
export async function deleteTag(client: RepoClient, tag: string): Promise<void> {
  await callOrNull(
    { action: `delete the tag ${tag}`, permission: PERMISSION.contentsWrite },
    () => client.octokit.rest.git.deleteRef({ owner: client.owner, repo: client.repo, ref: `tags/${tag}` }),
    [404, 422]
  )
}
