/**
 * The steps' Dockerfile (packages/components/image/Dockerfile): its first stage runs `kfp-ts component
 * build` on the steps module; here that exact command line runs with the built CLI, and the files the second
 * stage copies must be what it wrote. Docker itself is not needed (and not available on every machine).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTsComponent } from '@kfp-ts/dsl';
import { POLYP_COMPONENTS_IMAGE } from '@kfp-ts/components';
import * as stepsModule from '../../../packages/components/src/steps/index.js';
import { kfpTs, scratchDir } from '../../cli/run-cli.js';

const dockerfile = readFileSync('packages/components/image/Dockerfile', 'utf8');
const buildScript = readFileSync('packages/components/image/build.sh', 'utf8');
const scratch = scratchDir();
afterAll(() => scratch.remove());

/** The `RUN` line of the first stage that writes the build context, split into words. */
function contextCommand(): string[] {
  const line = dockerfile.split('\n').find((l) => l.startsWith('RUN ') && l.includes('component build'));
  if (!line) throw new Error('the Dockerfile has no `component build` step');
  return line.replace(/^RUN\s+/, '').split(/\s+/);
}

describe('packages/components/image/Dockerfile', () => {
  it('builds the image the steps declare, by default', () => {
    expect(dockerfile).toContain(`ARG IMAGE=${POLYP_COMPONENTS_IMAGE}\n`);
    expect(buildScript).toContain(`image="\${1:-${POLYP_COMPONENTS_IMAGE}}"`);
  });

  it('writes, with the CLI, a context holding every step the package exports, and copies its files', () => {
    const words = contextCommand();
    expect(words.slice(0, 4)).toEqual(['node', 'packages/compiler/bin/kfp-ts.js', 'component', 'build']);
    const module = words[4];
    expect(module).toBe('packages/components/src/steps/index.ts');
    const out = join(scratch.dir, 'context');
    const r = kfpTs('component', 'build', module, '--image', POLYP_COMPONENTS_IMAGE, '-o', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { components: string[]; warnings: string[] };
    const steps = Object.values(stepsModule as Record<string, unknown>).filter(isTsComponent).map((c) => c.name);
    expect(steps.length).toBeGreaterThanOrEqual(9);
    expect([...result.components].sort()).toEqual([...steps].sort());
    expect(result.warnings).toEqual([]);
    // What the second stage copies from the context.
    for (const copy of dockerfile.matchAll(/^COPY --from=context (.+) \.\/$/gm)) {
      for (const file of copy[1].split(/\s+/)) expect(existsSync(join(out, file.replace(/^\/context\//, '')))).toBe(true);
    }
    expect(dockerfile).toMatch(/^WORKDIR \/kfp-ts\/component$/m);
  });
});
