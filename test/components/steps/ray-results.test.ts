/**
 * The results contract of the Ray steps without a cluster: parsing `results.json`, the results location
 * and job name derived from the KFP run and task, and the input checks that fail a step before it
 * reaches S3, Kubernetes or Ray. (The steps against a real API server, S3 and a Ray dashboard are in
 * ray-steps.k8s.test.ts.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDns1035Label, createS3Client, MAX_RAY_JOB_NAME_LENGTH, parseS3Uri, rayTrainStep, rayTuneStep, s3SettingsFromEnv } from '@kfp-ts/components';
import { fetchCheckpoint, parseRayResults, rayJobName, resultsLocation } from '../../../packages/components/src/steps/ray-results.js';
import { rejectionOf } from '../rejection.js';
import { executeStep } from './execute-step.js';

const URI = 's3://ray/ray-results/run-1/ray-train/results.json';

describe('results.json', () => {
  it('reads the full contract', () => {
    const text = JSON.stringify({
      metrics: { dice: 0.87, iou: 0.79 },
      bestScore: 0.87,
      checkpoint: ' checkpoint/model.pth ',
      config: { lr: 0.0001, batchsize: 2 },
      mlflowRunId: 'abc123',
      extra: 'ignored',
    });
    expect(parseRayResults(text, URI)).toEqual({
      metrics: { dice: 0.87, iou: 0.79 },
      bestScore: 0.87,
      checkpoint: 'checkpoint/model.pth',
      config: { lr: 0.0001, batchsize: 2 },
      mlflowRunId: 'abc123',
    });
  });

  it('needs only the best score', () => {
    expect(parseRayResults('{"bestScore": 0.5}', URI)).toEqual({ metrics: {}, bestScore: 0.5, config: {} });
    expect(parseRayResults('{"bestScore": 0.5, "mlflowRunId": null}', URI)).toEqual({ metrics: {}, bestScore: 0.5, config: {} });
  });

  it('names the file and the problem', () => {
    const problem = (text: string) => (() => parseRayResults(text, URI)) as () => never;
    expect(problem('{"bestScore": 0.5')).toThrow(new RegExp(`^${URI}: not JSON`));
    expect(problem('[1]')).toThrow(`${URI}: must hold a JSON object`);
    expect(problem('{"metrics": {}}')).toThrow(`${URI}: 'bestScore' must be a finite number, got undefined`);
    expect(problem('{"bestScore": "0.9"}')).toThrow(`${URI}: 'bestScore' must be a finite number, got "0.9"`);
    expect(problem('{"bestScore": 1, "metrics": {"dice": "high"}}')).toThrow(`${URI}: metric 'dice' must be a finite number, got "high"`);
    expect(problem('{"bestScore": 1, "metrics": [0.5]}')).toThrow(`${URI}: 'metrics' must be an object of numbers`);
    expect(problem('{"bestScore": 1, "checkpoint": " "}')).toThrow(`${URI}: 'checkpoint' must be a non-empty string`);
    expect(problem('{"bestScore": 1, "config": [1, 2]}')).toThrow(`${URI}: 'config' must be an object`);
    expect(problem('{"bestScore": 1, "mlflowRunId": 7}')).toThrow(`${URI}: 'mlflowRunId' must be a string`);
  });
});

describe('results location and job name', () => {
  const identity = { pipelineRunId: '3f1c2a7e-0b7d-4c55-9a51-1f2e3d4c5b6a', taskName: 'ray-train' };

  it('puts the results under the prefix, the run and the task', () => {
    expect(resultsLocation('mlflow-artifacts-store', '/ray-results/', identity)).toEqual({
      bucket: 'mlflow-artifacts-store',
      key: 'ray-results/3f1c2a7e-0b7d-4c55-9a51-1f2e3d4c5b6a/ray-train/',
    });
    expect(resultsLocation('b', '', { pipelineRunId: 'run/../x', taskName: 'train model' }).key).toBe('run_.._x/train_model/');
    expect(() => resultsLocation(' ', 'p', identity)).toThrow("input 'resultsBucket' must not be empty");
  });

  it('names the job after the run and task: the same on a retry, a valid RayJob name', () => {
    const name = rayJobName('train', identity);
    expect(rayJobName('train', { ...identity })).toBe(name);
    expect(rayJobName('train', { ...identity, taskName: 'ray-train-2' })).not.toBe(name);
    expect(rayJobName('tune', identity)).toMatch(/^ray-tune-[0-9a-f]{16}$/);
    expect(() => checkDns1035Label('name', name, MAX_RAY_JOB_NAME_LENGTH)).not.toThrow();
  });
});

describe('the checkpoint named in results.json', () => {
  it('is a key inside the results location or an S3 URI', async () => {
    expect(parseS3Uri('s3://ray/ray-results/run-1/')).toEqual({ bucket: 'ray', key: 'ray-results/run-1/' });
    expect(parseS3Uri('minio://mlpipeline/v2/artifacts/x')).toEqual({ bucket: 'mlpipeline', key: 'v2/artifacts/x' });
    expect(() => parseS3Uri('gs://bucket/key')).toThrow("'gs://bucket/key' is not an S3 URI (s3://bucket/key)");
    // Refused before any request: nothing listens on port 9.
    const client = await createS3Client(s3SettingsFromEnv({}, { endpoint: 'http://127.0.0.1:9' }), { maxAttempts: 1 });
    const results = { bucket: 'ray', key: 'ray-results/run-1/ray-train/' };
    for (const checkpoint of ['../other-task/model.pth', 'checkpoint/../../x', '/etc/passwd']) {
      await expect(fetchCheckpoint(client, results, checkpoint, '/nonexistent')).rejects.toThrow(
        `'checkpoint' in results.json must be a key inside the results location or an s3:// URI, got '${checkpoint}'`,
      );
    }
    client.destroy();
  });
});

describe('input checks before anything is contacted', () => {
  let dir: string;
  let runs = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kfp-ts-ray-inputs-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Nothing listens on port 9 of the loopback: a request would fail, so these checks come first.
  const base = { kfpRunId: 'run-1', kfpTaskName: 'ray-train', s3Endpoint: 'http://127.0.0.1:9', reuseResults: false };
  const dataset = { uri: 'minio://mlpipeline/v2/artifacts/polyp/run-1/inspect-dataset/x/dataset', metadata: { location: 's3://dataset/polyp_dataset/' } };
  const fails = async (step: typeof rayTrainStep | typeof rayTuneStep, parameters: Record<string, unknown>) =>
    (await rejectionOf(executeStep(step, { dir: join(dir, `run-${++runs}`), parameters: { ...base, ...parameters }, artifacts: { dataset } })))
      .message;

  it('rejects an unknown mode, an unfilled identity and credentials in the runtime environment', async () => {
    expect(await fails(rayTrainStep, { mode: 'local' })).toBe("input 'mode' must be 'rayjob' or 'cluster', got 'local'");
    expect(await fails(rayTrainStep, { kfpTaskName: ' ' })).toBe("input 'kfpTaskName' must not be empty; pass KFP_TASK_IDENTITY");
    expect(await fails(rayTrainStep, { runtimeEnv: { env_vars: { AWS_SECRET_ACCESS_KEY: 'x' } } })).toBe(
      "input 'runtimeEnv': env_vars.AWS_SECRET_ACCESS_KEY looks like a credential; put it in the Secret named by credentialsSecret",
    );
    expect(await fails(rayTrainStep, { runtimeEnv: { env_vars: { EPOCHS: 3 } } })).toBe("input 'runtimeEnv': env_vars.EPOCHS must be a string");
    expect(await fails(rayTrainStep, { mode: 'cluster', pollSeconds: 0 })).toBe("input 'pollSeconds' must be positive, got 0");
  });

  it('rejects sizes and counts that cannot work, naming the input', async () => {
    expect(await fails(rayTrainStep, { workerMemory: '16 GB' })).toBe('input \'workerMemory\': "16 GB" is not a resource quantity (e.g. 500m, 2, 4Gi)');
    expect(await fails(rayTrainStep, { numWorkers: -1 })).toBe("input 'numWorkers' must be an integer of at least 0, got -1");
    expect(await fails(rayTrainStep, { timeoutSeconds: 0 })).toBe("input 'timeoutSeconds' must be an integer of at least 1, got 0");
  });

  it('rejects tuning settings that cannot work', async () => {
    expect(await fails(rayTuneStep, { numSamples: 0 })).toBe("input 'numSamples' must be a positive integer, got 0");
    expect(await fails(rayTuneStep, { scoreMode: 'up' })).toBe("input 'scoreMode' must be 'max' or 'min', got 'up'");
  });

  it('lets the runtime refuse values of the wrong type', async () => {
    expect(await fails(rayTrainStep, { epochs: 'ten' })).toBe("input parameter 'epochs' is declared NUMBER_INTEGER, but the executor input gives \"ten\"");
  });
});
