/** `kfp-ts validate`: corpus files written by the Python compiler pass; broken files fail with precise lines. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, fixture, hasStackTrace, kfpTs, scratchDir } from './run-cli.js';

const corpusFiles = [
  'critical/flip_coin.yaml',
  'valid/arguments_parameters.yaml',
  'gpu-scheduling/nvidia_gpu_scheduling_check.yaml',
  'kubernetes/config_map_as_env.yaml',
].map((f) => join(corpusDir, f));

describe('kfp-ts validate', () => {
  const scratch = scratchDir();
  const compiled = join(scratch.dir, 'hello.yaml');
  beforeAll(() => {
    expect(kfpTs('compile', fixture('good.ts'), '-o', compiled).code).toBe(0);
  });
  afterAll(() => scratch.remove());

  it.skipIf(!existsSync(corpusDir))('accepts IR written by the Python compiler (PipelineSpec and PlatformSpec)', () => {
    const r = kfpTs('validate', ...corpusFiles);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(corpusFiles.map((f) => `${f}: valid`));
  });

  it('accepts what kfp-ts compile writes', () => {
    const r = kfpTs('validate', compiled);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${compiled}: valid\n`);
  });

  it('rejects text that is not YAML, with the line and column', () => {
    const r = kfpTs('validate', fixture('broken-syntax.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^test\/cli\/fixtures\/broken-syntax\.yaml: not valid YAML: .* at line \d+, column \d+\n/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('rejects YAML that is not a valid PipelineSpec, one line per problem with its field path', () => {
    const r = kfpTs('validate', fixture('invalid-spec.yaml'));
    expect(r.code).toBe(1);
    // Each problem line is followed by a code frame of the YAML.
    const problems = r.stderr.split('\n').filter((line) => line.startsWith('test/cli/'));
    expect(problems.sort()).toEqual([
      "test/cli/fixtures/invalid-spec.yaml: PipelineSpec deploymentSpec.executors.exec-a.container.cpuCores: unknown field 'cpuCores'",
      "test/cli/fixtures/invalid-spec.yaml: PipelineSpec root: missing required field 'root'",
    ]);
  });

  it('checks every file and fails if any is invalid or missing', () => {
    const r = kfpTs('validate', compiled, fixture('missing.yaml'), fixture('invalid-spec.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${compiled}: valid\n`);
    expect(r.stderr).toContain('test/cli/fixtures/missing.yaml: cannot read: no such file');
    expect(r.stderr).toContain('invalid-spec.yaml: PipelineSpec root');
  });
});
