import semver from 'semver'
import type { Bump } from '../../../test-support/bench/history.js'
import { runMeasured } from '../../../test-support/bench/measured-process.js'
import { roundTripsInSequence } from '../../../test-support/bench/request-timeline.js'
import type { Peer } from '../peers.js'
import type { Decision, Stage, Tool } from '../types.js'

/** The lines that say what it decided: its log of the commits it split, and the release pull request's title. */
const TELLING = /Splitting \d+ commits by path|^title: /

function decisionOf(lines: readonly string[], lastVersion: string): Decision {
  const text = lines.join('\n')
  const commits = /Splitting (\d+) commits by path/.exec(text)?.[1]
  // "title: chore(main): release 2.0.0"
  const version = /^title: .*release (\S+)$/m.exec(text)?.[1] ?? null
  const difference = version ? semver.diff(lastVersion, version) : null
  const bump = difference === 'major' || difference === 'minor' || difference === 'patch' ? difference : null
  return { version, bump: bump as Bump | null, commits: commits ? Number(commits) : null }
}

/**
 * `release-please release-pr --dry-run` against the emulator, as the action runs: it reads everything through
 * GitHub's API (REST and GraphQL, --api-url and --graphql-url on 127.0.0.1, a fake token), finds the last release
 * from the manifest and the tags, pages through the branch's history in GraphQL, asks REST for the files of every
 * commit that came without a pull request, and renders the release pull request's title, notes and file changes
 * without opening it. Its manifest files are in the generated history (release-please-config.json and
 * .release-please-manifest.json, with a commit search deep enough for 50,000 commits).
 */
export function releasePleaseTool(node: string, peer: Peer): Tool {
  return {
    id: 'release-please',
    label: `release-please ${peer.version}`,
    async run(stage: Stage) {
      const { emulator, timeline } = stage
      const mark = timeline.mark()
      const logged = emulator.requests.length
      const violations = emulator.violations.length
      const cpuBefore = process.cpuUsage()
      const run = await runMeasured(
        node,
        [
          peer.bin,
          'release-pr',
          '--dry-run',
          `--repo-url=${stage.repository}`,
          '--target-branch=main',
          `--api-url=${emulator.url}`,
          `--graphql-url=${emulator.url}`,
          '--token=fake-token-for-the-emulator'
        ],
        {
          cwd: stage.clone,
          // Only what Node needs: no CI variables, no proxies, no real tokens.
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
          keep: TELLING
        }
      )
      const server = process.cpuUsage(cpuBefore)
      const timed = timeline.since(mark)
      // A request GitHub would refuse (REST or GraphQL) makes the run not count.
      const refused = emulator.violations.slice(violations)
      return {
        wallMs: run.times.exitedAt - run.times.spawnedAt,
        cpuMs: run.resources?.cpuMs ?? null,
        maxRssKb: run.resources?.maxRssKb ?? null,
        requests: emulator.requests.length - logged,
        roundTrips: roundTripsInSequence(timed),
        firstRequestMs: null,
        serverCpuMs: (server.user + server.system) / 1000,
        decision: decisionOf(run.kept, stage.history.lastVersion),
        failure:
          run.exitCode !== 0
            ? `exit ${run.exitCode}: ${run.tail.slice(-600)}`
            : refused.length > 0
              ? `the emulator refused or fell short: ${refused.slice(0, 3).join('; ')}`
              : null
      }
    }
  }
}
