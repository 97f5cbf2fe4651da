import type { ReleaseType } from './commits.js'
import type { BumpRequest } from './next-version.js'

const BUMPS: readonly ReleaseType[] = ['major', 'minor', 'patch']

/** A pull request's bump labels (`release:major`, …): the labels with the prefix, and the bumps they name. */
export function bumpLabelsOf(
  labels: readonly string[],
  prefix: string
): { labels: string[]; bumps: ReleaseType[] } {
  const found = [...new Set(labels.filter(label => label.startsWith(prefix)))]
  const bumps = found
    .map(label => label.slice(prefix.length))
    .filter((bump): bump is ReleaseType => BUMPS.includes(bump as ReleaseType))
  return { labels: found, bumps }
}

/**
 * The bump a release uses: a bump label takes the place of the automatic bump (also for pre-releases, whose
 * version then counts from that bump); an explicit bump or version asked for in the inputs wins over labels.
 */
export function bumpWithLabel(requested: BumpRequest, label: ReleaseType | null): BumpRequest {
  return label && (requested.kind === 'auto' || requested.kind === 'prerelease')
    ? { kind: 'type', type: label }
    : requested
}
