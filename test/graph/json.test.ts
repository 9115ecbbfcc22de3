/**
 * `kfp-ts graph --json`: standard output holds one JSON object — the drawing's text when there is no -o,
 * where it went otherwise — and a failure is the usual failure object.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailureResult, GraphResult } from '../../packages/compiler/src/cli/json-output.js';
import { jsonOf } from '../cli/json-result.js';
import { kfpTsAsync, scratchDir, type CliResult } from '../cli/run-cli.js';

const scratch = scratchDir();
afterAll(() => scratch.remove());

describe('kfp-ts graph --json', () => {
  const svg = join(scratch.dir, 'local.svg');
  const runs = {
    toStdout: ['graph', 'examples/local/pipeline.ts', '--json'],
    toFile: ['graph', 'examples/local/pipeline.ts', '-o', svg, '--json'],
    fails: ['graph', 'examples/local/pipeline.ts', '-o', join(scratch.dir, 'local.png'), '--json'],
  } satisfies Record<string, string[]>;
  const results = {} as Record<keyof typeof runs, CliResult>;

  beforeAll(async () => {
    const names = Object.keys(runs) as (keyof typeof runs)[];
    const all = await Promise.all(names.map((name) => kfpTsAsync(runs[name])));
    names.forEach((name, i) => (results[name] = all[i]));
  }, 120_000);

  it('puts the Mermaid text in the result when there is no output file', () => {
    const result = jsonOf<GraphResult>(results.toStdout);
    expect(result).toMatchObject({ ok: true, command: 'graph', pipeline: 'reviews-local', format: 'mmd' });
    expect(result.text).toMatch(/^---\ntitle: /);
    expect(result.text).toContain('flowchart TD');
    expect(result.tasks).toBeGreaterThanOrEqual(5);
    expect(result.output).toBeUndefined();
  });

  it('names the file it wrote, and leaves the drawing out of the result', () => {
    const result = jsonOf<GraphResult>(results.toFile);
    expect(result).toMatchObject({ ok: true, command: 'graph', format: 'svg', output: svg });
    expect(result.text).toBeUndefined();
    expect(readFileSync(svg, 'utf8')).toMatch(/^<\?xml [^>]*>\s*<svg /);
  });

  it('reports a bad output file as a failure object and writes nothing', () => {
    const result = jsonOf<FailureResult>(results.fails);
    expect(results.fails.code).toBe(1);
    expect(result.error.message).toMatch(/should end with \.mmd, \.svg, \.html/);
    expect(result.error.field).toBe('output');
    expect(existsSync(join(scratch.dir, 'local.png'))).toBe(false);
  });
});
