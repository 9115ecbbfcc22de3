/**
 * `--json` of the local commands (compile, validate, generate, component build): standard output holds
 * exactly one JSON object (parsed whole here), with the shapes of cli/json-output.ts; messages for people
 * stay on standard error; exit codes are those of the plain command.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml } from '@kfp-ts/compiler';
import type {
  CompileResult,
  ComponentBuildResult,
  FailureResult,
  GenerateResult,
  ValidateResult,
} from '../../packages/compiler/src/cli/json-output.js';
import { training } from '../client/fixtures/train.js';
import { jsonOf } from './json-result.js';
import { fixture, kfpTsAsync, scratchDir, type CliResult } from './run-cli.js';

const scratch = scratchDir();
afterAll(() => scratch.remove());

describe('--json of the local commands', () => {
  const goodYaml = join(scratch.dir, 'train.yaml');
  const compiledTo = join(scratch.dir, 'out', 'hello.yaml');
  const generatedTo = join(scratch.dir, 'echo.ts');
  const contextDir = join(scratch.dir, 'context');
  const runs = {
    compileToStdout: ['compile', fixture('good.ts'), '--json'],
    compileToFile: ['compile', fixture('good.ts'), '-o', compiledTo, '--json'],
    compileWarns: ['compile', fixture('credential-parameter.ts'), '--json'],
    compileFails: ['compile', fixture('invalid-quantity.ts'), '--json'],
    compileSyntaxError: ['compile', fixture('syntax-error.ts'), '--json'],
    compilePrints: ['compile', fixture('prints-at-load.ts'), '--json'],
    usageError: ['compile', '--json'],
    unknownOption: ['compile', fixture('good.ts'), '--json', '--frobnicate'],
    validateGood: ['validate', goodYaml, '--json'],
    validateBad: ['validate', fixture('invalid-spec.yaml'), fixture('broken-syntax.yaml'), fixture('missing.yaml'), goodYaml, '--json'],
    generateToStdout: ['generate', fixture('echo-component.yaml'), '--json'],
    generateToFile: ['generate', fixture('echo-component.yaml'), '-o', generatedTo, '--json'],
    generateFails: ['generate', fixture('bad-component.yaml'), '--json'],
    build: ['component', 'build', 'test/runtime/fixtures/image-components.ts', '--image', 'registry.example.com/other:2', '-o', contextDir, '--json'],
    buildFails: ['component', 'build', fixture('good.ts'), '--image', 'registry.example.com/other:2', '-o', join(scratch.dir, 'none'), '--json'],
  } satisfies Record<string, string[]>;
  const results = {} as Record<keyof typeof runs, CliResult>;

  beforeAll(async () => {
    writeFileSync(goodYaml, compileToYaml(training));
    const names = Object.keys(runs) as (keyof typeof runs)[];
    const all = await Promise.all(names.map((name) => kfpTsAsync(runs[name])));
    names.forEach((name, i) => (results[name] = all[i]));
  }, 120_000);

  it('compile: the YAML in the result instead of on standard output', () => {
    const r = results.compileToStdout;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const result = jsonOf<CompileResult>(r);
    expect(result).toMatchObject({ ok: true, command: 'compile', pipeline: 'hello-cli', warnings: [] });
    expect(result.output).toBeUndefined();
    expect(parse(result.yaml!).pipelineInfo.name).toBe('hello-cli');
  });

  it('compile -o: the output file in the result', () => {
    const r = results.compileToFile;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote ${compiledTo}\n`);
    const result = jsonOf<CompileResult>(r);
    expect(result).toEqual({ ok: true, command: 'compile', pipeline: 'hello-cli', output: compiledTo, warnings: [] });
    expect(parse(readFileSync(compiledTo, 'utf8')).pipelineInfo.name).toBe('hello-cli');
  });

  it('compile: warnings in the result, and on standard error', () => {
    const r = results.compileWarns;
    expect(r.code).toBe(0);
    const result = jsonOf<CompileResult>(r);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^pipeline parameter 'password' looks like a credential/);
    expect(r.stderr).toBe(`warning: ${result.warnings[0]}\n`);
  });

  it('compile: a definition error with its pipeline, task, field and source location', () => {
    const r = results.compileFails;
    expect(r.code).toBe(1);
    const result = jsonOf<FailureResult>(r);
    expect(result).toMatchObject({
      ok: false,
      command: 'compile',
      error: { pipeline: 'bad-memory', task: 'work', field: 'memoryLimit', location: { line: 13, column: 6 } },
      warnings: [],
    });
    expect(result.error.message).toMatch(/^'lots' is not a memory quantity/);
    expect(result.error.location!.file).toMatch(/test\/cli\/fixtures\/invalid-quantity\.ts$/);
    // People still get the message and the code frame on standard error.
    expect(r.stderr).toMatch(/^error: pipeline 'bad-memory', task 'work', field 'memoryLimit': /);
    expect(r.stderr).toContain("> 13 |     .setMemoryLimit('lots');");
  });

  it('compile: a syntax error with its location', () => {
    const result = jsonOf<FailureResult>(results.compileSyntaxError);
    expect(results.compileSyntaxError.code).toBe(1);
    expect(result.error.message).toMatch(/^cannot compile TypeScript: /);
    expect(result.error.location).toMatchObject({ line: 5, column: 14 });
    expect(result.error.location!.file).toMatch(/syntax-error\.ts$/);
  });

  it("sends what the user's module prints to standard error", () => {
    const r = results.compilePrints;
    expect(r.code).toBe(0);
    expect(jsonOf<CompileResult>(r)).toMatchObject({ ok: true, pipeline: 'prints-at-load' });
    expect(r.stderr).toBe('loading the pipeline module\nmore output\n');
  });

  it('reports usage errors as JSON too, with exit code 1', () => {
    for (const [r, message] of [
      [results.usageError, "missing required argument 'file'"],
      [results.unknownOption, "unknown option '--frobnicate'"],
    ] as const) {
      expect(r.code).toBe(1);
      expect(jsonOf<FailureResult>(r)).toEqual({ ok: false, command: 'compile', error: { message }, warnings: [] });
      expect(r.stderr).toContain(`error: ${message}`);
    }
  });

  it('validate: each valid file', () => {
    const r = results.validateGood;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${goodYaml}: valid\n`);
    expect(jsonOf<ValidateResult>(r)).toEqual({ ok: true, command: 'validate', files: [{ file: goodYaml, valid: true, issues: [] }], warnings: [] });
  });

  it('validate: the problems of each file, with the field path and YAML position', () => {
    const r = results.validateBad;
    expect(r.code).toBe(1);
    const result = jsonOf<ValidateResult>(r);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toBe(
      `invalid or unreadable: ${fixture('invalid-spec.yaml')}, ${fixture('broken-syntax.yaml')}, ${fixture('missing.yaml')}`,
    );
    const [spec, broken, missing, good] = result.files;
    expect(spec.valid).toBe(false);
    expect(spec.issues).toContainEqual({
      message: "unknown field 'cpuCores'",
      document: 'PipelineSpec',
      path: 'deploymentSpec.executors.exec-a.container.cpuCores',
      location: { file: fixture('invalid-spec.yaml'), line: 14, column: 9 },
    });
    expect(spec.issues).toContainEqual({ message: "missing required field 'root'", document: 'PipelineSpec', path: 'root' });
    expect(broken.issues).toHaveLength(1);
    expect(broken.issues[0].message).toMatch(/^not valid YAML: /);
    expect(broken.issues[0].location).toEqual({ file: fixture('broken-syntax.yaml'), line: 3, column: 1 });
    expect(missing).toEqual({ file: fixture('missing.yaml'), valid: false, issues: [{ message: 'cannot read: no such file' }] });
    expect(good).toEqual({ file: goodYaml, valid: true, issues: [] });
  });

  it('generate: the module in the result, or the file it went to', () => {
    const toStdout = jsonOf<GenerateResult>(results.generateToStdout);
    expect(results.generateToStdout.code).toBe(0);
    expect(toStdout).toMatchObject({ ok: true, command: 'generate' });
    expect(toStdout.module).toContain('export const echoText: Component<typeof echoTextInputs, typeof echoTextOutputs>');
    const toFile = jsonOf<GenerateResult>(results.generateToFile);
    expect(toFile).toEqual({ ok: true, command: 'generate', output: generatedTo, warnings: [] });
    expect(readFileSync(generatedTo, 'utf8')).toBe(toStdout.module);
  });

  it('generate: an error located in the component YAML', () => {
    const r = results.generateFails;
    expect(r.code).toBe(1);
    expect(jsonOf<FailureResult>(r).error).toMatchObject({
      field: 'inputs[1].default',
      location: { file: fixture('bad-component.yaml'), line: 7, column: 12 },
    });
  });

  it('component build: the context written, the components in it, and the warnings', () => {
    const r = results.build;
    expect(r.code).toBe(0);
    const result = jsonOf<ComponentBuildResult>(r);
    expect(result).toMatchObject({ ok: true, command: 'component build', output: contextDir, image: 'registry.example.com/other:2' });
    expect(result.components).toEqual(['count-words', 'to-yaml']);
    expect([...result.files].sort()).toEqual(['.dockerignore', 'Dockerfile', 'component.mjs', 'component.mjs.map', 'package.json']);
    expect(result.files.every((f) => existsSync(join(contextDir, f)))).toBe(true);
    expect(result.warnings.length).toBe(2);
    expect(result.warnings.every((w) => w.includes('its tasks'))).toBe(true);
    for (const warning of result.warnings) expect(r.stderr).toContain(`warning: ${warning}\n`);
  });

  it('component build: a file without TypeScript components', () => {
    const r = results.buildFails;
    expect(r.code).toBe(1);
    expect(jsonOf<FailureResult>(r)).toEqual({
      ok: false,
      command: 'component build',
      error: { message: `${fixture('good.ts')} exports no TypeScript component (declare them with tsComponent and export them)` },
      warnings: [],
    });
  });
});
