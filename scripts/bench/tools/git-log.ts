import { runMeasured } from '../../../test-support/bench/measured-process.js'
import { NO_FIGURES, type Tool } from '../types.js'

const RECORD_END = 0x1e

/**
 * The floor: `git log` printing hash and whole message of every commit since the last tag, read to the end by
 * this process. Any tool that reads the range from git pays at least this; it decides nothing.
 */
export function gitLogTool(): Tool {
  return {
    id: 'git-log',
    label: 'git log (floor)',
    async run(stage) {
      let commits = 0
      const run = await runMeasured(
        'git',
        ['log', '--format=%H%x1f%B%x1e', `${stage.history.lastTag}..${stage.history.head}`],
        {
          cwd: stage.clone,
          onStdout: chunk => {
            for (let at = chunk.indexOf(RECORD_END); at >= 0; at = chunk.indexOf(RECORD_END, at + 1))
              commits++
          }
        }
      )
      return {
        ...NO_FIGURES,
        wallMs: run.times.exitedAt - run.times.spawnedAt,
        cpuMs: run.resources?.cpuMs ?? null,
        maxRssKb: run.resources?.maxRssKb ?? null,
        decision: { version: null, bump: null, commits },
        failure: run.exitCode === 0 ? null : `exit ${run.exitCode}: ${run.tail}`
      }
    }
  }
}
