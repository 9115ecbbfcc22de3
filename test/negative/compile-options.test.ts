/**
 * Compile options: compile-time parameter values that match no input or do not fit it, what compile()
 * accepts, and output files that are written whole or not at all.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compile, compileToFile } from '@kfp-ts/compiler';
import { pipeline, t } from '@kfp-ts/dsl';
import { expectDefinitionError } from './helpers.js';
import { makeText, useModel, useNumber } from './fixtures.js';

const withInputs = pipeline({ name: 'with-inputs', inputs: { rows: t.integer(), model: t.model() } }, ({ rows, model }) => {
  useNumber({ n: rows });
  useModel({ model });
});

describe('compile-time pipeline parameters', () => {
  it('rejects a name that matches no pipeline input', () => {
    expectDefinitionError(() => compile(withInputs, { pipelineParameters: { row: 5 } }), {
      message: "pipeline parameter 'row' does not match any pipeline input (inputs: rows, model)",
      pipeline: 'with-inputs',
      field: 'row',
    });
  });

  it('rejects a value for an artifact input', () => {
    expectDefinitionError(() => compile(withInputs, { pipelineParameters: { model: 'gs://bucket/model' } }), {
      message: "'model' is an artifact input; only parameters can be given values at compile time",
      pipeline: 'with-inputs',
      field: 'model',
    });
  });

  it('rejects a value of the wrong type', () => {
    expectDefinitionError(() => compile(withInputs, { pipelineParameters: { rows: 'ten' } }), {
      message: `pipeline parameter 'rows' is NUMBER_INTEGER, but its compile-time value is "ten"`,
      pipeline: 'with-inputs',
      field: 'rows',
    });
  });

  it('rejects null as a value', () => {
    expectDefinitionError(() => compile(withInputs, { pipelineParameters: { rows: null } }), {
      message: "pipeline parameter 'rows' is NUMBER_INTEGER, but its compile-time value is null",
      field: 'rows',
    });
  });
});

describe('what compile() accepts', () => {
  it('rejects something that is not a pipeline or component', () => {
    expectDefinitionError(() => compile((() => undefined) as never), {
      message: 'compile() takes a pipeline declared with pipeline() or a component',
    });
  });
});

describe('compileToFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kfp-ts-negative-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const empty = pipeline({ name: 'empty' }, () => {});

  it('rejects an output path that does not end with .yaml or .yml', () => {
    const path = join(dir, 'pipeline.json');
    expectDefinitionError(() => compileToFile(withInputs, path), {
      message: `the output file '${path}' should end with .yaml or .yml`,
      field: 'output',
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file behind when compilation fails', () => {
    const path = join(dir, 'out', 'pipeline.yaml');
    expectDefinitionError(() => compileToFile(empty, path), { message: 'the pipeline has no tasks', pipeline: 'empty' });
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
  });

  it('keeps an existing file unchanged when compilation fails', () => {
    const path = join(dir, 'pipeline.yaml');
    writeFileSync(path, 'previous: content\n');
    expectDefinitionError(() => compileToFile(withInputs, path, { pipelineParameters: { nope: 1 } }), {
      message: "pipeline parameter 'nope' does not match any pipeline input",
    });
    expect(readFileSync(path, 'utf8')).toBe('previous: content\n');
    expect(readdirSync(dir)).toEqual(['pipeline.yaml']);
  });

  it('removes its temporary file when writing fails', () => {
    const path = join(dir, 'taken.yaml');
    mkdirSync(join(path, 'inside'), { recursive: true }); // a directory where the file should go
    expect(() => compileToFile(pipeline({ name: 'ok' }, () => { makeText(); }), path)).toThrow();
    expect(readdirSync(dir)).toEqual(['taken.yaml']);
    expect(readdirSync(path)).toEqual(['inside']);
  });

  it('writes the whole file when compilation succeeds', () => {
    const path = join(dir, 'pipeline.yaml');
    compileToFile(pipeline({ name: 'ok' }, () => { makeText(); }), path);
    expect(readFileSync(path, 'utf8')).toContain('name: ok');
    expect(readdirSync(dir)).toEqual(['pipeline.yaml']);
  });
});
