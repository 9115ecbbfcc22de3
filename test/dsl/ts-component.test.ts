/**
 * Declaring TypeScript components: what the DSL records for the compiler (where the component is declared,
 * its packages and images), and the definition errors it raises.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { containerComponent, isKfpDefinitionError, isTsComponent, t, tsComponent } from '@kfp-ts/dsl';

const thisFile = fileURLToPath(import.meta.url);

function definitionError(declare: () => unknown): string {
  try {
    declare();
  } catch (e) {
    if (isKfpDefinitionError(e)) return e.describe();
    throw e;
  }
  throw new Error('no error');
}

describe('tsComponent', () => {
  const train = tsComponent({
    name: 'train',
    inputs: { rows: t.integer().default(10) },
    outputs: { accuracy: t.float() },
    packagesToInstall: ['lodash@^4.17.21', '@tensorflow/tfjs-node'],
    run: ({ rows }) => ({ accuracy: rows / 100 }),
  });

  it('records the declaring module and the packages, and runs in node:20-slim', () => {
    const impl = train.spec.implementation;
    expect(impl.kind).toBe('container');
    if (impl.kind !== 'container') return;
    expect(impl.container.image).toBe('node:20-slim');
    expect(impl.container.command).toBeUndefined();
    expect(impl.container.typescript).toEqual({
      declaredAt: { file: thisFile, line: expect.any(Number), column: expect.any(Number) },
      packagesToInstall: [
        { spec: 'lodash@^4.17.21', name: 'lodash' },
        { spec: '@tensorflow/tfjs-node', name: '@tensorflow/tfjs-node' },
      ],
      containerized: false,
      baseImage: 'node:20-slim',
    });
  });

  it('keeps run callable, and is recognized as a TypeScript component', async () => {
    expect(await train.run({ rows: 50 }, {})).toEqual({ accuracy: 0.5 });
    expect(isTsComponent(train)).toBe(true);
    expect(isTsComponent(containerComponent({ name: 'c', image: 'alpine' }))).toBe(false);
  });

  it('runs in the target image, with the base image kept for building it', () => {
    const c = tsComponent({ name: 'in-image', targetImage: 'ghcr.io/acme/x:1', baseImage: 'node:22-slim', run: () => {} });
    const impl = c.spec.implementation;
    if (impl.kind !== 'container') throw new Error('not a container');
    expect(impl.container.image).toBe('ghcr.io/acme/x:1');
    expect(impl.container.typescript).toMatchObject({ containerized: true, baseImage: 'node:22-slim' });
  });

  it('needs a run function', () => {
    expect(definitionError(() => tsComponent({ name: 'no-run' } as never))).toMatch(
      /^task 'no-run', field 'run': TypeScript component 'no-run' needs a run function \(at .*ts-component\.test\.ts:\d+:\d+\)$/,
    );
  });

  it('refuses list artifact outputs, bad package specs and empty images', () => {
    expect(definitionError(() => tsComponent({ name: 'l', outputs: { parts: t.artifactList(t.dataset()) }, run: () => {} }))).toContain(
      "field 'parts': output 'parts' is a list of artifacts, which a component cannot output",
    );
    expect(definitionError(() => tsComponent({ name: 'p', packagesToInstall: ['not a package'], run: () => {} }))).toContain(
      "field 'packagesToInstall': 'not a package' is not an npm package spec (name or name@version)",
    );
    expect(definitionError(() => tsComponent({ name: 'q', packagesToInstall: ["x@1'; rm -rf /"], run: () => {} }))).toContain(
      'holds a quote, a backslash or a line break',
    );
    expect(definitionError(() => tsComponent({ name: 'i', baseImage: ' ', run: () => {} }))).toContain("field 'baseImage': baseImage must be a non-empty string");
  });

  it('refuses two components of one module with the same name', () => {
    tsComponent({ name: 'twin', run: () => {} });
    expect(definitionError(() => tsComponent({ name: 'twin', run: () => {} }))).toMatch(
      /^task 'twin', field 'name': another TypeScript component of this module is named 'twin' \(line \d+\): give each its own name/,
    );
  });
});
