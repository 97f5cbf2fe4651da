// `npm run bench`: wall time, peak memory and request count of the bundled action on large histories.
// Figures, not pass/fail: compare them between changes. Goal: a dry run at 10,000 commits in ≤ 120 requests.
import { existsSync } from 'node:fs'
import { Emulator } from '../test-support/emulator/server.js'
import { GitFixture } from '../test-support/git-fixture.js'
import { runAction } from '../test-support/run-action.js'

const CASES = [
  { name: '10,000 commits since the last tag (dry run)', commits: 10_000, tagged: true },
  { name: '10,000 commits, no tag yet (dry run)', commits: 10_000, tagged: false },
  { name: '1,000 commits since the last tag (dry run)', commits: 1_000, tagged: true }
]

// Wall time includes the emulator answering (and checking) every request; CPU time is the action's own.
console.log('| case | wall time | CPU time of the action | requests | peak RSS of the action |')
console.log('| --- | --- | --- | --- | --- |')
for (const benchCase of CASES) {
  const repo = new GitFixture()
  repo.commit('chore: init')
  if (benchCase.tagged) repo.tag('v1.0.0')
  repo.bulkCommits(benchCase.commits, index =>
    index % 7 === 0 ? `feat: feature ${index}` : `fix: fix ${index}`
  )
  const emulator = new Emulator({ repos: { 'acme/bench': repo.dir } })
  await emulator.start()
  // Warm the emulator's git range cache so the figure is the action's, not git's first read.
  await runAction({
    apiUrl: emulator.url,
    repository: 'acme/bench',
    sha: repo.head(),
    inputs: { 'dry-run': 'true', quality: 'none' }
  })
  emulator.requests.length = 0
  const started = performance.now()
  const run = await runAction({
    apiUrl: emulator.url,
    repository: 'acme/bench',
    sha: repo.head(),
    inputs: { 'dry-run': 'true', quality: 'none' },
    wrapper: existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'MAXRSS_KB=%M CPU_S=%U+%S'] : []
  })
  const wall = performance.now() - started
  const rss = /MAXRSS_KB=(\d+)/.exec(run.stderr)?.[1]
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(run.stderr)
  const cpuText = cpu ? `${(Number(cpu[1]) + Number(cpu[2])).toFixed(2)} s` : 'n/a'
  const rssText = rss ? `${Math.round(Number(rss) / 1024)} MiB` : 'n/a'
  console.log(
    `| ${benchCase.name} | ${(wall / 1000).toFixed(2)} s | ${cpuText} | ${emulator.requests.length} | ${rssText} |`
  )
  if (run.outputs.outcome !== 'dry-run')
    console.error(`  unexpected outcome ${run.outputs.outcome}: ${run.outputs['skipped-reason']}`)
  await emulator.stop()
  repo.remove()
}
