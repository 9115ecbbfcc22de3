/**
 * Components: malformed definitions are rejected where they are declared.
 */
import { describe, it } from 'vitest';
import { containerComponent, ifPresent, pipeline, pythonComponent, t, type IODecl } from '@kfp-ts/dsl';
import { expectDefinitionError } from './helpers.js';
import { makeText } from './fixtures.js';

describe('container components', () => {
  it('rejects a missing image', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', command: ['echo'] } as never), // @at(missing-image)
      { message: "container component 'step' needs an image", field: 'image', at: 'missing-image' },
    );
  });

  it('rejects an empty image', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', image: '  ' }), // @at(empty-image)
      { message: "container component 'step' needs an image", field: 'image', at: 'empty-image' },
    );
  });

  it('rejects an input that is not a type', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', inputs: { rows: 'int' } as unknown as IODecl, image: 'alpine' }), // @at(not-a-type)
      { message: "input 'rows' must be a type from t (t.string(), t.dataset(), …)", task: 'step', field: 'rows', at: 'not-a-type' },
    );
  });

  it('rejects a task final status as an output', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', outputs: { status: t.taskFinalStatus() }, image: 'alpine' }), // @at(status-output)
      { message: "output 'status' cannot be a task final status", task: 'step', field: 'status', at: 'status-output' },
    );
  });

  it('rejects an artifact used bare in a command line', () => {
    expectDefinitionError(
      () =>
        containerComponent({ // @at(bare-artifact)
          name: 'step',
          inputs: { data: t.dataset() },
          image: 'alpine',
          args: ({ inputs }) => [inputs.data as never],
        }),
      { message: "artifact input 'data' must be used as .path, .uri or .metadata in a command line", task: 'step', field: 'args', at: 'bare-artifact' },
    );
  });

  it('rejects ifPresent on an input the component does not declare', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', image: 'alpine', args: [ifPresent('nope', ['--flag'])] }), // @at(if-present)
      { message: "ifPresent refers to input 'nope', which the component does not declare", task: 'step', field: 'args', at: 'if-present' },
    );
  });

  it('rejects a command-line element that is not a string or placeholder', () => {
    expectDefinitionError(
      () => containerComponent({ name: 'step', image: 'alpine', command: ['sleep', 5 as never] }), // @at(number-arg)
      { message: 'a command-line element must be a string or a placeholder, got', task: 'step', field: 'command', at: 'number-arg' },
    );
  });
});

describe('Python function components', () => {
  it('rejects a source that is neither text nor a file', () => {
    expectDefinitionError(
      () => pythonComponent({ functionName: 'step', source: 42 as never }), // @at(bad-source)
      { message: 'source must be the Python source text or { file: "path/to/file.py" }', task: 'step', field: 'source', at: 'bad-source' },
    );
  });

  it('rejects a source file that cannot be read', () => {
    expectDefinitionError(
      () => pythonComponent({ functionName: 'step', source: { file: '/nonexistent/step.py' } }), // @at(missing-file)
      { message: "cannot read Python source file '/nonexistent/step.py'", task: 'step', field: 'source', at: 'missing-file' },
    );
  });
});

describe('pipelines', () => {
  it('rejects a pipeline input that is not a type', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p', inputs: { rows: 10 } as unknown as IODecl }, () => { makeText(); }), // @at(pipeline-input-type)
      { message: "input 'rows' must be a type from t", task: 'p', field: 'rows', at: 'pipeline-input-type' },
    );
  });

  it('rejects a body that returns something other than task outputs', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => ({ answer: 42 }) as never), // @at(bad-return)
      { message: "pipeline output 'answer' must be a task output (a channel), got number", pipeline: 'p', field: 'answer', at: 'bad-return' },
    );
  });
});
