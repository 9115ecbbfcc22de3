import { defineConfig } from 'tsup';
import { precompileValidators } from './precompile-validators.js';

// The DSL stays a separate package at run time: user pipelines and the compiler share it.
const external = ['@kfp-ts/dsl', 'tsx', 'tsx/esm/api', 'tsx/cjs/api'];

export default defineConfig([
  // The library, for both module systems.
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    external,
    esbuildPlugins: [precompileValidators],
  },
  // The CLI, ESM only (it loads user files with tsx's ESM API).
  { entry: { cli: 'src/cli/run.ts' }, format: ['esm'], sourcemap: true, target: 'node20', external, esbuildPlugins: [precompileValidators] },
]);
