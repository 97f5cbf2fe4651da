// Standalone emulator: `npm run emulator -- --repo <git repo> [--port N] [--name owner/repo]`.
import { execFileSync } from 'node:child_process'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Emulator } from './server.js'

const { values } = parseArgs({
  options: {
    repo: { type: 'string' },
    port: { type: 'string', default: '0' },
    name: { type: 'string' }
  }
})

if (!values.repo) {
  console.error('Usage: npm run emulator -- --repo <path to a git repository> [--port N] [--name owner/repo]')
  process.exit(2)
}

const dir = resolve(values.repo)
const name = values.name ?? `local/${basename(dir).replace(/\.git$/, '')}`
const defaultBranch = execFileSync('git', ['symbolic-ref', '--short', 'HEAD'], {
  cwd: dir,
  encoding: 'utf8'
}).trim()
const emulator = new Emulator({ repos: { [name]: dir }, defaultBranch })
const url = await emulator.start(Number(values.port))

console.log(`GitHub API emulator for ${name} (${dir}, default branch ${defaultBranch})`)
console.log(`URL: ${url}`)
console.log('')
console.log('Try the action against it:')
console.log(
  `  env GITHUB_API_URL=${url} GITHUB_SERVER_URL=${url} GITHUB_REPOSITORY=${name} GITHUB_EVENT_NAME=workflow_dispatch \\`
)
console.log(
  `  GITHUB_REF=refs/heads/${defaultBranch} GITHUB_SHA=$(git -C ${dir} rev-parse HEAD) 'INPUT_GITHUB-TOKEN=local' \\`
)
console.log("  'INPUT_DRY-RUN=true' node dist/index.js")
console.log('')
console.log(
  `Controls: ${url}/_emulator/requests, POST ${url}/_emulator/repos/${name}/check-runs {"sha","name","conclusion"}`
)

const shutdown = () => void emulator.stop().then(() => process.exit(0))
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
