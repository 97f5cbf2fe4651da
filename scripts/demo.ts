// `npm run demo`: a scratch product repository with a realistic history, the GitHub API emulator in front of it,
// and the bundled action run as a scheduled workflow would run it; then run again on the same commit.
import { Emulator } from '../test-support/emulator/server.js'
import { GitFixture } from '../test-support/git-fixture.js'
import { join } from 'node:path'
import { PROJECT_ROOT, runAction, type ActionRun } from '../test-support/run-action.js'

const repo = new GitFixture()
repo.commit('chore: scaffold the service', {
  'package.json': '{\n  "name": "shop-api",\n  "version": "1.3.0"\n}\n'
})
repo.commit('feat(cart): persist carts across sessions (#18)')
repo.tag('v1.3.0')
repo.commit('docs: document the cart API')
repo.commit('fix(checkout): round totals to cents (#21)')
repo.commit('feat(search): typo-tolerant product search (#24)')
repo.commit('perf(search): cache the product index')
repo.commit('chore(deps): bump dependencies')
const head = repo.commit('ci: run the tests on Node 24')

const emulator = new Emulator({ repos: { 'acme/shop-api': repo.dir } })
await emulator.start()
const state = emulator.repo('acme/shop-api')
state.addCheckRun(head, { name: 'test (node 24)', conclusion: 'success' })
state.addCheckRun(head, { name: 'lint', conclusion: 'success' })
state.addStatus(head, 'codecov/project', 'success')

function show(title: string, run: ActionRun): void {
  console.log(`\n━━━ ${title} ━━━ exit ${run.exitCode}`)
  console.log('\nOutputs:')
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name === 'result' || name === 'release-notes') continue
    console.log(`  ${name.padEnd(18)} ${value}`)
  }
  console.log('\nJob summary:\n')
  console.log(run.summary.trim().replace(/^/gm, '  '))
}

// The workflow's schedule, with BEAST MODE scoring the code (its CLI's stand-in: the package is not on npm).
const scheduledRun = () =>
  runAction({
    apiUrl: emulator.url,
    repository: 'acme/shop-api',
    sha: head,
    eventName: 'schedule',
    path: [join(PROJECT_ROOT, 'test-support', 'beast-mode', 'bin')],
    env: { STANDIN_SCORE: '84' },
    inputs: { quality: 'beast-mode', 'quality-threshold': '70' }
  })

try {
  console.log(`Scratch repository ${repo.dir}\nGitHub API emulator ${emulator.url} serving acme/shop-api`)
  const first = await scheduledRun()
  show('Scheduled run on a green main', first)
  const second = await scheduledRun()
  show('The same schedule again on the same commit (no-op)', second)
  console.log(`\nTags in the scratch repository: ${repo.git(['tag', '--list']).split('\n').join(', ')}`)
  console.log(`Releases on the emulator: ${state.releases.map(release => release.tagName).join(', ')}`)
  console.log(
    `API requests: ${emulator.requests.length} (${emulator.writes().length} writes); OpenAPI violations: ${emulator.violations.length}`
  )
  if (
    first.outputs.outcome !== 'released' ||
    second.outputs.outcome !== 'skipped' ||
    emulator.violations.length > 0
  )
    process.exitCode = 1
} finally {
  await emulator.stop()
  repo.remove()
}
