import semver from 'semver'
import type { Bump } from '../../../test-support/bench/history.js'
import { runMeasured } from '../../../test-support/bench/measured-process.js'
import type { Peer } from '../peers.js'
import { NO_FIGURES, type Decision, type Tool } from '../types.js'

function decisionOf(lines: readonly string[], lastVersion: string): Decision {
  const bump = lines.find(line => /^(major|minor|patch)$/.test(line.trim()))?.trim() as Bump | undefined
  const reason = lines
    .find(line => line.startsWith('Reason:'))
    ?.slice('Reason:'.length)
    .trim()
  return {
    // It names the bump only; the version is that bump from the last release it found (v1.0.0 in every history).
    version: bump ? semver.inc(lastVersion, bump) : null,
    bump: bump ?? null,
    commits: null,
    ...(reason ? { detail: reason } : {})
  }
}

/**
 * `conventional-recommended-bump -p conventionalcommits -v` in the clone: it finds the last semver tag, parses the
 * commits since and names the bump. It renders no notes, so it does less than the others.
 */
export function recommendedBumpTool(node: string, peer: Peer): Tool {
  return {
    id: 'recommended-bump',
    label: `conventional-recommended-bump ${peer.version}`,
    async run(stage) {
      const run = await runMeasured(node, [peer.bin, '--preset', 'conventionalcommits', '--verbose'], {
        cwd: stage.clone,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        keep: /^(major|minor|patch)$|^Reason:/
      })
      return {
        ...NO_FIGURES,
        wallMs: run.times.exitedAt - run.times.spawnedAt,
        cpuMs: run.resources?.cpuMs ?? null,
        maxRssKb: run.resources?.maxRssKb ?? null,
        decision: decisionOf(run.kept, stage.history.lastVersion),
        failure: run.exitCode === 0 ? null : `exit ${run.exitCode}: ${run.tail.slice(-600)}`
      }
    }
  }
}
