import { higherInLine, majorTagsFor, versionOfTag, type MajorTag } from '../domain/major-tags.js'
import { isPrerelease } from '../domain/release-tags.js'
import { asActionError } from '../errors.js'
import { getTagCommit, moveMajorTag, type MajorTagMove } from '../github/refs.js'
import { listAllReleases } from '../github/releases.js'
import { passed, warned, type Verdict, type WritingStep } from '../pipeline.js'
import type { ReleasePlan, ReleaseRecord } from '../plan.js'
import type { Runtime } from '../runtime.js'

type Known = ReleasePlan & { releaseSha: string; release: ReleaseRecord }
type Moved = { majorTags: readonly string[] }

/**
 * Moves the major tag (v1) and, if asked, the minor tag (v1.2) to the release just published, as action authors do
 * by hand so that users of `@v1` get it. Only for a published stable release that is the highest of the tag's
 * line, so a patch to an older minor never takes v1 backwards.
 *
 * The release is out by now: a tag GitHub refuses to move (a tag ruleset) leaves the run `released`, with a warning
 * that says what to change and how to move the tag by hand. A rerun would not do it: the release is done.
 */
export const majorTagStep: WritingStep<Known, Moved> = {
  id: 'major-tag',
  title: 'Major tags',
  writes: true,
  async simulate(known, runtime) {
    // The publish step before this one only said it would publish: the release counts as published here.
    const tags = tagsToMove(known, runtime, false)
    if ('done' in tags) return tags.done
    const { version, releaseSha } = known
    // With commit-version the tag would name a version commit not made yet: there is no sha to show.
    const unmade = runtime.config.commitVersion && !version.existing.tagSha && releaseSha === known.target.sha
    const target = unmade ? `${version.tag}'s version commit` : at(known)
    const released = await releasedVersions(runtime)
    const said: string[] = []
    const moving: string[] = []
    for (const tag of tags.move) {
      const higher = higherInLine(tag, version.version, released)
      if (higher) {
        said.push(stays(tag, higher, runtime))
        continue
      }
      const from = await getTagCommit(runtime.repoClient, tag.name)
      if (from === releaseSha && !unmade) said.push(`${tag.name} is already at ${target}: nothing to do`)
      else {
        moving.push(tag.name)
        said.push(
          from === null
            ? `would create ${tag.name} at ${target}`
            : `would move ${tag.name} from ${from.slice(0, 7)} to ${target}`
        )
      }
    }
    return passed(said.join('; '), { majorTags: moving })
  },
  async run(known, runtime) {
    const tags = tagsToMove(known, runtime, known.release.draft)
    if ('done' in tags) return tags.done
    const { version, releaseSha } = known
    const said: string[] = []
    const moved: MajorTag[] = []
    let refused = false
    const released = await releasedVersions(runtime)
    for (const tag of tags.move) {
      const higher = higherInLine(tag, version.version, released)
      if (higher) {
        said.push(stays(tag, higher, runtime))
        continue
      }
      const move = await attempt(runtime, tag, { tag: version.tag, sha: releaseSha })
      if (typeof move === 'string') {
        refused = true
        said.push(move)
      } else if (!move.changed) said.push(`${tag.name} is already at ${at(known)}: nothing to do`)
      else {
        moved.push(tag)
        said.push(
          move.from === null
            ? `created ${tag.name} at ${at(known)}`
            : `moved ${tag.name} from ${move.from.slice(0, 7)} to ${at(known)}`
        )
      }
    }
    // Read back: a higher release of the line published by another run meanwhile (which may have moved the tag
    // before this run did) takes the tag back, so that the last move is never the lower one.
    const now = moved.length > 0 ? await releasedVersions(runtime) : []
    for (const tag of [...moved]) {
      const higher = higherInLine(tag, version.version, now)
      const higherTag = higher && `${runtime.config.tagPrefix}${higher}`
      const higherSha = higherTag ? await getTagCommit(runtime.repoClient, higherTag) : null
      if (!higherTag || !higherSha) continue
      const back = await attempt(runtime, tag, { tag: higherTag, sha: higherSha })
      if (typeof back === 'string') {
        refused = true
        said.push(back)
      } else {
        moved.splice(moved.indexOf(tag), 1)
        said.push(`${tag.name} went back to ${higherTag}, released meanwhile`)
      }
    }
    // A refused move leaves the release as it is: the run stays released, and the step says a human should look.
    return (refused ? warned : passed)(said.join('; '), { majorTags: moved.map(tag => tag.name) })
  }
}

/** The tags this release moves, or why it moves none. */
function tagsToMove(
  { version }: Known,
  runtime: Runtime,
  draft: boolean
): { move: MajorTag[] } | { done: Verdict<Moved> } {
  const { majorTag, minorTag, tagPrefix } = runtime.config
  const none = (reason: string) => ({ done: passed<Moved>(reason, { majorTags: [] }) })
  if (!majorTag && !minorTag) return none('not asked for (major-tag and minor-tag: false)')
  if (isPrerelease(version.version))
    return none(`${version.tag} is a pre-release: major tags move with stable releases only`)
  if (draft) return none(`${version.tag} is still a draft: major tags move once it is published`)
  return { move: majorTagsFor(version.version, tagPrefix, { major: majorTag, minor: minorTag }) }
}

/**
 * Points the tag at the commit; a refusal (a tag ruleset, a missing permission, GitHub failing) becomes a
 * warning, and the step's words for it: the release itself is done.
 */
async function attempt(
  runtime: Runtime,
  tag: MajorTag,
  to: { tag: string; sha: string }
): Promise<MajorTagMove | string> {
  const { sha } = to
  try {
    return await moveMajorTag(runtime.repoClient, runtime.config.tagPrefix, tag.name, sha)
  } catch (error) {
    const warning =
      `${tag.name} was not moved to ${to.tag}: ${asActionError(error).message} Then move it by hand ` +
      `(git push --force origin ${sha}:refs/tags/${tag.name}), or let the next stable release move it.`
    runtime.log.warning(warning)
    // One of the step's clauses, joined with '; ': without its full stop.
    return warning.replace(/\.$/, '')
  }
}

/** The versions of the published stable releases of this tag prefix. */
async function releasedVersions(runtime: Runtime): Promise<string[]> {
  return (await listAllReleases(runtime.repoClient))
    .filter(release => !release.draft && !release.prerelease)
    .map(release => versionOfTag(release.tagName, runtime.config.tagPrefix))
    .filter((version): version is string => version !== null)
}

function stays(tag: MajorTag, higher: string, runtime: Runtime): string {
  return `${tag.name} stays: ${runtime.config.tagPrefix}${higher} is higher in ${tag.line}.x`
}

function at({ version, releaseSha }: Known): string {
  return `${version.tag} (${releaseSha.slice(0, 7)})`
}
