/**
 * Names: pipeline names the backend rejects, reserved and malformed input names, names used twice.
 */
import { describe, it } from 'vitest';
import { compile } from '@kfp-ts/compiler';
import { containerComponent, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import { expectDefinitionError } from './helpers.js';
import { makeText, useText } from './fixtures.js';

const source = 'def step(text: str):\n    print(text)\n';

describe('pipeline names', () => {
  it('rejects a name that is empty after sanitizing', () => {
    expectDefinitionError(() => pipeline({ name: '!!!' }, () => { makeText(); }), { // @at(symbols-only)
      message: ['invalid pipeline name "!!!"', 'at least one letter or digit'],
      pipeline: '!!!',
      field: 'name',
      at: 'symbols-only',
    });
  });

  it('rejects a name longer than 128 characters', () => {
    const long = 'a'.repeat(129);
    const p = pipeline({ name: long }, () => { makeText(); }); // @at(too-long)
    expectDefinitionError(() => compile(p), {
      message: [`invalid pipeline name '${long}'`, '^[a-z0-9][a-z0-9-]{0,127}$', '1 to 128 characters'],
      pipeline: long,
      field: 'name',
      at: 'too-long',
    });
  });

  it('rejects an empty name when the pipeline is declared', () => {
    expectDefinitionError(() => pipeline({ name: '' }, () => { makeText(); }), { // @at(empty-name)
      message: 'a pipeline needs a non-empty name',
      field: 'name',
      at: 'empty-name',
    });
  });
});

describe('input and output names', () => {
  it('rejects the reserved pipelinechannel-- prefix on a component input', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', inputs: { 'pipelinechannel--x': t.string() }, image: 'alpine' }), // @at(reserved-input)
      { message: "input name 'pipelinechannel--x' uses the reserved prefix 'pipelinechannel--'", task: 'step', field: 'pipelinechannel--x', at: 'reserved-input' },
    );
  });

  it('rejects the reserved pipelinechannel-- prefix on a pipeline input', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p', inputs: { 'pipelinechannel--rows': t.integer() } }, () => { makeText(); }), // @at(reserved-pipeline-input)
      { message: "uses the reserved prefix 'pipelinechannel--'", task: 'p', field: 'pipelinechannel--rows', at: 'reserved-pipeline-input' },
    );
  });

  it('rejects an input name with spaces', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', inputs: { 'my text': t.string() }, image: 'alpine' }), // @at(space-name)
      { message: "input name 'my text' must start with a letter or '_'", task: 'step', field: 'my text', at: 'space-name' },
    );
  });

  it('rejects an output name that starts with a digit', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', outputs: { '1st': t.string() }, image: 'alpine' }), // @at(digit-name)
      { message: "output name '1st' must start with a letter or '_'", task: 'step', field: '1st', at: 'digit-name' },
    );
  });

  it('rejects a Python component input that is not a Python identifier', () => {
    expectDefinitionError(
      () => pythonComponent({ functionName: 'step', source, inputs: { 'my-text': t.string() } }), // @at(python-identifier)
      { message: "'my-text' is not a Python identifier", task: 'step', field: 'my-text', at: 'python-identifier' },
    );
  });

  it('rejects a Python function name that is not an identifier', () => {
    expectDefinitionError(
      () => pythonComponent({ functionName: 'my step', source }), // @at(function-name)
      { message: 'functionName "my step" is not a Python identifier', task: 'my step', field: 'functionName', at: 'function-name' },
    );
  });

  it('rejects a component name without a letter or digit', () => {
    expectDefinitionError(
      () => containerComponent({ name: '---', image: 'alpine' }), // @at(component-name)
      { message: 'component name "---" must contain at least one letter or digit', field: 'name', at: 'component-name' },
    );
  });

  it('rejects a loop item field name that is not an identifier', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          ParallelFor([{ a: 'x' }] as Record<string, string>[], (item) => {
            useText({ text: item.get('a-b') }); // @at(field-name)
          });
        }),
      { message: "loop item field 'a-b' must be a letter or '_'", pipeline: 'p', at: 'field-name' },
    );
  });

  it('rejects an environment variable name that is not valid', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          makeText().setEnvVariable('1-BAD', 'x'); // @at(env-name)
        }),
      { message: "'1-BAD' is not a valid environment variable name", pipeline: 'p', task: 'make-text', field: 'env', at: 'env-name' },
    );
  });
});

describe('names used twice', () => {
  it('rejects a container component input and output with the same name', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', inputs: { data: t.dataset() }, outputs: { data: t.dataset() }, image: 'alpine' }), // @at(dup-container)
      { message: "'data' is declared as both an input and an output", task: 'step', field: 'data', at: 'dup-container' },
    );
  });

  it('rejects a Python component input and output with the same name', () => {
    expectDefinitionError(
      () => pythonComponent({ functionName: 'step', source, inputs: { text: t.string() }, outputs: { text: t.string() } }), // @at(dup-python)
      { message: "'text' is declared as both an input and an output", task: 'step', field: 'text', at: 'dup-python' },
    );
  });
});
