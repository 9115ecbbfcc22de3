import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/** Integration tests against the local kube-apiserver (see test/components/k8s-apiserver.setup.ts). */
const K8S_TESTS = 'test/components/**/*.k8s.test.ts';

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
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    testTimeout: 60_000,
    // Tests that need a real Kubernetes API server form their own project, so only they start it
    // (a project's globalSetup runs only when one of its files is selected).
    projects: [
      {
        extends: true,
        test: { name: 'default', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, K8S_TESTS] },
      },
      {
        extends: true,
        test: {
          name: 'k8s',
          include: [K8S_TESTS],
          globalSetup: ['test/components/k8s-apiserver.setup.ts'],
          typecheck: { enabled: false },
        },
      },
    ],
  },
});
