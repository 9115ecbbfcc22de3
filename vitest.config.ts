import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources, so `npm test` needs no build step for in-process tests.
    alias: {
      '@kfp-ts/dsl': src('dsl'),
      '@kfp-ts/compiler': src('compiler'),
      '@kfp-ts/components': src('components'),
      '@kfp-ts/runtime': src('runtime'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    testTimeout: 60_000,
  },
});
