// Bundles the action into one ES module that the runner starts with `node dist/index.js`.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

const SIDE_EFFECT_FREE =
  /node_modules\/(undici|tunnel|@actions\/(http-client|exec)|@actions\/core\/lib\/(oidc-utils|platform)\.js)/

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
    json()
  ],
  onwarn(warning, warn) {
    // The Azure and OpenTelemetry packages that @actions/cache pulls in use `this` at module scope and circular imports.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return
    warn(warning)
  }
}
