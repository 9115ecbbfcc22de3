/**
 * The MLflow client against an in-memory tracking server on 127.0.0.1 (helpers/mlflow-test-server.ts).
 *
 * The server implements, from MLflow's public REST API reference: experiments get-by-name/get/create; runs
 * create/update/get/set-tag/log-batch/search; registered-models create/get; model-versions create/get/search;
 * registered-models/alias POST/GET/DELETE; the artifact proxy PUT/GET/list. Error answers are
 * `{error_code, message}`: RESOURCE_DOES_NOT_EXIST (404), RESOURCE_ALREADY_EXISTS (400),
 * INVALID_PARAMETER_VALUE (400), ENDPOINT_NOT_FOUND (404), REQUEST_LIMIT_EXCEEDED (429), INTERNAL_ERROR (500),
 * TEMPORARILY_UNAVAILABLE (503), and 401 without valid credentials. Faults: error statuses, connection resets
 * before and after the server commits, errors after the commit, slow answers.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureModelVersion,
  ensureRegisteredModel,
  ensureRun,
  getOrCreateExperiment,
  getModelVersionByAlias,
  getRun,
  identityKey,
  KFP_TAGS,
  LOG_BATCH_LIMITS,
  logRunData,
  logTrainingRun,
  mlflowConnectionFromEnv,
  MlflowApiError,
  MlflowTransport,
  MlflowValidationError,
  planLogBatches,
  proxyRoot,
  searchModelVersionsByRun,
  setModelAlias,
  type KfpTaskIdentity,
  type TrainingRunSpec,
} from '../../packages/components/src/mlflow/index.js';
import { MlflowTestServer } from './helpers/mlflow-test-server.js';

const identity: KfpTaskIdentity = { pipelineRunId: '3f1c2a7e-0b7d-4c55-9a51-1f2e3d4c5b6a', taskName: 'train-model', taskId: 'task-42' };
const FAST_RETRY = { attempts: 5, initialDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1_000 };

let server: MlflowTestServer;
let workdir: string;
let logs: string[];

function transportFor(env: Record<string, string> = {}, overrides: { timeoutMs?: number; attempts?: number } = {}) {
  const connection = mlflowConnectionFromEnv(
    { MLFLOW_TRACKING_URI: server.url, ...env },
    { timeoutMs: overrides.timeoutMs ?? 5_000, retry: { ...FAST_RETRY, attempts: overrides.attempts ?? FAST_RETRY.attempts } },
  );
  return new MlflowTransport(connection, (line) => logs.push(line));
}

async function modelDir(): Promise<string> {
  const dir = join(workdir, 'model');
  await mkdir(join(dir, 'nested'), { recursive: true });
  await writeFile(join(dir, 'model.onnx'), Buffer.from([8, 7, 18, 3]));
  await writeFile(join(dir, 'nested', 'config.json'), '{"inputs":["input"]}');
  return dir;
}

async function trainingSpec(overrides: Partial<TrainingRunSpec> = {}): Promise<TrainingRunSpec> {
  return {
    experimentName: 'PolypSegmentation',
    identity,
    runName: 'unet-train',
    params: { lr: 0.0001, epochs: 30, model: 'UNet' },
    tags: { project: 'PolypSegmentation' },
    metrics: [
      { key: 'dice', value: 0.81, step: 1 },
      { key: 'dice', value: 0.87, step: 2 },
      { key: 'iou', value: 0.77, step: 2 },
    ],
    artifacts: [{ localPath: await modelDir(), artifactPath: 'model' }],
    artifactContents: { 'summary.json': '{"best_dice":0.87}' },
    register: { modelName: 'polyp-segmentation', artifactPath: 'model', alias: 'champion', pollMs: 10 },
    ...overrides,
  };
}

beforeEach(async () => {
  server = await MlflowTestServer.start();
  workdir = await mkdtemp(join(tmpdir(), 'kfp-ts-mlflow-'));
  logs = [];
});

afterEach(async () => {
  await server.close();
  await rm(workdir, { recursive: true, force: true });
});

describe('logTrainingRun', () => {
  it('creates the experiment and run, logs data and artifacts, registers a version and sets the alias', async () => {
    const result = await logTrainingRun(transportFor(), await trainingSpec());

    expect(result.reusedRun).toBe(false);
    expect(result.modelVersion).toBe('1');
    expect(result.uploaded.map((u) => u.path).sort()).toEqual(['model/model.onnx', 'model/nested/config.json', 'summary.json']);
    const run = server.runs.get(result.runId)!;
    expect(run.info.status).toBe('FINISHED');
    expect(run.info.run_name).toBe('unet-train');
    expect(run.tags.get(KFP_TAGS.identity)).toBe(identityKey(identity));
    expect(run.tags.get(KFP_TAGS.taskId)).toBe('task-42');
    expect(run.tags.get('project')).toBe('PolypSegmentation');
    expect(Object.fromEntries(run.params)).toEqual({ lr: '0.0001', epochs: '30', model: 'UNet' });
    expect(run.metrics.size).toBe(3);
    const root = proxyRoot(result.artifactUri);
    expect(server.artifacts.get(`${root}/model/model.onnx`)).toEqual(Buffer.from([8, 7, 18, 3]));
    expect(server.artifacts.get(`${root}/summary.json`)?.toString()).toBe('{"best_dice":0.87}');
    const version = server.models.get('polyp-segmentation')!.versions[0];
    expect(version.source).toBe(`${result.artifactUri}/model`);
    expect(version.run_id).toBe(result.runId);
    const aliased = await getModelVersionByAlias(transportFor(), 'polyp-segmentation', 'champion');
    expect(aliased?.version).toBe('1');
  });

  it('is idempotent: a retried step reuses the run and the model version and logs no duplicate metric points', async () => {
    const first = await logTrainingRun(transportFor(), await trainingSpec());
    const second = await logTrainingRun(transportFor(), await trainingSpec());

    expect(second.runId).toBe(first.runId);
    expect(second.reusedRun).toBe(true);
    expect(second.modelVersion).toBe(first.modelVersion);
    expect(second.reusedModelVersion).toBe(true);
    expect(server.runs.size).toBe(1);
    expect(server.models.get('polyp-segmentation')!.versions).toHaveLength(1);
    expect(server.runs.get(first.runId)!.metrics.size).toBe(3);
    expect(server.count('POST', 'runs/create')).toBe(1);
    expect(server.count('POST', 'model-versions/create')).toBe(1);
  });

  it('keeps the iterations of a ParallelFor task apart', async () => {
    const a = await logTrainingRun(transportFor(), await trainingSpec({ identity: { ...identity, iteration: '0' }, register: undefined }));
    const b = await logTrainingRun(transportFor(), await trainingSpec({ identity: { ...identity, iteration: '1' }, register: undefined }));
    expect(a.runId).not.toBe(b.runId);
    expect(server.runs.size).toBe(2);
  });

  it('marks the run FAILED when a later call fails, and a retry picks the same run up again', async () => {
    const transport = transportFor();
    await expect(
      logTrainingRun(transport, await trainingSpec({ artifacts: [{ localPath: join(workdir, 'missing') }] })),
    ).rejects.toThrow(/ENOENT/);
    const [run] = server.runs.values();
    expect(run.info.status).toBe('FAILED');

    const retried = await logTrainingRun(transport, await trainingSpec());
    expect(retried.runId).toBe(run.info.run_id);
    expect(server.runs.get(retried.runId)!.info.status).toBe('FINISHED');
  });

  it('waits for a pending model version before setting the alias', async () => {
    await server.close();
    server = await MlflowTestServer.start({ pendingReads: 2 });
    const result = await logTrainingRun(transportFor(), await trainingSpec());
    expect(result.modelVersion).toBe('1');
    expect(server.count('GET', 'model-versions/get')).toBe(3);
    expect(server.models.get('polyp-segmentation')!.aliases.get('champion')).toBe('1');
  });
});

describe('retries of transient failures', () => {
  it('retries 429 (honouring Retry-After), 500, 503 and connection resets', async () => {
    server.inject({ path: 'experiments/get-by-name', fault: { kind: 'status', status: 429, retryAfter: '0.2' } });
    server.inject({ path: 'runs/search', fault: { kind: 'status', status: 503 } });
    server.inject({ path: 'runs/log-batch', times: 2, fault: { kind: 'status', status: 500 } });
    server.inject({ path: 'runs/log-batch', fault: { kind: 'reset-before' } });
    server.inject({ path: '1/', method: 'PUT', fault: { kind: 'reset-before' } });
    server.inject({ path: 'registered-models/alias', fault: { kind: 'status', status: 502 } });

    const started = Date.now();
    const result = await logTrainingRun(transportFor(), await trainingSpec());
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    expect(result.modelVersion).toBe('1');
    expect(server.runs.size).toBe(1);
    expect(server.count('GET', 'experiments/get-by-name')).toBe(2);
    expect(server.count('POST', 'runs/log-batch')).toBe(4);
    expect(logs.some((line) => line.includes('HTTP 429'))).toBe(true);
    expect(logs.some((line) => /runs\/log-batch.*(ECONNRESET|UND_ERR_SOCKET|other side closed)/.test(line))).toBe(true);
  });

  it('does not create a second run when runs/create committed but the connection was reset', async () => {
    server.inject({ path: 'runs/create', fault: { kind: 'reset-after' } });
    const experiment = await getOrCreateExperiment(transportFor(), 'PolypSegmentation');
    const { run, reused } = await ensureRun(transportFor(), { experimentId: experiment.experiment_id, identity });
    expect(reused).toBe(true);
    expect(server.count('POST', 'runs/create')).toBe(1);
    expect(server.runsWithTag(KFP_TAGS.identity, identityKey(identity)).map((r) => r.info.run_id)).toEqual([run.run_id]);
  });

  it('does not create a second run when the answer to runs/create is slower than the time limit', async () => {
    server.inject({ path: 'runs/create', fault: { kind: 'delay', ms: 800 } });
    const transport = transportFor({}, { timeoutMs: 250 });
    const experiment = await getOrCreateExperiment(transport, 'PolypSegmentation');
    const { reused } = await ensureRun(transport, { experimentId: experiment.experiment_id, identity });
    expect(reused).toBe(true);
    expect(server.runs.size).toBe(1);
    expect(logs.some((line) => line.includes('timed out after 250 ms'))).toBe(true);
  });

  it('does not create a second model version when model-versions/create answered 500 after committing', async () => {
    server.inject({ path: 'model-versions/create', fault: { kind: 'status-after', status: 500 } });
    const transport = transportFor();
    const experiment = await getOrCreateExperiment(transport, 'PolypSegmentation');
    const { run } = await ensureRun(transport, { experimentId: experiment.experiment_id, identity });
    await ensureRegisteredModel(transport, 'polyp-segmentation');
    const source = `${run.artifact_uri}/model`;
    const { modelVersion, reused } = await ensureModelVersion(transport, { name: 'polyp-segmentation', source, runId: run.run_id });
    expect(reused).toBe(true);
    expect(modelVersion.version).toBe('1');
    expect(server.models.get('polyp-segmentation')!.versions).toHaveLength(1);
  });

  it('finds an experiment created by an attempt whose answer was lost', async () => {
    server.inject({ path: 'experiments/create', fault: { kind: 'reset-after' } });
    const experiment = await getOrCreateExperiment(transportFor(), 'PolypSegmentation');
    expect(experiment.name).toBe('PolypSegmentation');
    expect([...server.experiments.values()].filter((e) => e.name === 'PolypSegmentation')).toHaveLength(1);
  });

  it('gives up after the configured attempts with the last error', async () => {
    server.inject({ path: 'experiments/get-by-name', times: 10, fault: { kind: 'status', status: 503 } });
    await expect(getOrCreateExperiment(transportFor({}, { attempts: 3 }), 'PolypSegmentation')).rejects.toThrow(
      /experiments\/get-by-name failed with HTTP 503 TEMPORARILY_UNAVAILABLE/,
    );
    expect(server.count('GET', 'experiments/get-by-name')).toBe(3);
  });

  it('does not retry client errors', async () => {
    const transport = transportFor();
    const experiment = await getOrCreateExperiment(transport, 'PolypSegmentation');
    const { run } = await ensureRun(transport, { experimentId: experiment.experiment_id, identity });
    await logRunData(transport, run.run_id, { params: { lr: 0.1 } });
    const error = await logRunData(transport, run.run_id, { params: { lr: 0.2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowApiError);
    expect((error as MlflowApiError).errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect((error as Error).message).toMatch(/Changing param values is not allowed/);
    expect(server.count('POST', 'runs/log-batch')).toBe(2);
  });

  it('reports an unknown run clearly', async () => {
    await expect(getRun(transportFor(), 'deadbeef')).rejects.toThrow(/runs\/get failed with HTTP 404 RESOURCE_DOES_NOT_EXIST/);
  });
});

describe('credentials', () => {
  it('sends a bearer token from MLFLOW_TRACKING_TOKEN and never prints it', async () => {
    await server.close();
    server = await MlflowTestServer.start({ token: 's3cr3t-token' });
    const result = await logTrainingRun(transportFor({ MLFLOW_TRACKING_TOKEN: 's3cr3t-token' }), await trainingSpec());
    expect(result.runId).toBeTruthy();
    expect(server.requests.every((r) => r.authorization === 'Bearer s3cr3t-token')).toBe(true);

    server.inject({ path: 'experiments/get-by-name', fault: { kind: 'status', status: 503 } });
    const error = await getOrCreateExperiment(transportFor({ MLFLOW_TRACKING_TOKEN: 'wrong-token' }), 'X').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowApiError);
    expect((error as MlflowApiError).status).toBe(401);
    const printed = [...logs, (error as Error).message, JSON.stringify(error), String((error as Error).stack)].join('\n');
    expect(printed).not.toMatch(/s3cr3t|wrong-token/);
  });

  it('uses basic auth from MLFLOW_TRACKING_USERNAME/PASSWORD or from the URI, never showing the password', async () => {
    await server.close();
    server = await MlflowTestServer.start({ basic: { username: 'kfp', password: 'pa55word' } });
    await getOrCreateExperiment(transportFor({ MLFLOW_TRACKING_USERNAME: 'kfp', MLFLOW_TRACKING_PASSWORD: 'pa55word' }), 'A');
    const withUserInfo = server.url.replace('http://', 'http://kfp:pa55word@');
    const connection = mlflowConnectionFromEnv({ MLFLOW_TRACKING_URI: withUserInfo });
    expect(connection.trackingUri).toBe(server.url);
    expect(connection.auth).toEqual({ kind: 'basic', username: 'kfp', password: 'pa55word' });
    await getOrCreateExperiment(new MlflowTransport(connection), 'B');
    expect(server.experiments.size).toBe(3);
    expect(server.requests.every((r) => r.authorization?.startsWith('Basic '))).toBe(true);
    expect(() => mlflowConnectionFromEnv({ MLFLOW_TRACKING_USERNAME: 'kfp' })).toThrow(/must be set together/);
  });
});

describe('connection settings', () => {
  it('reads defaults and limits from the environment', () => {
    const defaults = mlflowConnectionFromEnv({});
    expect(defaults.trackingUri).toBe('http://mlflow-service.mlflow.svc.cluster.local:5001');
    expect(defaults.timeoutMs).toBe(120_000);
    expect(defaults.retry.attempts).toBe(6);
    expect(defaults.auth).toEqual({ kind: 'none' });
    const custom = mlflowConnectionFromEnv({
      MLFLOW_TRACKING_URI: 'https://mlflow.example.test/',
      MLFLOW_HTTP_REQUEST_TIMEOUT: '7',
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
    });
    expect(custom).toMatchObject({ trackingUri: 'https://mlflow.example.test', timeoutMs: 7_000, retry: { attempts: 1 } });
    expect(() => mlflowConnectionFromEnv({ MLFLOW_HTTP_REQUEST_TIMEOUT: 'soon' })).toThrow(/positive number/);
    expect(() => mlflowConnectionFromEnv({ MLFLOW_TRACKING_URI: 'file:///mlruns' })).toThrow(/http\(s\) URL/);
  });
});

describe('log-batch planning', () => {
  it('splits params, tags and metrics within MLflow limits, and the server accepts every batch', async () => {
    const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, i]));
    const tags = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`t${i}`, `v${i}`]));
    const metrics = Array.from({ length: 2500 }, (_, i) => ({ key: `loss/${i % 7}`, value: i / 3, step: i }));
    const batches = planLogBatches({ params, tags, metrics }, 1_700_000_000_000);
    for (const batch of batches) {
      expect(batch.params.length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.params);
      expect(batch.tags.length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.tags);
      expect(batch.metrics.length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.metrics);
      expect(batch.metrics.length + batch.params.length + batch.tags.length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.entries);
    }
    expect(batches.reduce((n, b) => n + b.metrics.length, 0)).toBe(2500);

    const transport = transportFor();
    const experiment = await getOrCreateExperiment(transport, 'E');
    const { run } = await ensureRun(transport, { experimentId: experiment.experiment_id, identity });
    const sent = await logRunData(transport, run.run_id, { params, tags, metrics }, 1_700_000_000_000);
    expect(sent).toBe(batches.length);
    const stored = server.runs.get(run.run_id)!;
    expect(stored.params.size).toBe(150);
    expect(stored.metrics.size).toBe(2500);
  });

  it('keeps each request under the 1 MB body limit', () => {
    const params = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`p${i}`, 'x'.repeat(5_900)]));
    const batches = planLogBatches({ params });
    for (const batch of batches) expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThan(1_000_000);
    expect(batches.reduce((n, b) => n + b.params.length, 0)).toBe(300);
  });

  it('sends non-finite metric values as protobuf JSON strings', () => {
    const [batch] = planLogBatches({ metrics: { a: Number.NaN, b: Infinity, c: -Infinity } }, 1);
    expect(batch.metrics.map((m) => m.value)).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  it('rejects bad keys and values before sending anything', async () => {
    expect(() => planLogBatches({ params: { 'bad key!': 1 } })).toThrow(MlflowValidationError);
    expect(() => planLogBatches({ params: { '../escape': 1 } })).toThrow(/resolve to another path/);
    expect(() => planLogBatches({ params: { long: 'x'.repeat(6001) } })).toThrow(/at most 6000/);
    expect(() => planLogBatches({ tags: { t: 'x'.repeat(5001) } })).toThrow(/at most 5000/);
    expect(() => planLogBatches({ metrics: [{ key: 'm', value: 1, step: 0.5 }] })).toThrow(/step must be an integer/);
    expect(() => planLogBatches({ params: { ['k'.repeat(251)]: 1 } })).toThrow(/longer than 250/);
  });
});

describe('registry details', () => {
  it('pages through model-versions/search', async () => {
    const transport = transportFor();
    const experiment = await getOrCreateExperiment(transport, 'E');
    const { run } = await ensureRun(transport, { experimentId: experiment.experiment_id, identity });
    for (let i = 0; i < 5; i++) {
      await ensureRegisteredModel(transport, `m${i}`);
      await ensureModelVersion(transport, { name: `m${i}`, source: `${run.artifact_uri}/model`, runId: run.run_id });
    }
    const found = await searchModelVersionsByRun(transport, run.run_id);
    expect(found.map((v) => v.name).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('validates alias names and moves an alias between versions', async () => {
    const transport = transportFor();
    await expect(setModelAlias(transport, 'm', 'latest', '1')).rejects.toThrow(/reserved/);
    await expect(setModelAlias(transport, 'm', 'v2', '1')).rejects.toThrow(/reserved/);
    await expect(setModelAlias(transport, 'm', 'has space', '1')).rejects.toThrow(/may only contain/);
    const experiment = await getOrCreateExperiment(transport, 'E');
    const { run } = await ensureRun(transport, { experimentId: experiment.experiment_id, identity });
    await ensureRegisteredModel(transport, 'm');
    await ensureModelVersion(transport, { name: 'm', source: `${run.artifact_uri}/a`, runId: run.run_id });
    await ensureModelVersion(transport, { name: 'm', source: `${run.artifact_uri}/b`, runId: run.run_id });
    await setModelAlias(transport, 'm', 'champion', '1');
    await setModelAlias(transport, 'm', 'champion', '2');
    expect((await getModelVersionByAlias(transport, 'm', 'champion'))?.version).toBe('2');
    expect(await getModelVersionByAlias(transport, 'm', 'challenger')).toBeUndefined();
  });

  it('explains artifact roots that the server does not proxy', () => {
    expect(proxyRoot('mlflow-artifacts:/1/abc/artifacts')).toBe('1/abc/artifacts');
    expect(proxyRoot('mlflow-artifacts://mlflow:5001/1/abc/artifacts/')).toBe('1/abc/artifacts');
    expect(() => proxyRoot('s3://mlflow-artifacts-store/1/abc/artifacts')).toThrow(/--serve-artifacts/);
  });

  it('hashes identities that are not plain tokens', () => {
    expect(identityKey(identity)).toBe(`${identity.pipelineRunId}/train-model`);
    expect(identityKey({ ...identity, iteration: '{"lr": 0.1}' })).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(() => identityKey({ ...identity, taskName: ' ' })).toThrow(/task name/);
  });
});
