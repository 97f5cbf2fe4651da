// Standalone emulator: `npm run emulator -- --repo <git repo> [--port N] [--name owner/repo] [--default-branch B]`.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { BUNDLE, runnerInputs } from '../run-action.js'
import { Emulator } from './server.js'

const { values } = parseArgs({
  options: {
    repo: { type: 'string' },
    port: { type: 'string', default: '0' },
    name: { type: 'string' },
    'default-branch': { type: 'string' }
  }
})

if (!values.repo) {
  console.error(
    'Usage: npm run emulator -- --repo <path to a git repository> [--port N] [--name owner/repo] [--default-branch B]'
  )
  process.exit(2)
}

const dir = resolve(values.repo)
const name = values.name ?? `local/${basename(dir).replace(/\.git$/, '')}`
// git's own complaints (a clone without origin/HEAD) are not the user's concern: the fallback below answers.
const git = (args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
/** The clone's idea of the default branch (origin/HEAD), else the branch checked out. */
function defaultBranchOf(): string {
  try {
    return git(['symbolic-ref', '--short', 'refs/remotes/origin/HEAD']).replace(/^origin\//, '')
  } catch {
    return git(['symbolic-ref', '--short', 'HEAD'])
  }
}
const defaultBranch = values['default-branch'] ?? defaultBranchOf()
const emulator = new Emulator({ repos: { [name]: dir }, defaultBranch })
const url = await emulator.start(Number(values.port))

/** Quotes a word for a POSIX shell when it needs it. */
const sh = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)
/** A value for a .env file, as both `node --env-file` and dotenv (local-action) read it. */
const envValue = (value: string) => (value.includes("'") ? JSON.stringify(value) : `'${value}'`)

// The runner's environment, as a file: every input action.yml declares with its default (as the runner sets
// them), the GITHUB_* variables, and files for outputs and the summary. GITHUB_SHA is left out: the action then
// releases the head of the branch, or the pull request's merge commit, as it reads them from the emulator.
const runDir = mkdtempSync(join(tmpdir(), 'autonomous-release-emulator-'))
const files = {
  env: join(runDir, 'runner.env'),
  dispatchEvent: join(runDir, 'dispatch-event.json'),
  pullEvent: join(runDir, 'event.json'),
  output: join(runDir, 'output'),
  summary: join(runDir, 'summary.md')
}
for (const folder of ['workspace', 'temp']) mkdirSync(join(runDir, folder))
writeFileSync(files.output, '')
writeFileSync(files.summary, '')
writeFileSync(files.dispatchEvent, JSON.stringify({ ref: `refs/heads/${defaultBranch}`, inputs: {} }))
const environment: Record<string, string> = {
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_API_URL: url,
  GITHUB_SERVER_URL: url,
  GITHUB_REPOSITORY: name,
  GITHUB_REF: `refs/heads/${defaultBranch}`,
  GITHUB_EVENT_NAME: 'workflow_dispatch',
  // Who dispatches: override-freeze reads this person's role (the emulator's roles control sets it).
  GITHUB_ACTOR: 'octocat',
  GITHUB_EVENT_PATH: files.dispatchEvent,
  GITHUB_OUTPUT: files.output,
  GITHUB_STEP_SUMMARY: files.summary,
  GITHUB_WORKSPACE: join(runDir, 'workspace'),
  RUNNER_TEMP: join(runDir, 'temp'),
  ...runnerInputs({ 'github-token': 'local-token' })
}
writeFileSync(
  files.env,
  [
    `# The runner's environment for ${name} on ${url}, written by npm run emulator; removed when it stops.`,
    '# Variables given on the command line win over these (node --env-file).',
    ...Object.entries(environment).map(([key, value]) => `${key}=${envValue(value)}`)
  ].join('\n') + '\n'
)

const action = `node --env-file=${sh(files.env)} ${sh(BUNDLE)}`
const controls = `${url}/_emulator/repos/${name}`
console.log(`GitHub API emulator for ${name} (${dir}, default branch ${defaultBranch})`)
console.log(`URL: ${url}`)
console.log(`Runner environment: ${files.env}`)
console.log('')
console.log(
  `Try the action against it, as a manual dispatch on ${defaultBranch} (a dry run; leave out INPUT_DRY-RUN to release):`
)
console.log(`  env 'INPUT_DRY-RUN=true' ${action}`)
console.log('')
console.log(
  'Release pull request #1 as the release-label workflow does, once it is merged with the release label:'
)
console.log(`  curl -sSf ${sh(`${controls}/pulls/1/event`)} -o ${sh(files.pullEvent)}`)
console.log(`  env GITHUB_EVENT_NAME=pull_request_target GITHUB_EVENT_PATH=${sh(files.pullEvent)} ${action}`)
console.log('')
console.log(`Outputs: ${files.output}   Job summary: ${files.summary}`)
console.log(`Controls (pull requests, collaborators, checks, statuses, deploy, state): ${controls}/…`)
console.log('  see README.md, "Try it on your own repository (local emulator)"')

const shutdown = () =>
  void emulator.stop().then(() => {
    rmSync(runDir, { recursive: true, force: true })
    process.exit(0)
  })
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
