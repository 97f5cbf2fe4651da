import semver from 'semver'
import type { Bump } from '../../../test-support/bench/history.js'
import { runMeasured } from '../../../test-support/bench/measured-process.js'
import { roundTripsInSequence } from '../../../test-support/bench/request-timeline.js'
import type { Peer } from '../peers.js'
import type { Decision, Measurement, Stage, Tool } from '../types.js'

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

/** A release-please run: the measurement without a decision, and the stdout lines kept. */
export interface ReleasePleaseRun {
  measurement: Omit<Measurement, 'decision'>
  kept: string[]
}

/**
 * `release-please release-pr --dry-run` against the emulator, as the action runs: it reads everything through
 * GitHub's API (REST and GraphQL, --api-url and --graphql-url on 127.0.0.1, a fake token), finds the last release
 * from the manifest and the tags, pages through the branch's history in GraphQL, asks REST for the files of every
 * commit that came without a pull request, and renders the release pull request's title, notes and file changes
 * without opening it. Its manifest files must be in the repository (release-please-config.json and
 * .release-please-manifest.json, with a commit search deep enough for the history). `keep` picks the stdout lines
 * that say what it decided.
 */
export async function runReleasePlease(
  node: string,
  peer: Peer,
  stage: Pick<Stage, 'emulator' | 'timeline' | 'repository'>,
  options: { cwd: string; keep: RegExp }
): Promise<ReleasePleaseRun> {
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
      cwd: options.cwd,
      // Only what Node needs: no CI variables, no proxies, no real tokens.
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      keep: options.keep
    }
  )
  const server = process.cpuUsage(cpuBefore)
  const timed = timeline.since(mark)
  // A request GitHub would refuse (REST or GraphQL) makes the run not count.
  const refused = emulator.violations.slice(violations)
  return {
    kept: run.kept,
    measurement: {
      wallMs: run.times.exitedAt - run.times.spawnedAt,
      cpuMs: run.resources?.cpuMs ?? null,
      maxRssKb: run.resources?.maxRssKb ?? null,
      requests: emulator.requests.length - logged,
      roundTrips: roundTripsInSequence(timed),
      firstRequestMs: null,
      serverCpuMs: (server.user + server.system) / 1000,
      failure:
        run.exitCode !== 0
          ? `exit ${run.exitCode}: ${run.tail.slice(-600)}`
          : refused.length > 0
            ? `the emulator refused or fell short: ${refused.slice(0, 3).join('; ')}`
            : null
    }
  }
}

/** release-please on the single-package histories (runReleasePlease, with the generated history's manifest). */
export function releasePleaseTool(node: string, peer: Peer): Tool {
  return {
    id: 'release-please',
    label: `release-please ${peer.version}`,
    async run(stage: Stage) {
      const { measurement, kept } = await runReleasePlease(node, peer, stage, {
        cwd: stage.clone,
        keep: TELLING
      })
      return { ...measurement, decision: decisionOf(kept, stage.history.lastVersion) }
    }
  }
}
