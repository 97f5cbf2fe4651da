import type { Bump } from '../../../test-support/bench/history.js'
import { runMeasured } from '../../../test-support/bench/measured-process.js'
import type { Peer } from '../peers.js'
import { NO_FIGURES, type Decision, type Tool } from '../types.js'

const TELLING =
  /Found \d+ commits since last release|Analysis of \d+ commits complete|next release version is|no relevant changes|✖/

function decisionOf(lines: readonly string[]): Decision {
  const text = lines.join('\n')
  const commits = /Found (\d+) commits since last release/.exec(text)?.[1]
  const bump = /commits complete: (major|minor|patch) release/.exec(text)?.[1] as Bump | undefined
  const version = /next release version is (\S+)/.exec(text)?.[1]
  return { version: version ?? null, bump: bump ?? null, commits: commits ? Number(commits) : null }
}

/**
 * `semantic-release --dry-run --no-ci` in the clone: it verifies it may push (to the local bare remote), reads the
 * tags and the commits since the last release from git, analyses them and renders the release notes.
 */
export function semanticReleaseTool(node: string, peer: Peer): Tool {
  return {
    id: 'semantic-release',
    label: `semantic-release ${peer.version}`,
    async run(stage) {
      const run = await runMeasured(node, [peer.bin, '--dry-run', '--no-ci'], {
        cwd: stage.clone,
        // Only what git and Node need: no CI variables, no tokens.
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        keep: TELLING
      })
      return {
        ...NO_FIGURES,
        wallMs: run.times.exitedAt - run.times.spawnedAt,
        cpuMs: run.resources?.cpuMs ?? null,
        maxRssKb: run.resources?.maxRssKb ?? null,
        decision: decisionOf(run.kept),
        failure: run.exitCode === 0 ? null : `exit ${run.exitCode}: ${run.tail.slice(-600)}`
      }
    }
  }
}
