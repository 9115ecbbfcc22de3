/**
 * The Ray Jobs REST client against a protocol-faithful fake dashboard (endpoints and error codes in
 * fakes/ray-dashboard.ts): every endpoint, token auth, retries on 429/500/resets/slow answers, and
 * idempotent submission by submission id when the first answer is lost.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RayClusterJobFailedError,
  RayClusterJobTimeoutError,
  RayJobsClient,
  RaySubmissionConflictError,
  runRayClusterJob,
  polypTrainingEntrypoint,
} from '@kfp-ts/components';
import { FakeRayDashboard } from './fakes/ray-dashboard.js';
import { rejectionOf } from './rejection.js';

const fast = { initialDelayMs: 5, maxDelayMs: 20 };
const TRAIN = polypTrainingEntrypoint('training/configs/configs.yaml');

describe('Ray Jobs REST API client', () => {
  let ray: FakeRayDashboard;
  let client: RayJobsClient;
  beforeEach(async () => {
    ray = await new FakeRayDashboard().start();
    client = new RayJobsClient({ dashboardUrl: ray.url, retry: fast, timeoutMs: 2_000 });
  });
  afterEach(() => ray.stop());

  it('submits, reads, lists, fetches logs, stops and deletes', async () => {
    expect((await client.version()).version).toBe('4');
    const submitted = await client.submit({ entrypoint: TRAIN, submission_id: 'train-a', runtime_env: { env_vars: { A: '1' } } });
    expect(submitted.submission_id).toBe('train-a');
    expect((await client.getJob('train-a'))?.status).toBe('PENDING');
    expect((await client.getJob('train-a'))?.status).toBe('RUNNING');
    expect((await client.listJobs()).map((j) => j.submission_id)).toEqual(['train-a']);
    expect(await client.logs('train-a')).toContain('starting training');
    await expect(client.deleteJob('train-a')).rejects.toThrow(/HTTP 500.*non-terminal/);
    expect(await client.stop('train-a')).toBe(true);
    expect(await client.stop('train-a')).toBe(false);
    expect((await client.getJob('train-a'))?.status).toBe('STOPPED');
    expect(await client.deleteJob('train-a')).toBe(true);
    expect(await client.getJob('train-a')).toBeUndefined();
  });

  it('reports a 400 for a malformed submission without retrying', async () => {
    await expect(client.submit({ entrypoint: '' })).rejects.toThrow(/HTTP 400.*entrypoint/);
    expect(ray.count('POST', /^\/api\/jobs\/$/)).toBe(1);
  });

  it('retries reads through 429, 500 and a connection reset', async () => {
    await client.submit({ entrypoint: TRAIN, submission_id: 'train-b' });
    ray.inject({ method: 'GET', path: /train-b$/ }, { kind: 'status', status: 429, retryAfter: '0' });
    ray.inject({ method: 'GET', path: /train-b$/ }, { kind: 'status', status: 500 });
    ray.inject({ method: 'GET', path: /train-b$/ }, { kind: 'reset' });
    expect((await client.getJob('train-b'))?.submission_id).toBe('train-b');
    expect(ray.count('GET', /train-b$/)).toBe(4);
  });

  it('submits once when the first answer is lost (reset after the job was created)', async () => {
    ray.inject({ method: 'POST', path: /^\/api\/jobs\/$/ }, { kind: 'resetAfterHandling' });
    const { job, reused } = await client.submitIdempotent({ entrypoint: TRAIN, submission_id: 'train-c' });
    expect(job.submission_id).toBe('train-c');
    expect(reused).toBe(true); // the second attempt found the job the first one created
    expect(ray.jobs.size).toBe(1);
    expect(ray.count('POST', /^\/api\/jobs\/$/)).toBe(1);
  });

  it('submits once when the first answer is too slow', async () => {
    const slow = new RayJobsClient({ dashboardUrl: ray.url, retry: fast, timeoutMs: 200 });
    ray.inject({ method: 'POST', path: /^\/api\/jobs\/$/ }, { kind: 'delay', ms: 600 });
    const { job } = await slow.submitIdempotent({ entrypoint: TRAIN, submission_id: 'train-d' });
    expect(job.submission_id).toBe('train-d');
    expect(ray.jobs.size).toBe(1);
  });

  it('retries a submission refused with 500 and 429 before it was created', async () => {
    ray.inject({ method: 'POST', path: /^\/api\/jobs\/$/ }, { kind: 'status', status: 500, body: 'No available agent to submit job, please try again later.' });
    ray.inject({ method: 'POST', path: /^\/api\/jobs\/$/ }, { kind: 'status', status: 429, retryAfter: '0' });
    const { job, reused } = await client.submitIdempotent({ entrypoint: TRAIN, submission_id: 'train-e' });
    expect(job.entrypoint).toBe(TRAIN);
    expect(reused).toBe(false);
    expect(ray.count('POST', /^\/api\/jobs\/$/)).toBe(3);
  });

  it('reuses a job submitted by an earlier attempt, on 400- and 500-style duplicate answers', async () => {
    for (const duplicateStatus of [400, 500] as const) {
      const dash = await new FakeRayDashboard({ duplicateStatus }).start();
      const c = new RayJobsClient({ dashboardUrl: dash.url, retry: fast });
      await c.submit({ entrypoint: TRAIN, submission_id: 'same' });
      const { reused } = await c.submitIdempotent({ entrypoint: TRAIN, submission_id: 'same' });
      expect(reused).toBe(true);
      expect(dash.jobs.size).toBe(1);
      await dash.stop();
    }
  });

  it('refuses a submission id already used by another entrypoint', async () => {
    await client.submit({ entrypoint: 'python other.py', submission_id: 'taken' });
    await expect(client.submitIdempotent({ entrypoint: TRAIN, submission_id: 'taken' })).rejects.toBeInstanceOf(RaySubmissionConflictError);
  });

  it('sends the token from the environment as x-ray-authorization', async () => {
    const secured = await new FakeRayDashboard({ token: 't0k3n' }).start();
    try {
      process.env.KFPTS_TEST_RAY_TOKEN = 't0k3n';
      const ok = new RayJobsClient({ dashboardUrl: secured.url, token: { env: 'KFPTS_TEST_RAY_TOKEN' }, retry: fast });
      expect((await ok.version()).version).toBe('4');
      const anonymous = new RayJobsClient({ dashboardUrl: secured.url, token: { env: 'KFPTS_TEST_UNSET' }, retry: fast });
      const error = await rejectionOf<Error>(anonymous.version());
      expect(error.message).toMatch(/HTTP 401/);
      expect(error.message).not.toContain('t0k3n');
    } finally {
      delete process.env.KFPTS_TEST_RAY_TOKEN;
      await secured.stop();
    }
  });
});

describe('runRayClusterJob', () => {
  let ray: FakeRayDashboard;
  beforeEach(async () => {
    ray = await new FakeRayDashboard().start();
  });
  afterEach(() => ray.stop());
  const common = () => ({ dashboardUrl: ray.url, retry: fast, pollIntervalMs: 10 });

  it('runs a job to success and returns the end of its log', async () => {
    const lines: string[] = [];
    const result = await runRayClusterJob({ ...common(), entrypoint: TRAIN, submissionId: 'run-1', log: (l) => lines.push(l) });
    expect(result).toMatchObject({ submissionId: 'run-1', status: 'SUCCEEDED', reused: false });
    expect(result.logTail).toContain('dice=0.86');
    expect(lines.join('\n')).toMatch(/PENDING → RUNNING[\s\S]*RUNNING → SUCCEEDED/);
  });

  it('resumes a job an earlier attempt submitted, even after it finished', async () => {
    await runRayClusterJob({ ...common(), entrypoint: TRAIN, submissionId: 'run-2' });
    const again = await runRayClusterJob({ ...common(), entrypoint: TRAIN, submissionId: 'run-2' });
    expect(again).toMatchObject({ status: 'SUCCEEDED', reused: true });
    expect(ray.count('POST', /^\/api\/jobs\/$/)).toBe(1);
  });

  it("surfaces Ray's failure message and the log tail", async () => {
    const error = await rejectionOf<RayClusterJobFailedError>(
      runRayClusterJob({ ...common(), entrypoint: 'python -m training.ray_main --fail', submissionId: 'run-3' }),
    );
    expect(error).toBeInstanceOf(RayClusterJobFailedError);
    expect(error.result.status).toBe('FAILED');
    expect(error.message).toContain('ended FAILED (JOB_ENTRYPOINT_COMMAND_ERROR)');
    expect(error.message).toContain('exit code 1');
    expect(error.message).toContain('ValueError: bad config');
  });

  it('stops the job when the wait times out', async () => {
    const slowRay = await new FakeRayDashboard({ readsPerState: 1_000 }).start();
    try {
      const error = await rejectionOf<RayClusterJobTimeoutError>(
        runRayClusterJob({
          dashboardUrl: slowRay.url,
          retry: fast,
          pollIntervalMs: 20,
          timeoutSeconds: 0.3,
          entrypoint: TRAIN,
          submissionId: 'run-4',
        }),
      );
      expect(error).toBeInstanceOf(RayClusterJobTimeoutError);
      expect(error.stopped).toBe(true);
      expect(slowRay.jobs.get('run-4')?.status).toBe('STOPPED');
    } finally {
      await slowRay.stop();
    }
  });
});
