import { isMajorTagName } from '../domain/major-tags.js'
import { ActionError } from '../errors.js'
import { call, callOrNull, explain, messageOf, PERMISSION, statusOf, type RepoClient } from './client.js'

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

/** What pointing a major tag at a commit did: the commit it named before (null: it did not exist). */
export interface MajorTagMove {
  from: string | null
  /** False when it already named the commit: nothing was written. */
  changed: boolean
}

/**
 * Points a major or minor tag (v1, v1.2) at a commit: creates it when missing, else moves it with `force: true`
 * (a major tag moves to a commit that need not descend from its old one). These are the only refs the action ever
 * force-moves: any other name (a release tag such as v1.2.3 included) is refused before a request. Either request
 * may meet a concurrent run doing the same; both end with the tag at a commit, which the caller reads back.
 */
export async function moveMajorTag(
  client: RepoClient,
  prefix: string,
  tag: string,
  sha: string
): Promise<MajorTagMove> {
  if (!isMajorTagName(tag, prefix))
    throw new ActionError(
      'unexpected',
      `Refusing to force-move the tag ${tag}: only major and minor tags such as ${prefix}1 and ${prefix}1.2 are moved.`
    )
  const from = await getTagCommit(client, tag)
  if (from === sha) return { from, changed: false }
  const where = { owner: client.owner, repo: client.repo }
  const create = () => client.octokit.rest.git.createRef({ ...where, ref: `refs/tags/${tag}`, sha })
  const force = () => client.octokit.rest.git.updateRef({ ...where, ref: `tags/${tag}`, sha, force: true })
  try {
    if (from === null) {
      try {
        await create()
        return { from, changed: true }
      } catch (error) {
        // 422 "Reference already exists": someone made it meanwhile; it is moved like any existing one.
        if (raceOf(error) !== 'exists') throw error
      }
    }
    try {
      await force()
    } catch (error) {
      // 422 "Reference does not exist": deleted meanwhile; it is created instead.
      if (raceOf(error) !== 'missing') throw error
      await create()
    }
    return { from, changed: true }
  } catch (error) {
    throw explainMajorTagRefusal(error, tag, prefix)
  }
}

/** GitHub's 422 for a ref that exists (create) or does not (update): races, not refusals. */
function raceOf(error: unknown): 'exists' | 'missing' | null {
  if (statusOf(error) !== 422) return null
  const said = messageOf(error)
  if (/already exists/i.test(said)) return 'exists'
  return /does not exist/i.test(said) ? 'missing' : null
}

/**
 * A 422 on a major tag is a rule: a tag ruleset (or a legacy tag protection rule) whose restrict creations, restrict
 * updates or block force pushes covers it. Say which setting to change; a 403 names the permission (see explain).
 */
function explainMajorTagRefusal(error: unknown, tag: string, prefix: string): ActionError {
  const purpose = { action: `move the tag ${tag}`, permission: PERMISSION.contentsWrite }
  if (statusOf(error) !== 422) return explain(error, purpose)
  const said = messageOf(error).replace(/\s+/g, ' ').trim()
  return new ActionError(
    'github-error',
    `GitHub refused to move the tag ${tag} (422: ${said}). A tag ruleset (or a legacy tag protection rule) covers ` +
      `${tag}: its "Restrict creations", "Restrict updates" or "Block force pushes" rule refuses it. In Settings → ` +
      `Rules → Rulesets, target only the release tags (refs/tags/${prefix}*.*.*) instead of every ${prefix}* tag, ` +
      `or add the token's actor (GitHub Actions, or your GitHub App) to the ruleset's bypass list.`
  )
}
