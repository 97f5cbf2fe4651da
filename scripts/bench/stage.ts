import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildHistory } from '../../test-support/bench/history.js'
import type { RequestTimeline } from '../../test-support/bench/request-timeline.js'
import type { Emulator } from '../../test-support/emulator/server.js'
import type { Stage } from './types.js'

function git(cwd: string, args: string[]): void {
  execFileSync('git', args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] })
}

/**
 * semantic-release as the issue compares it: only the commit analyser and the notes generator, both with the
 * conventionalcommits preset, and a local bare repository as the remote, so nothing leaves the machine.
 */
function semanticReleaseConfig(remote: string): string {
  const preset = { preset: 'conventionalcommits' }
  return JSON.stringify(
    {
      branches: ['main'],
      repositoryUrl: pathToFileURL(remote).href,
      plugins: [
        ['@semantic-release/commit-analyzer', preset],
        ['@semantic-release/release-notes-generator', preset]
      ]
    },
    null,
    2
  )
}

export interface OpenStage extends Stage {
  close(): void
}

/**
 * A generated history of `size` commits since its last tag, served by the emulator as acme/widgets-<size>, and
 * cloned (with a bare remote) for the tools that read git. Building it is not part of any measurement.
 */
export function openStage(size: number, emulator: Emulator, timeline: RequestTimeline): OpenStage {
  const history = buildHistory(size)
  const repository = `acme/widgets-${size}`
  emulator.addRepo(repository, history.dir)
  const work = mkdtempSync(join(tmpdir(), 'bench-clone-'))
  const remote = join(work, 'remote.git')
  const clone = join(work, 'clone')
  git(work, ['clone', '--quiet', '--bare', history.dir, remote])
  git(work, ['clone', '--quiet', remote, clone])
  writeFileSync(join(clone, '.releaserc.json'), semanticReleaseConfig(remote) + '\n')
  appendFileSync(join(clone, '.git', 'info', 'exclude'), '.releaserc.json\n')
  return {
    history,
    emulator,
    timeline,
    repository,
    clone,
    close() {
      rmSync(work, { recursive: true, force: true })
      history.remove()
    }
  }
}
