import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Emulator } from './emulator/server.js'
import type { RepoState } from './emulator/repo-state.js'
import { GitFixture } from './git-fixture.js'
import { runAction, type ActionRun, type RunOptions } from './run-action.js'

export const REPOSITORY = 'acme/app'

/** One product repository (real git) served by a fresh emulator, and a way to run the action against it. */
export class Scenario {
  readonly repo = new GitFixture()
  readonly emulator = new Emulator({ repos: { [REPOSITORY]: this.repo.dir } })
  node: string | undefined
  /** The runner's folder: the same workspace and temp paths for every run, as on a hosted runner. */
  readonly runnerDir = mkdtempSync(join(tmpdir(), 'autonomous-release-runner-'))

  get state(): RepoState {
    return this.emulator.repo(REPOSITORY)
  }

  async start(node?: string): Promise<this> {
    this.node = node
    await this.emulator.start()
    return this
  }

  /**
   * Runs the action with the inputs a test sets and action.yml's defaults for the rest: the quality gate is `auto`,
   * which finds no BEAST MODE here (no API URL, no CLI on PATH) unless a test provides one.
   */
  run(options: Partial<RunOptions> = {}): Promise<ActionRun> {
    return runAction({
      apiUrl: this.emulator.url,
      repository: REPOSITORY,
      sha: this.repo.head(),
      node: this.node,
      runnerDir: this.runnerDir,
      ...options,
      inputs: options.inputs ?? {}
    })
  }

  /** Tag names in the git repository, as git itself lists them. */
  tags(): string[] {
    return this.repo.git(['tag', '--list']).split('\n').filter(Boolean)
  }

  async stop(): Promise<void> {
    await this.emulator.stop()
    this.repo.remove()
    rmSync(this.runnerDir, { recursive: true, force: true })
  }
}
