/**
 * Real Python components from the KFP corpus (their conformance ports, compiled by kfp-ts), run with the
 * local Python and the `kfp` stand-in, each task's outputs feeding the next as in a pipeline run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusSpec } from './corpus-spec.js';
import { cleanUpRuns, newRunFolder, runExecutor } from './harness.js';

afterAll(cleanUpRuns);

const root = newRunFolder();
const read = (path: string) => readFileSync(path, 'utf8');

describe('essential/lightweight_python_functions_pipeline', () => {
  it('preprocess writes datasets and OutputPath parameters; train reads them by path and by object', async () => {
    const spec = await corpusSpec('essential/lightweight_python_functions_pipeline');
    const pre = runExecutor(spec, 'exec-preprocess', {
      root,
      parameters: { message: 'hello', input_dict_parameter: { A: 1, B: 2 }, input_list_parameter: ['a', 'b', 'c'] },
    });
    expect(pre.stderr).toBe('');
    expect(pre.code).toBe(0);
    expect(pre.outputParameters).toEqual({
      output_parameter_path: 'hello',
      output_bool_parameter_path: true,
      output_dict_parameter_path: { A: 1, B: 2 },
      output_list_parameter_path: ['a', 'b', 'c'],
    });
    expect(read(pre.outputArtifacts.output_dataset_one.path)).toBe('hello');
    expect(read(pre.outputArtifacts.output_dataset_two_path.path)).toBe('hello');

    const train = runExecutor(spec, 'exec-train', {
      root,
      parameters: {
        message: pre.outputParameters.output_parameter_path,
        input_bool: pre.outputParameters.output_bool_parameter_path,
        input_dict: pre.outputParameters.output_dict_parameter_path,
        input_list: pre.outputParameters.output_list_parameter_path,
        num_steps: 2,
      },
      artifacts: { dataset_one_path: pre.outputArtifacts.output_dataset_one, dataset_two: pre.outputArtifacts.output_dataset_two_path },
    });
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    const line =
      "dataset_one_contents: hello || dataset_two_contents: hello || message: hello || input_bool: True, type <class 'bool'> || " +
      "input_dict: {'A': 1, 'B': 2}, type <class 'dict'> || input_list: ['a', 'b', 'c'], type <class 'list'> \n";
    expect(read(train.outputArtifacts.model.path)).toBe(`Step 0\n${line}\n=====\nStep 1\n${line}\n=====\n`);
    expect(train.outputArtifacts.model.metadata).toEqual({ accuracy: 0.9 });
  });
});

describe('essential/lightweight_python_functions_with_outputs', () => {
  it('returns parameters, an artifact written from a returned string, and a namedtuple of mixed outputs', async () => {
    const spec = await corpusSpec('essential/lightweight_python_functions_with_outputs');
    const concat = runExecutor(spec, 'exec-concat-message', { root, parameters: { first: 'ab', second: 'cd' } });
    const add = runExecutor(spec, 'exec-add-numbers', { root, parameters: { first: 1, second: 2 } });
    expect([concat.outputParameters, add.outputParameters]).toEqual([{ Output: 'abcd' }, { Output: 3 }]);

    const artifact = runExecutor(spec, 'exec-output-artifact', {
      root,
      parameters: { number: add.outputParameters.Output, message: concat.outputParameters.Output },
    });
    expect(artifact.code).toBe(0);
    expect(read(artifact.outputArtifacts.Output.path)).toBe('abcd\nabcd\nabcd');

    const tuple = runExecutor(spec, 'exec-output-named-tuple', { root, artifacts: { artifact: artifact.outputArtifacts.Output } });
    expect(tuple.stderr).toBe('');
    expect(tuple.outputParameters).toEqual({ scalar: '123' });
    expect(JSON.parse(read(tuple.outputArtifacts.metrics.path))).toEqual({
      metrics: [{ name: 'accuracy', numberValue: 0.9, format: 'PERCENTAGE' }],
    });
    expect(read(tuple.outputArtifacts.model.path)).toBe('Model contents: abcd\nabcd\nabcd');
  });
});

describe('pythonic artifacts', () => {
  it('critical/pythonic_artifacts_test_pipeline: returned artifacts at dsl.get_uri() carry their metadata downstream', async () => {
    const spec = await corpusSpec('critical/pythonic_artifacts_test_pipeline');
    const gen = runExecutor(spec, 'exec-gen-data', { root });
    expect(gen.code).toBe(0);
    expect(gen.outputArtifacts.Output).toMatchObject({ uri: join(gen.taskDir, 'Output'), metadata: { length: 9 } });
    const train = runExecutor(spec, 'exec-train-model', { root, artifacts: { dataset: gen.outputArtifacts.Output } });
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    expect(read(train.outputArtifacts.Output.path)).toBe('model trained');
    expect(train.outputArtifacts.Output.uri).toBe(join(train.taskDir, 'model'));
  });

  it('valid/pythonic_artifacts_with_multiple_returns: a NamedTuple of returned artifacts', async () => {
    const spec = await corpusSpec('valid/pythonic_artifacts_with_multiple_returns');
    const make = runExecutor(spec, 'exec-make-dataset', { root });
    const split = runExecutor(spec, 'exec-dataset-splitter', { root, artifacts: { in_dataset: make.outputArtifacts.Output } });
    expect(split.stderr).toBe('');
    const { dataset1, dataset2 } = split.outputArtifacts;
    expect([read(dataset1.path), read(dataset2.path)]).toEqual(['Hello,', ' world']);
    expect(dataset1.metadata).toEqual({ original_data: 'in_dataset' });
  });

  it('valid/pythonic_artifacts_with_list_of_artifacts: a list of artifacts in, a string written as the artifact out', async () => {
    const spec = await corpusSpec('valid/pythonic_artifacts_with_list_of_artifacts');
    const made = ['Hello', ', ', 'world!'].map((text) => runExecutor(spec, 'exec-make-dataset', { root, parameters: { text } }));
    expect(made.map((m) => m.outputArtifacts.Output.metadata)).toEqual([{ length: 5 }, { length: 2 }, { length: 6 }]);
    const joined = runExecutor(spec, 'exec-join-datasets', { root, artifacts: { datasets: made.map((m) => m.outputArtifacts.Output) } });
    expect(joined.stderr).toBe('');
    expect(read(joined.outputArtifacts.Output.path)).toBe('Hello, world!');
  });
});
