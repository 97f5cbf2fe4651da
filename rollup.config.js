// Bundles the action into one ES module that the runner starts with `node dist/index.js`.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import { builtinModules } from 'node:module'

const SIDE_EFFECT_FREE =
  /node_modules\/(undici|tunnel|@actions\/(http-client|exec)|@actions\/core\/lib\/(oidc-utils|platform)\.js)/

const GITHUB_CLIENT =
  /node_modules\/(@octokit\/(core|request|request-error|endpoint|auth-token|graphql|plugin-[a-z-]+)|bottleneck|before-after-hook|universal-user-agent|json-with-bigint|content-type)\/|src\/github\/http-fetch\.ts$/

// Loaded by the branch and green gates when they match patterns (and by the cache client), named for what it is.
const MINIMATCH = /node_modules\/(minimatch|brace-expansion|balanced-match)\//

const BUILTINS = new Set(builtinModules.flatMap(name => [name, `node:${name}`]))

/**
 * Node's built-in modules through `require`, not `import`. To build an ES module namespace, Node reads every export
 * of a built-in, lazy getters included: importing `http` loads Node's internal undici (for its `WebSocket` getter,
 * 40 ms on Node 24), `process` opens stdin, `tls` reads the root certificates, `crypto` loads WebCrypto. `require`
 * reads none of them. The `require` is the one the banner makes.
 */
function builtinsByRequire() {
  const IMPORT = /^import (?:(.+?) from )?'([^']+)';$/gm
  const CLAUSE = /^(?:([\w$]+)(?:, |$))?(?:\* as ([\w$]+)$)?(?:\{ (.+) \}$)?$/
  return {
    name: 'builtins-by-require',
    renderChunk(code, chunk) {
      const converted = code.replace(IMPORT, (statement, clause, source) => {
        if (!BUILTINS.has(source)) return statement
        if (clause === undefined) return ''
        const [whole, defaultName, namespace, named] = CLAUSE.exec(clause) ?? []
        if (whole === undefined)
          throw new Error(`${chunk.fileName}: cannot turn into a require: ${statement}`)
        const module = `require('${source}')`
        const bindings = named?.replace(/ as /g, ': ')
        return [
          defaultName && `const ${defaultName} = ${module};`,
          namespace && `const ${namespace} = ${module};`,
          bindings && `const { ${bindings} } = ${module};`
        ]
          .filter(Boolean)
          .join(' ')
      })
      return { code: converted, map: null }
    }
  }
}

/**
 * yaml (300 KB) as a chunk of its own, dist/yaml.js, which src/yaml.ts loads with `require` on first use, so that
 * reading the inputs stays synchronous and most runs never load it.
 */
const YAML_CHUNK = '\0yaml-chunk'

function yamlOnDemand() {
  return {
    name: 'yaml-on-demand',
    buildStart() {
      this.emitFile({ type: 'chunk', id: YAML_CHUNK, fileName: 'yaml.js', preserveSignature: 'strict' })
    },
    resolveId: id => (id === YAML_CHUNK ? id : null),
    // What src/yaml.ts offers, by name: `require` returns the chunk's namespace.
    load: id => (id === YAML_CHUNK ? "export { parse, parseDocument } from 'yaml'" : null),
    transform(code, id) {
      if (!id.endsWith('/src/yaml.ts')) return null
      if (!code.includes("load('yaml')"))
        throw new Error("src/yaml.ts no longer loads yaml with load('yaml')")
      return { code: code.replace("load('yaml')", "load('./yaml.js')"), map: null }
    }
  }
}

/** @type {import('rollup').RollupOptions} */
export default {
  input: 'src/index.ts',
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: false,
    // What a run may not need (the GitHub client, the Actions cache client, execa) is in chunks loaded on demand.
    entryFileNames: 'index.js',
    chunkFileNames: '[name].js',
    // The client every run loads before its first request, in one file rather than nine: each file the ES module
    // loader reads costs its own resolve, package.json lookup and read.
    // (The commonjs plugin's helpers stay apart: every chunk uses them.)
    manualChunks: id =>
      GITHUB_CLIENT.test(id)
        ? 'github-client'
        : MINIMATCH.test(id)
          ? 'minimatch'
          : id === '\0commonjsHelpers.js'
            ? 'commonjs-helpers'
            : undefined,
    banner:
      "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
  },
  treeshake: {
    // @actions/core imports its OIDC client (@actions/http-client, undici: 0.9 MB) and @actions/exec at load time,
    // for functions this action never calls. Declared free of side effects, they are bundled only where used: the
    // proxy path of the GitHub client, loaded on demand.
    moduleSideEffects: id => !SIDE_EFFECT_FREE.test(id)
  },
  plugins: [
    typescript({ tsconfig: './tsconfig.build.json', module: 'NodeNext' }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs(),
    json(),
    yamlOnDemand(),
    builtinsByRequire()
  ],
  onwarn(warning, warn) {
    // The Azure and OpenTelemetry packages that @actions/cache pulls in use `this` at module scope and circular imports.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return
    warn(warning)
  }
}
