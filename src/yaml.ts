import { createRequire } from 'node:module'
import type * as Yaml from 'yaml'

/** What the action uses of it (all that dist/yaml.js exports). */
type YamlParser = Pick<typeof Yaml, 'parse' | 'parseDocument'>

const load = createRequire(import.meta.url)
let loaded: YamlParser | undefined

/**
 * The yaml package, loaded on first use: its 300 KB cost 15–30 ms of every start on Node 24, and only inputs that
 * hold YAML and a deploy workflow's file need it. Synchronous, so that reading the inputs stays synchronous: in
 * dist/ it is a chunk of its own, an ES module without top-level await, which `require` loads (Node ≥ 20.19).
 * rollup.config.js points the `require` below at that chunk.
 */
export function yaml(): YamlParser {
  loaded ??= load('yaml') as YamlParser
  return loaded
}
