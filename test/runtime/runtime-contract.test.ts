/**
 * The runtime's side of the launcher contract, in process: local paths of artifact URIs (the launcher's
 * mount rules), the executor input in both JSON spellings, the command line, and the executor output of a
 * run (artifact metadata, parameter files) including the helpers of metrics outputs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportStatus } from './fixtures/ts-components.js';
import { execute, localPathForUri, MOUNT_ROOT_ENV, parseArguments, parseExecutorInput, type ComponentInterface } from '@kfp-ts/runtime';

const saved = process.env[MOUNT_ROOT_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[MOUNT_ROOT_ENV];
  else process.env[MOUNT_ROOT_ENV] = saved;
  delete process.env.CLUSTER_SPEC;
});

describe('local paths of artifacts', () => {
  it('follow the launcher: cloud URIs under their mounts', () => {
    delete process.env[MOUNT_ROOT_ENV];
    expect(localPathForUri('gs://bucket/a/b')).toBe('/gcs/bucket/a/b');
    expect(localPathForUri('s3://bucket/a')).toBe('/s3/bucket/a');
    expect(localPathForUri('minio://mlpipeline/v2/x')).toBe('/minio/mlpipeline/v2/x');
    expect(localPathForUri('oci://registry.io/org/model:1')).toBe('/oci/registry.io_org_model:1/models');
  });

  it('use the custom path, the workspace, or the URI itself when the backend says so', () => {
    delete process.env[MOUNT_ROOT_ENV];
    expect(localPathForUri('gs://b/x', { customPath: '/data/x' })).toBe('/data/x');
    expect(localPathForUri('gs://b/x', { metadata: { _kfp_workspace: true } })).toBe('/kfp-workspace/.artifacts/gcs/b/x');
    expect(localPathForUri('/mnt/local/file')).toBe('/mnt/local/file');
  });

  it('move under the mount root given by the environment', () => {
    process.env[MOUNT_ROOT_ENV] = '/tmp/root/';
    expect(localPathForUri('gs://b/x')).toBe('/tmp/root/gcs/b/x');
    expect(localPathForUri('s3://b/x', { metadata: { _kfp_workspace: true } })).toBe('/tmp/root/kfp-workspace/.artifacts/s3/b/x');
  });
});

describe('the executor input and the command line', () => {
  it('accepts the proto field names as well as the JSON ones', () => {
    const input = parseExecutorInput(
      JSON.stringify({
        inputs: { parameter_values: { n: 1 }, artifacts: { d: { artifacts: [{ name: 'd', uri: 'gs://b/d', custom_path: '/p', type: { schema_title: 'system.Dataset' } }] } } },
        outputs: { parameters: { out: { output_file: '/tmp/out' } }, output_file: '/tmp/executor_output.json' },
      }),
    );
    expect(input.inputs.parameterValues).toEqual({ n: 1 });
    expect(input.inputs.artifacts.d).toEqual([{ name: 'd', uri: 'gs://b/d', metadata: {}, customPath: '/p', schemaTitle: 'system.Dataset' }]);
    expect(input.outputs).toEqual({ parameters: { out: { outputFile: '/tmp/out' } }, artifacts: {}, outputFile: '/tmp/executor_output.json' });
  });

  it('reads --executor_input and --component in both forms, ignoring other arguments', () => {
    expect(parseArguments(['--executor_input', '{}', '--x', '--component=train'])).toEqual({ executorInput: '{}', component: 'train' });
    expect(() => parseArguments(['--component', 'train'])).toThrow('missing --executor_input <json>');
    expect(() => parseArguments(['--executor_input', '{}', '--component'])).toThrow('--component needs a value');
  });
});

describe('a run', () => {
  const iface: ComponentInterface = {
    inputs: { n: { kind: 'parameter', parameterType: 'NUMBER_INTEGER', optional: false } },
    outputs: {
      half: { kind: 'parameter', parameterType: 'NUMBER_DOUBLE', optional: false },
      flags: { kind: 'parameter', parameterType: 'STRUCT', optional: false },
      metrics: { kind: 'artifact', schemaTitle: 'system.ClassificationMetrics', schemaVersion: '0.0.1', isList: false, optional: false },
    },
  };

  it('writes the parameter files in the launcher’s text form and the executor output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-run-'));
    process.env[MOUNT_ROOT_ENV] = dir;
    try {
      const input = parseExecutorInput(
        JSON.stringify({
          inputs: { parameterValues: { n: 3 } },
          outputs: {
            parameters: { half: { outputFile: join(dir, 'outputs/half') }, flags: { outputFile: join(dir, 'outputs/flags') } },
            artifacts: { metrics: { artifacts: [{ name: 'metrics', uri: 'gs://b/task/metrics', metadata: { preset: 1 } }] } },
            outputFile: join(dir, 'gcs/b/task/output_metadata.json'),
          },
        }),
      );
      const output = await execute(
        (inputs, outputs) => {
          const m = outputs.metrics as unknown as { setConfusionMatrixCategories(c: string[]): void; logConfusionMatrixCell(r: string, c: string, v: number): void };
          m.setConfusionMatrixCategories(['yes', 'no']);
          m.logConfusionMatrixCell('yes', 'no', 7);
          return { half: (inputs.n as number) / 2, flags: { odd: true } };
        },
        iface,
        input,
      );
      expect(readFileSync(join(dir, 'outputs/half'), 'utf8')).toBe('1.5');
      expect(readFileSync(join(dir, 'outputs/flags'), 'utf8')).toBe('{"odd":true}');
      const written = JSON.parse(readFileSync(join(dir, 'gcs/b/task/output_metadata.json'), 'utf8'));
      expect(written).toEqual(output);
      expect(written).toEqual({
        parameterValues: { half: 1.5, flags: { odd: true } },
        artifacts: {
          metrics: {
            artifacts: [
              {
                name: 'metrics',
                uri: 'gs://b/task/metrics',
                metadata: {
                  preset: 1,
                  confusionMatrix: { annotationSpecs: [{ displayName: 'yes' }, { displayName: 'no' }], rows: [{ row: [0, 7] }, { row: [0, 0] }] },
                },
              },
            ],
          },
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves the executor output to the chief of a distributed job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-run-'));
    try {
      process.env.CLUSTER_SPEC = JSON.stringify({ task: { type: 'worker', index: 1 } });
      const input = parseExecutorInput(JSON.stringify({ outputs: { outputFile: join(dir, 'output_metadata.json') } }));
      await execute(() => undefined, { inputs: {}, outputs: {} }, input);
      expect(existsSync(join(dir, 'output_metadata.json'))).toBe(false);
      process.env.CLUSTER_SPEC = JSON.stringify({ task: { type: 'chief', index: 0 } });
      await execute(() => undefined, { inputs: {}, outputs: {} }, input);
      expect(readFileSync(join(dir, 'output_metadata.json'), 'utf8')).toBe('{}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a component in a unit test', () => {
  it('exposes run, to call with plain values', async () => {
    const status = { state: 'SUCCEEDED', pipelineJobResourceName: 'r', pipelineTaskName: 't', error: {} };
    expect(await reportStatus.run({ status, note: 'n' }, {})).toEqual({ message: 'n: t ended SUCCEEDED' });
  });
});
