/**
 * The MLflow steps, executed by the runtime as in their container (execute-step.ts), against the in-memory
 * tracking server (../helpers/mlflow-test-server.ts): logging a training run, registering a version with an
 * alias, and recording the pipeline's end from an exit task. A retried step must find its earlier run or
 * version instead of creating another.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FINAL_STATUS_TAGS, KFP_TAGS, mlflowFinalStatusStep, mlflowLogRunStep, mlflowRegisterModelStep } from '@kfp-ts/components';
import { MlflowTestServer } from '../helpers/mlflow-test-server.js';
import { rejectionOf } from '../rejection.js';
import { executeStep, type StepResult } from './execute-step.js';

let server: MlflowTestServer;
let dir: string;
let runs = 0;
/** A fresh folder for each step run. */
const runDir = () => join(dir, `run-${++runs}`);
/** Quick failure when the server is gone. */
const env: Record<string, string> = { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1', MLFLOW_HTTP_REQUEST_TIMEOUT: '5' };

beforeEach(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined); // the steps' progress lines
  server = await MlflowTestServer.start();
  dir = await mkdtemp(join(tmpdir(), 'kfp-ts-mlflow-steps-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A trained model as ray-train outputs it: a folder with the checkpoint, the config in its metadata. */
async function modelArtifact() {
  const path = join(dir, 'model');
  await mkdir(join(path, 'extra'), { recursive: true });
  await writeFile(join(path, 'model.pth'), Buffer.from([1, 2, 3, 4, 5]));
  await writeFile(join(path, 'extra', 'notes.txt'), 'unet');
  return {
    uri: 'minio://mlpipeline/v2/artifacts/polyp/run-1/ray-train/abc/model',
    path,
    metadata: { framework: 'pytorch', config: { lr: 0.0001, batchsize: 2, optimizer: { name: 'adam', betas: [0.9, 0.999] } } },
  };
}

async function logRun(kfpRunId = 'run-1', extra: Record<string, unknown> = {}): Promise<StepResult> {
  return executeStep(mlflowLogRunStep, {
    dir: runDir(),
    env,
    parameters: { kfpRunId, kfpTaskName: 'mlflow-log-run', trackingUri: server.url, params: { epochs: 30 }, tags: { stage: 'dev' }, ...extra },
    artifacts: {
      model: await modelArtifact(),
      metrics: { uri: 'minio://mlpipeline/v2/artifacts/polyp/run-1/ray-train/abc/metrics', metadata: { dice: 0.87, iou: 0.79 } },
    },
  });
}

function finalStatus(state: string, kfpRunId: string, extra: Record<string, unknown> = {}) {
  return executeStep(mlflowFinalStatusStep, {
    dir: runDir(),
    env,
    parameters: {
      kfpRunId,
      kfpTaskName: 'mlflow-final-status',
      trackingUri: extra.trackingUri ?? server.url,
      status: {
        state,
        pipelineJobResourceName: `polyp-${kfpRunId}`,
        pipelineTaskName: 'exit-handler-1',
        error: state === 'SUCCEEDED' ? {} : { code: 9, message: 'task train failed: RayJob failed: AppFailed' },
      },
      ...extra,
    },
  });
}

describe('mlflow-log-run', () => {
  it('logs params, metrics, tags and the model files to a run of the KFP task', async () => {
    const { parameters } = await logRun();
    const run = server.runs.get(parameters.runId as string)!;
    expect(run.info.status).toBe('FINISHED');
    expect(server.experiments.get(parameters.experimentId as string)?.name).toBe('PolypSegmentation');
    expect(run.tags.get(KFP_TAGS.identity)).toBe('run-1/mlflow-log-run');
    expect(run.tags.get(KFP_TAGS.pipelineRunId)).toBe('run-1');
    expect(run.tags.get('stage')).toBe('dev');
    expect(run.tags.get('kfp.model_uri')).toBe('minio://mlpipeline/v2/artifacts/polyp/run-1/ray-train/abc/model');
    expect(Object.fromEntries(run.params)).toEqual({
      lr: '0.0001',
      batchsize: '2',
      'optimizer.name': 'adam',
      'optimizer.betas': '[0.9,0.999]',
      epochs: '30',
    });
    expect([...run.metrics.values()].map((m) => [m.key, m.value]).sort()).toEqual([
      ['dice', 0.87],
      ['iou', 0.79],
    ]);
    const root = `${run.info.experiment_id}/${run.info.run_id}/artifacts`;
    expect(server.artifacts.get(`${root}/model/model.pth`)).toEqual(Buffer.from([1, 2, 3, 4, 5]));
    expect(server.artifacts.get(`${root}/model/extra/notes.txt`)?.toString()).toBe('unet');
    expect(parameters.modelSource).toBe(`mlflow-artifacts:/${root}/model`);
  });

  it('logs to the same run when the task is retried', async () => {
    const first = await logRun();
    const second = await logRun();
    expect(second.parameters.runId).toBe(first.parameters.runId);
    expect(server.runs.size).toBe(1);
    expect(server.count('POST', 'runs/create')).toBe(1);
    expect((await logRun('run-2')).parameters.runId).not.toBe(first.parameters.runId);
  });

  it('sends the token from the environment and never prints it', async () => {
    await server.close();
    server = await MlflowTestServer.start({ token: 'tok-3141592653' });
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args) => void printed.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args.join(' ')));
    await expect(logRun()).rejects.toThrow(/HTTP 401/);
    env.MLFLOW_TRACKING_TOKEN = 'tok-3141592653';
    try {
      await logRun();
    } finally {
      delete env.MLFLOW_TRACKING_TOKEN;
    }
    expect(server.requests.at(-1)?.authorization).toBe('Bearer tok-3141592653');
    expect(printed.some((line) => line.includes('(auth: bearer)'))).toBe(true);
    expect(printed.join('\n')).not.toContain('3141592653');
  });

  it('refuses an identity that the pipeline did not fill in', async () => {
    const error = await rejectionOf(logRun('{{$.pipeline_job_uuid}}'));
    expect((error as Error).message).toBe(
      "input 'kfpRunId' is the unresolved placeholder '{{$.pipeline_job_uuid}}'; pass it as a task input (KFP_TASK_IDENTITY), not as a default",
    );
    expect(server.runs.size).toBe(0);
  });
});

describe('mlflow-register-model', () => {
  it("registers the run's model files, sets the alias, and finds the same version when retried", async () => {
    const logged = await logRun();
    const runId = logged.parameters.runId as string;
    const register = () =>
      executeStep(mlflowRegisterModelStep, { dir: runDir(), env, parameters: { trackingUri: server.url, runId, description: 'UNet' } });
    const first = await register();
    expect(first.parameters).toEqual({ modelVersion: '1', registeredName: 'polyp-segmentation', modelUri: 'models:/polyp-segmentation/1' });
    const model = server.models.get('polyp-segmentation')!;
    expect(model.versions[0]).toMatchObject({ source: logged.parameters.modelSource, run_id: runId, description: 'UNet' });
    expect(model.aliases.get('candidate')).toBe('1');

    const second = await register();
    expect(second.parameters.modelVersion).toBe('1');
    expect(model.versions).toHaveLength(1);
    expect(server.count('POST', 'model-versions/create')).toBe(1);
  });

  it('registers a model artifact by its URI and moves an alias to it', async () => {
    await server.close();
    server = await MlflowTestServer.start({ pendingReads: 1 });
    const runId = (await logRun()).parameters.runId as string;
    await executeStep(mlflowRegisterModelStep, { dir: runDir(), env, parameters: { trackingUri: server.url, runId, alias: 'champion' } });
    const triton = await executeStep(mlflowRegisterModelStep, {
      dir: runDir(),
      env,
      parameters: { trackingUri: server.url, runId, alias: 'champion', tags: { format: 'triton', replicas: 2 } },
      artifacts: { model: { uri: 'minio://mlpipeline/v2/artifacts/polyp/run-1/validate-onnx/def/modelRepository' } },
    });
    expect(triton.parameters.modelVersion).toBe('2');
    const model = server.models.get('polyp-segmentation')!;
    expect(model.versions[1]).toMatchObject({ source: 's3://mlpipeline/v2/artifacts/polyp/run-1/validate-onnx/def/modelRepository', status: 'READY' });
    expect(model.versions[1].tags).toEqual([
      { key: 'format', value: 'triton' },
      { key: 'replicas', value: '2' },
    ]);
    expect(model.aliases.get('champion')).toBe('2');
  });

  it('refuses a reserved alias before registering anything', async () => {
    const error = await rejectionOf(
      executeStep(mlflowRegisterModelStep, { dir: runDir(), env, parameters: { trackingUri: server.url, runId: 'abc', alias: 'latest' } }),
    );
    expect((error as Error).message).toBe("alias 'latest' is reserved");
    expect(server.requests).toEqual([]);
  });
});

describe('mlflow-final-status (exit task)', () => {
  it("records success on every run of the pipeline run, and only on those", async () => {
    const logged = await logRun('run-1');
    const other = await logRun('run-2');
    const { parameters } = await finalStatus('SUCCEEDED', 'run-1');
    expect(parameters).toEqual({ mlflowStatus: 'FINISHED', runsUpdated: 1 });
    const run = server.runs.get(logged.parameters.runId as string)!;
    expect(run.info.status).toBe('FINISHED');
    expect(run.tags.get(FINAL_STATUS_TAGS.state)).toBe('SUCCEEDED');
    expect(run.tags.get(FINAL_STATUS_TAGS.pipelineJobResourceName)).toBe('polyp-run-1');
    expect(run.tags.has(FINAL_STATUS_TAGS.error)).toBe(false);
    expect(server.runs.get(other.parameters.runId as string)!.tags.has(FINAL_STATUS_TAGS.state)).toBe(false);
  });

  it('marks the runs FAILED with the error when the guarded tasks failed', async () => {
    const logged = await logRun('run-3');
    const { parameters } = await finalStatus('FAILED', 'run-3');
    expect(parameters).toEqual({ mlflowStatus: 'FAILED', runsUpdated: 1 });
    const run = server.runs.get(logged.parameters.runId as string)!;
    expect(run.info.status).toBe('FAILED');
    expect(run.tags.get(FINAL_STATUS_TAGS.state)).toBe('FAILED');
    expect(run.tags.get(FINAL_STATUS_TAGS.error)).toBe('task train failed: RayJob failed: AppFailed');
  });

  it('creates one small run when no task logged one, also when retried', async () => {
    const first = await finalStatus('FAILED', 'run-4');
    const second = await finalStatus('FAILED', 'run-4');
    expect(first.parameters).toEqual({ mlflowStatus: 'FAILED', runsUpdated: 1 });
    expect(second.parameters).toEqual({ mlflowStatus: 'FAILED', runsUpdated: 1 });
    expect(server.runs.size).toBe(1);
    const [run] = server.runs.values();
    expect(run.info).toMatchObject({ status: 'FAILED', run_name: 'polyp-run-4' });
    expect(run.tags.get(KFP_TAGS.identity)).toBe('run-4/mlflow-final-status');
    expect(run.tags.get(FINAL_STATUS_TAGS.state)).toBe('FAILED');
    expect(server.experiments.get(run.info.experiment_id)?.name).toBe('PolypSegmentation');
  });

  it('maps a cancelled run to KILLED', async () => {
    await logRun('run-5');
    expect((await finalStatus('CANCELLED', 'run-5')).parameters.mlflowStatus).toBe('KILLED');
  });

  it('reports an unreachable server without failing the exit task, unless asked to', async () => {
    const url = server.url;
    await server.close();
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args.join(' ')));
    const lenient = await finalStatus('SUCCEEDED', 'run-6', { trackingUri: url });
    expect(lenient.parameters).toEqual({ mlflowStatus: '', runsUpdated: 0 });
    expect(errors.join('\n')).toMatch(/^could not record the final status in MLflow: MLflow GET experiments\/get-by-name: no answer from/);
    await expect(finalStatus('SUCCEEDED', 'run-6', { trackingUri: url, failOnError: true })).rejects.toThrow(/no answer from/);
    server = await MlflowTestServer.start(); // for afterEach
  });
});
