/**
 * A component declared in a CommonJS module (the package's CommonJS build, so it needs `npm run build`)
 * bundles and runs like one declared in an ES module.
 */
import { createRequire } from 'node:module';
import { afterAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml } from '@kfp-ts/compiler';
import { cleanUpLaunches, launch } from './launcher.js';

afterAll(cleanUpLaunches);

it('runs a component declared with require()', () => {
  const { shout } = createRequire(import.meta.url)('./fixtures/commonjs-component.cjs');
  const spec = parse(compileToYaml(shout));
  const r = launch({ spec, executor: 'exec-shout', parameters: { text: 'hello' } });
  expect(r.stderr).toBe('');
  expect(r.outputParameters).toEqual({ loud: 'HELLO!' });
});
