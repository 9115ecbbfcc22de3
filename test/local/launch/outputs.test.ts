/**
 * Reading a task's outputs back with the launcher's rules: the executor output first, then the parameter
 * files by declared type; artifacts take the URI and metadata the executor output gives.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputReadError, readOutputs, textToValue } from '../../../packages/compiler/src/local/launch/outputs.js';
import type { ExecutorInput } from '../../../packages/compiler/src/local/launch-types.js';
import type { IrOutputsSpec } from '@kfp-ts/compiler';
import { removeScratch, scratch } from './harness.js';

afterAll(removeScratch);

const types: IrOutputsSpec = {
  parameters: {
    text: { parameterType: 'STRING' },
    n: { parameterType: 'NUMBER_INTEGER' },
    x: { parameterType: 'NUMBER_DOUBLE' },
    ok: { parameterType: 'BOOLEAN' },
    items: { parameterType: 'LIST' },
    info: { parameterType: 'STRUCT' },
  },
};

function task(files: Record<string, string>, executorOutput?: unknown): ExecutorInput {
  const dir = scratch();
  mkdirSync(join(dir, 'params'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'params', name), text);
  if (executorOutput !== undefined) writeFileSync(join(dir, 'out.json'), typeof executorOutput === 'string' ? executorOutput : JSON.stringify(executorOutput));
  const type = { schemaTitle: 'system.Model', schemaVersion: '0.0.1' };
  return {
    inputs: {},
    outputs: {
      parameters: Object.fromEntries(Object.keys(files).map((name) => [name, { outputFile: join(dir, 'params', name) }])),
      artifacts: { model: { artifacts: [{ name: 'model', uri: join(dir, 'model'), type, metadata: { planned: true } }] } },
      outputFile: join(dir, 'out.json'),
    },
  };
}

describe('reading the outputs of a task', () => {
  it('reads each parameter file by its declared type (a string as written)', () => {
    const input = task({ text: ' two words\n', n: ' 42\n', x: '2.5', ok: 'True', items: '[1, "a"]', info: '{"k": null}' });
    expect(readOutputs(input, types).outputParameters).toEqual({ text: ' two words\n', n: 42, x: 2.5, ok: true, items: [1, 'a'], info: { k: null } });
  });

  it('takes the executor output first, and the files for what it does not give', () => {
    const input = task({ text: 'from the file', n: '1' }, { parameterValues: { n: 7 } });
    expect(readOutputs(input, types).outputParameters).toEqual({ text: 'from the file', n: 7 });
  });

  it('gives artifacts the URI and the metadata of the executor output', () => {
    const input = task({}, { artifacts: { model: { artifacts: [{ name: 'model', uri: '/elsewhere/model', metadata: { accuracy: 0.9 } }] } } });
    expect(readOutputs(input, types).outputArtifacts.model).toEqual([
      { name: 'model', uri: '/elsewhere/model', type: { schemaTitle: 'system.Model', schemaVersion: '0.0.1' }, metadata: { planned: true, accuracy: 0.9 } },
    ]);
    const unchanged = task({});
    expect(readOutputs(unchanged, types).outputArtifacts.model[0]).toEqual(unchanged.outputs.artifacts!.model.artifacts[0]);
  });

  it('reads a file as JSON, or as text, when the types are not known', () => {
    expect(readOutputs(task({ a: '[1]', b: 'plain', c: '3' }), undefined).outputParameters).toEqual({ a: [1], b: 'plain', c: 3 });
  });

  it('fails with one line on a value that does not fit its type', () => {
    const input = task({ n: '4.5' });
    expect(() => readOutputs(input, types)).toThrow(OutputReadError);
    expect(() => readOutputs(input, types)).toThrow(`cannot read output parameter 'n' (NUMBER_INTEGER) from ${input.outputs.parameters!.n.outputFile}: not an integer: "4.5"`);
    expect(() => readOutputs(task({ items: '{}' }), types)).toThrow(/'items' \(LIST\).*: not a LIST: \{\}$/);
    expect(() => readOutputs(task({ ok: 'yes' }), types)).toThrow(/not a boolean: "yes"$/);
  });

  it('fails on an executor output that is not ExecutorOutput JSON', () => {
    expect(() => readOutputs(task({}, '{"parameterValues": '), types)).toThrow(/^the executor output .*out\.json is not valid JSON/);
    expect(() => readOutputs(task({}, { outputs: {} }), types)).toThrow(/^unknown field \$\.outputs in .*out\.json$/);
    expect(() => readOutputs(task({}, { artifacts: { model: { artifacts: [{ url: 'x' }] } } }), types)).toThrow(/unknown field artifacts\.model\.artifacts\[\]\.url/);
  });
});

describe('a parameter file as a value', () => {
  it.each([
    ['STRING', 'a\n', 'a\n'],
    ['NUMBER_INTEGER', '-3', -3],
    ['NUMBER_DOUBLE', '1e3', 1000],
    ['BOOLEAN', 'f', false],
    ['LIST', '[]', []],
    ['STRUCT', '{"a":1}', { a: 1 }],
  ])('%s %j', (type, text, value) => {
    expect(textToValue(text, type)).toEqual(value);
  });

  it.each([
    ['NUMBER_INTEGER', ''],
    ['NUMBER_DOUBLE', 'x'],
    ['STRUCT', '[1]'],
    ['LIST', 'not json'],
    ['TASK_FINAL_STATUS', '{}'],
  ])('%s %j is an error', (type, text) => {
    expect(() => textToValue(text, type)).toThrow();
  });
});
