import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'
import { PROJECT_ROOT } from '../../test-support/run-action.js'

/**
 * The tools compared against, installed on first use into an ignored folder of their own: they are not
 * dependencies of the action, and their hundreds of packages stay out of its lock file and audit.
 */
export const PEERS_DIR = join(PROJECT_ROOT, '.bench-peers')

const WANTED = {
  'semantic-release': '^24',
  'conventional-changelog-conventionalcommits': '^9',
  // 12 needs Node 22 or later; the bench runs every tool on Node 24.
  'conventional-recommended-bump': '^12',
  // Reads history through GitHub's GraphQL API, which the emulator serves.
  'release-please': '^17'
} as const

type PeerName = keyof typeof WANTED

export interface Peer {
  version: string
  /** The script its `bin` names, to run with the bench's Node. */
  bin: string
}

export type Peers = Record<PeerName, Peer>

function installedVersion(name: PeerName): string | null {
  const file = join(PEERS_DIR, 'node_modules', name, 'package.json')
  if (!existsSync(file)) return null
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}

function binOf(name: PeerName): string {
  const dir = join(PEERS_DIR, 'node_modules', name)
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>
  }
  const path = typeof bin === 'string' ? bin : (bin?.[name] ?? '')
  return path ? join(dir, path) : ''
}

/** The peers, installed with npm into .bench-peers/ when missing or outside the wanted ranges. */
export function ensurePeers(log: (line: string) => void): Peers {
  const names = Object.keys(WANTED) as PeerName[]
  const stale = names.filter(name => {
    const version = installedVersion(name)
    return version === null || !semver.satisfies(version, WANTED[name])
  })
  if (stale.length > 0) {
    log(`Installing ${stale.join(', ')} into ${PEERS_DIR} (once)…`)
    mkdirSync(PEERS_DIR, { recursive: true })
    const manifest = {
      name: 'bench-peers',
      private: true,
      description: 'npm run bench',
      dependencies: WANTED
    }
    writeFileSync(join(PEERS_DIR, 'package.json'), JSON.stringify(manifest, null, 2) + '\n')
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], {
      cwd: PEERS_DIR,
      stdio: ['ignore', 'ignore', 'inherit']
    })
  }
  const peers = {} as Peers
  for (const name of names) {
    const version = installedVersion(name)
    if (version === null) throw new Error(`npm did not install ${name} into ${PEERS_DIR}`)
    peers[name] = { version, bin: binOf(name) }
  }
  return peers
}
