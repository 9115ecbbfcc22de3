/** The KFP API client against the in-memory API server: uploads, experiments, runs, waiting, errors, retries. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileToYaml, KfpApiError, KfpClient, KfpConnectionError, KfpWaitTimeoutError } from '@kfp-ts/compiler';
import { training } from './fixtures/train.js';
import { KfpApiServer } from './kfp-api-server.js';

const yaml = compileToYaml(training);
let server: KfpApiServer;
let host: string;

beforeEach(async () => {
  server = new KfpApiServer();
  host = await server.start();
});
afterEach(() => server.stop());

const fastRetry = { attempts: 3, initialDelayMs: 1, maxDelayMs: 5 };
const client = (options: { token?: string; namespace?: string } = {}) => new KfpClient({ host, retry: fastRetry, ...options });

async function uploaded(c = client()) {
  const pipeline = await c.uploadPipeline({ yaml, name: 'train-demo' });
  const version = await c.latestPipelineVersion(pipeline.pipeline_id);
  return { pipeline, version };
}

describe('KfpClient', () => {
  it('uploads a pipeline as multipart, with its name and namespace', async () => {
    const { pipeline, version } = await uploaded(client({ namespace: 'team-a' }));
    expect(pipeline.name).toBe('train-demo');
    expect(pipeline.namespace).toBe('team-a');
    expect(version.name).toBe('train-demo');
    const upload = server.requests.find((r) => r.path === '/apis/v2beta1/pipelines/upload')!;
    expect(upload.query.get('namespace')).toBe('team-a');
    expect(server.versions[0].spec.pipelineInfo.name).toBe('train-demo');
  });

  it('uploads a new version of a pipeline, and finds pipelines by name', async () => {
    const c = client();
    const { pipeline } = await uploaded(c);
    const version = await c.uploadPipelineVersion({ yaml, pipelineId: pipeline.pipeline_id, name: 'v2' });
    expect(version.pipeline_id).toBe(pipeline.pipeline_id);
    expect((await c.latestPipelineVersion(pipeline.pipeline_id)).pipeline_version_id).toBe(version.pipeline_version_id);
    expect((await c.findPipeline('train-demo'))?.pipeline_id).toBe(pipeline.pipeline_id);
    expect(await c.findPipeline('nope')).toBeUndefined();
  });

  it('reports a taken pipeline name as 409, naming the pipeline', async () => {
    const c = client();
    await uploaded(c);
    const error = await c.uploadPipeline({ yaml, name: 'train-demo' }).catch((e) => e);
    expect(error).toBeInstanceOf(KfpApiError);
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/^cannot upload pipeline 'train-demo': already exists \(HTTP 409\): .*already exist/);
  });

  it('creates an experiment once and finds it by name', async () => {
    const c = client({ namespace: 'team-a' });
    expect(await c.findExperiment('demo')).toBeUndefined();
    const created = await c.ensureExperiment('demo');
    expect(created).toMatchObject({ display_name: 'demo', namespace: 'team-a' });
    expect((await c.ensureExperiment('demo')).experiment_id).toBe(created.experiment_id);
    expect(server.experiments).toHaveLength(1);
    const error = await c.createExperiment('demo').catch((e) => e);
    expect(error).toMatchObject({ status: 409 });
    expect(error.message).toContain("cannot create experiment 'demo': already exists");
  });

  it('creates a run with parameters, lists it and waits for it to succeed', async () => {
    const c = client();
    const { pipeline, version } = await uploaded(c);
    const experiment = await c.ensureExperiment('demo');
    const run = await c.createRun({
      displayName: 'first',
      experimentId: experiment.experiment_id,
      pipelineId: pipeline.pipeline_id,
      pipelineVersionId: version.pipeline_version_id,
      parameters: { rows: 5, shuffle: true },
    });
    expect(run.state).toBe('PENDING');
    const sent = server.requests.find((r) => r.path === '/apis/v2beta1/runs' && r.method === 'POST')!.body;
    expect(sent).toMatchObject({
      pipeline_version_reference: { pipeline_id: pipeline.pipeline_id, pipeline_version_id: version.pipeline_version_id },
      runtime_config: { parameters: { rows: 5, shuffle: true } },
      experiment_id: experiment.experiment_id,
    });
    expect((await c.listRuns({ experimentId: experiment.experiment_id })).runs.map((r) => r.run_id)).toEqual([run.run_id]);
    const seen: string[] = [];
    const done = await c.waitForRun(run.run_id, { pollIntervalMs: 1, onUpdate: (r) => seen.push(r.state!) });
    expect(done.state).toBe('SUCCEEDED');
    expect(seen).toEqual(['RUNNING', 'RUNNING', 'SUCCEEDED']);
    expect(done.run_details?.task_details?.map((t) => [t.display_name, t.state])).toEqual([
      ['prepare', 'SUCCEEDED'],
      ['train', 'SUCCEEDED'],
    ]);
  });

  it('waits for a failing run and returns it FAILED with its error', async () => {
    server.runOutcome = 'FAILED';
    const c = client();
    const { pipeline, version } = await uploaded(c);
    const run = await c.createRun({ displayName: 'r', experimentId: (await c.ensureExperiment('x')).experiment_id, pipelineId: pipeline.pipeline_id, pipelineVersionId: version.pipeline_version_id });
    const done = await c.waitForRun(run.run_id, { pollIntervalMs: 1 });
    expect(done.state).toBe('FAILED');
    expect(done.error?.message).toBe('task train failed');
    expect(done.run_details?.task_details?.at(-1)?.state).toBe('FAILED');
  });

  it('gives up waiting after the time-out', async () => {
    const c = client();
    const { pipeline, version } = await uploaded(c);
    const run = await c.createRun({ displayName: 'r', experimentId: (await c.ensureExperiment('x')).experiment_id, pipelineId: pipeline.pipeline_id, pipelineVersionId: version.pipeline_version_id });
    await expect(c.waitForRun(run.run_id, { pollIntervalMs: 50, timeoutMs: 60 })).rejects.toBeInstanceOf(KfpWaitTimeoutError);
  });

  it('sends the bearer token, and explains a 401 without showing the token', async () => {
    server.token = 's3cret';
    const error = await client({ token: 'wrong' }).findExperiment('demo').catch((e) => e);
    expect(error).toMatchObject({ status: 401 });
    expect(error.message).toMatch(/^cannot look up experiment 'demo': not authenticated: pass a valid token with --token or KFP_TOKEN \(HTTP 401\)/);
    expect(error.message).not.toContain('wrong');
    await expect(client({ token: 's3cret' }).findExperiment('demo')).resolves.toBeUndefined();
    expect(server.requests.at(-1)!.authorization).toBe('Bearer s3cret');
  });

  it('reports 404 naming what was not found', async () => {
    const error = await client().getRun('missing-run').catch((e) => e);
    expect(error).toMatchObject({ status: 404 });
    expect(error.message).toBe('cannot get run missing-run: not found (HTTP 404): Failed to get run: run missing-run not found');
  });

  it('retries 5xx and 429 with backoff, a bounded number of times', async () => {
    server.failNext(2, 503);
    await expect(client().findExperiment('demo')).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.failNext(5, 500);
    const error = await client().findExperiment('demo').catch((e) => e);
    expect(error).toMatchObject({ status: 500 });
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.failNext(1, 429);
    await expect(client().findPipeline('x')).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a client error', async () => {
    server.failNext(1, 400);
    await expect(client().findExperiment('demo')).rejects.toMatchObject({ status: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it('reports a host that does not answer as a connection error', async () => {
    await server.stop();
    const error = await client().findExperiment('demo').catch((e) => e);
    expect(error).toBeInstanceOf(KfpConnectionError);
    expect(error.message).toMatch(/^cannot look up experiment 'demo': no answer from the KFP API at http:\/\/127\.0\.0\.1:\d+\/apis\/v2beta1\/experiments: ECONNREFUSED/);
  });

  it('rejects a host that is not an http(s) URL', () => {
    expect(() => new KfpClient({ host: 'localhost:8888' })).toThrow(/must be an http:\/\/ or https:\/\/ URL|is not a URL/);
  });
});
