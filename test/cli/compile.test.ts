/**
 * `kfp-ts compile` as a user runs it: the built binary on .ts files. Failures must print one clear line
 * with the source location, exit with 1, print no stack trace and leave no output file behind.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixture, hasStackTrace, kfpTs, scratchDir } from './run-cli.js';

const scratch: { remove: () => void }[] = [];
afterEach(() => scratch.splice(0).forEach((s) => s.remove()));

function outputDir() {
  const s = scratchDir();
  scratch.push(s);
  return s;
}

/** Runs a compile that must fail; checks the exit code, one-line message and that nothing was written. */
function compileFails(args: string[]) {
  const out = outputDir();
  const result = kfpTs('compile', ...args, '-o', join(out.dir, 'out.yaml'));
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(hasStackTrace(result.stderr)).toBe(false);
  expect(result.stderr).toMatch(/^error: /);
  expect(out.files()).toEqual([]);
  return result.stderr;
}

describe('kfp-ts compile', () => {
  it('compiles a pipeline file to YAML on standard output', () => {
    const r = kfpTs('compile', fixture('good.ts'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const spec = parse(r.stdout);
    expect(spec.pipelineInfo.name).toBe('hello-cli');
    expect(spec.root.dag.tasks.greet.componentRef.name).toBe('comp-greet');
    expect(spec.deploymentSpec.executors['exec-greet'].container.resources.resourceCpuLimit).toBe('500m');
  });

  it('compiles the flagship example, which then validates', () => {
    const out = outputDir();
    const file = join(out.dir, 'polyp.yaml');
    const r = kfpTs('compile', 'examples/polyp/pipeline.ts', '-o', file);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote ${file}\n`);
    expect(kfpTs('validate', file).stdout).toBe(`${file}: valid\n`);
  });

  it('writes the YAML to -o and says so', () => {
    const out = outputDir();
    const file = join(out.dir, 'nested', 'hello.yaml');
    const r = kfpTs('compile', fixture('good.ts'), '-o', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${file}`);
    expect(parse(readFileSync(file, 'utf8')).pipelineInfo.name).toBe('hello-cli');
    expect(out.files()).toEqual(['nested']);
  });

  it('applies --params as the pipeline parameters\' defaults', () => {
    const r = kfpTs('compile', fixture('good.ts'), '--params', '{"name": "kubeflow"}');
    expect(r.code).toBe(0);
    expect(parse(r.stdout).root.inputDefinitions.parameters.name.defaultValue).toBe('kubeflow');
  });

  it('chooses among several pipelines with --pipeline', () => {
    const r = kfpTs('compile', fixture('two-pipelines.ts'), '--pipeline', 'second');
    expect(r.code).toBe(0);
    expect(parse(r.stdout).pipelineInfo.name).toBe('second-pipeline');
  });

  it('asks for --pipeline when a file exports several pipelines', () => {
    const stderr = compileFails([fixture('two-pipelines.ts')]);
    expect(stderr).toContain('exports several pipelines (first, second)');
    expect(stderr).toContain('--pipeline');
  });

  it('names the pipelines when --pipeline names an unknown export', () => {
    const stderr = compileFails([fixture('two-pipelines.ts'), '--pipeline', 'third']);
    expect(stderr).toContain("has no export named 'third' (its pipelines: first, second)");
  });

  it('rejects a --pipeline export that is not a pipeline', () => {
    const stderr = compileFails([fixture('two-pipelines.ts'), '--pipeline', 'notAPipeline']);
    expect(stderr).toContain("export 'notAPipeline'");
    expect(stderr).toContain('is not a pipeline');
  });

  it('reports a TypeScript syntax error with its line and column', () => {
    const stderr = compileFails([fixture('syntax-error.ts')]);
    expect(stderr).toMatch(/^error: cannot compile TypeScript: .+ \(at .*test\/cli\/fixtures\/syntax-error\.ts:5:14\)\n/);
  });

  it('reports an error thrown while the module loads, at the line that threw', () => {
    const stderr = compileFails([fixture('throws-at-load.ts')]);
    expect(stderr).toMatch(/^error: settings file settings\.json is missing \(at .*test\/cli\/fixtures\/throws-at-load\.ts:5:9\)\n/);
  });

  it('reports an invalid resource quantity with the pipeline, task, field and line', () => {
    const stderr = compileFails([fixture('invalid-quantity.ts')]);
    expect(stderr).toContain("task 'work', field 'memoryLimit': 'lots' is not a memory quantity");
    const [message, ...frame] = stderr.trimEnd().split('\n');
    expect(message).toMatch(/\(at .*test\/cli\/fixtures\/invalid-quantity\.ts:13:\d+\)$/);
    // The rest is the code frame of the offending line.
    expect(frame.every((line) => /^[> ] +\d* \|/.test(line))).toBe(true);
  });

  it('reports a missing file', () => {
    const stderr = compileFails([fixture('no-such-pipeline.ts')]);
    expect(stderr).toBe('error: no such file: test/cli/fixtures/no-such-pipeline.ts\n');
  });

  it('reports --params that are not JSON, before loading the file', () => {
    const stderr = compileFails([fixture('good.ts'), '--params', '{name: kubeflow}']);
    expect(stderr).toMatch(/^error: --params is not valid JSON: /);
  });

  it('reports --params that are JSON but not an object', () => {
    const stderr = compileFails([fixture('good.ts'), '--params', '[1, 2]']);
    expect(stderr).toContain('--params must be a JSON object');
  });

  it('reports --params naming a parameter the pipeline does not have', () => {
    const stderr = compileFails([fixture('good.ts'), '--params', '{"nmae": "x"}']);
    expect(stderr).toContain("pipeline parameter 'nmae' does not match any pipeline input (inputs: name)");
  });

  it('refuses an output file that is not .yaml or .yml', () => {
    const out = outputDir();
    const r = kfpTs('compile', fixture('good.ts'), '-o', join(out.dir, 'out.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('should end with .yaml or .yml');
    expect(out.files()).toEqual([]);
  });

  it('leaves an existing output file untouched when compilation fails', () => {
    const out = outputDir();
    const file = join(out.dir, 'pipeline.yaml');
    writeFileSync(file, 'previous: content\n');
    const r = kfpTs('compile', fixture('invalid-quantity.ts'), '-o', file);
    expect(r.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe('previous: content\n');
    expect(out.files()).toEqual(['pipeline.yaml']);
  });
});
