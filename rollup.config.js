// Bundles the action into one ES module that the runner starts with `node dist/index.js`.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

/** @type {import('rollup').RollupOptions} */
export default {
  input: 'src/index.ts',
  output: {
    dir: 'dist',
    format: 'es',
    sourcemap: false,
    // Modules a run may not need (the GitHub client reads the event file as it loads) are chunks loaded on demand.
    entryFileNames: 'index.js',
    chunkFileNames: '[name].js',
    banner:
      "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
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
