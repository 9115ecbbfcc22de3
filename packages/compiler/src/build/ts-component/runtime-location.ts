/**
 * Where the container runtime's code is, to bundle it with components: the `@kfp-ts/runtime` package the
 * compiler depends on (its TypeScript sources when present, as in a checkout; else its build).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compilerRequire } from './node-require.js';

let cached: string | undefined;

export function runtimeEntry(): string {
  if (cached) return cached;
  const root = dirname(compilerRequire.resolve('@kfp-ts/runtime/package.json'));
  for (const candidate of ['src/index.ts', 'dist/index.js']) {
    const path = join(root, candidate);
    if (existsSync(path)) return (cached = path);
  }
  throw new Error(`the @kfp-ts/runtime package at ${root} has neither src/index.ts nor dist/index.js: reinstall it`);
}
