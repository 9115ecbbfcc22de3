/**
 * RayJobs against a real kube-apiserver with the KubeRay CRDs. Nothing reconciles RayJobs there, so
 * each test plays the operator by patching `/status`, as KubeRay would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  KubernetesApiError,
  RAY_JOB,
  RayJobConflictError,
  RayJobFailedError,
  RayJobTimeoutError,
  type RunRayJobOptions,
  buildRayJob,
  ensureRayJob,
  polypTrainingEntrypoint,
  runRayJob,
  waitForObject,
} from '@kfp-ts/components';
import { FakeRayDashboard } from './fakes/ray-dashboard.js';
import { type K8sTestEnv, k8sTestEnv, pause } from './k8s-test-env.js';
import { rejectionOf } from './rejection.js';

let env: K8sTestEnv;
beforeAll(async () => {
  env = await k8sTestEnv('rayjob');
});

const options = (name: string, extra: Partial<RunRayJobOptions> = {}): RunRayJobOptions => ({
  name,
  namespace: env.namespace,
  entrypoint: polypTrainingEntrypoint('training/configs/configs.yaml'),
  image: 'harly1506/polyp-mlops:kfpv2',
  runtimeEnv: { env_vars: { MLFLOW_EXPERIMENT_NAME: 'PolypSegmentation' } },
  workers: [{ groupName: 'gpu-workers', replicas: 2, cpu: '4', memory: '16Gi', gpus: 1 }],
  timeoutSeconds: 30,
  ...extra,
});

/** KubeRay's usual progression to a successful end. */
async function succeed(name: string) {
  await env.setStatus(RAY_JOB, name, { jobDeploymentStatus: 'Initializing' });
  await pause(50);
  await env.setStatus(RAY_JOB, name, { jobDeploymentStatus: 'Running', jobStatus: 'RUNNING', jobId: `${name}-abcde`, rayClusterName: `${name}-xk2p9` });
  await pause(50);
  await env.setStatus(RAY_JOB, name, { jobDeploymentStatus: 'Complete', jobStatus: 'SUCCEEDED', endTime: new Date().toISOString() });
}

describe('RayJob on the API server', () => {
  it('creates the RayJob and watches it to success', async () => {
    const lines: string[] = [];
    const run = runRayJob(env.client, { ...options('train-ok'), log: (l) => lines.push(l) });
    const created = await env.waitUntilExists(RAY_JOB, 'train-ok');
    expect(created.spec).toMatchObject({
      entrypoint: 'python -m training.ray_main --config training/configs/configs.yaml',
      shutdownAfterJobFinishes: true,
      ttlSecondsAfterFinished: 300,
    });
    const worker = (created.spec as any).rayClusterSpec.workerGroupSpecs[0];
    expect(worker.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    await succeed('train-ok');
    const outcome = await run;
    expect(outcome).toMatchObject({ state: 'succeeded', jobStatus: 'SUCCEEDED', jobId: 'train-ok-abcde', reused: false, deleted: false });
    expect(lines).toContain('created RayJob ' + env.namespace + '/train-ok');
    expect(lines.some((l) => l.includes('jobDeploymentStatus=Running, jobStatus=RUNNING'))).toBe(true);
  });

  it('reuses the RayJob an earlier attempt created instead of failing on 409', async () => {
    await env.client.create(RAY_JOB, env.namespace, buildRayJob(options('train-again')));
    await succeed('train-again');
    const outcome = await runRayJob(env.client, options('train-again'));
    expect(outcome).toMatchObject({ state: 'succeeded', reused: true });
  });

  it('turns a 409 from a concurrent create into reuse', async () => {
    const manifest = buildRayJob(options('train-race'));
    const opts = { rerunFailed: true, onSpecMismatch: 'error' as const, timeoutMs: 10_000, log: () => {} };
    const results = await Promise.all([1, 2, 3].map(() => ensureRayJob(env.client, manifest, opts)));
    expect(results.filter((r) => !r.reused)).toHaveLength(1);
    expect(new Set(results.map((r) => r.object.metadata.uid)).size).toBe(1);
    await expect(env.client.create(RAY_JOB, env.namespace, manifest)).rejects.toMatchObject({ status: 409, reason: 'AlreadyExists' });
  });

  it('reports schema violations (422) at once, naming the field', async () => {
    const bad = buildRayJob(options('train-bad'));
    (bad.spec as any).entrypointNumCpus = 'two';
    delete (bad.spec as any).rayClusterSpec.workerGroupSpecs[0].groupName;
    const error = await rejectionOf<KubernetesApiError>(env.client.create(RAY_JOB, env.namespace, bad));
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error).toMatchObject({ status: 422, reason: 'Invalid' });
    expect(error.message).toMatch(/spec\.entrypointNumCpus/);
    expect(error.message).toMatch(/groupName/);
    const viaRun = await rejectionOf(runRayJob(env.client, options('train-bad2', { head: { env: [{ name: 42 as any }] } })));
    expect(viaRun).toMatchObject({ status: 422, reason: 'Invalid' });
  });

  it("surfaces KubeRay's failure reason and the end of the driver log", async () => {
    const ray = await new FakeRayDashboard().start();
    try {
      const run = rejectionOf<RayJobFailedError>(runRayJob(env.client, options('train-fail')));
      await env.setStatus(RAY_JOB, 'train-fail', { jobDeploymentStatus: 'Running', jobStatus: 'RUNNING' });
      // The job's dashboard holds the driver log of the failed Ray job.
      const { submission_id } = await fetch(`${ray.url}/api/jobs/`, {
        method: 'POST',
        body: JSON.stringify({ entrypoint: 'python -m training.ray_main --fail', submission_id: 'train-fail-abcde' }),
      }).then((r) => r.json() as Promise<{ submission_id: string }>);
      for (let i = 0; i < 3; i++) await fetch(`${ray.url}/api/jobs/${submission_id}`);
      await env.setStatus(RAY_JOB, 'train-fail', {
        jobDeploymentStatus: 'Failed',
        jobStatus: 'FAILED',
        reason: 'AppFailed',
        message: 'Job entrypoint command failed with exit code 1',
        jobId: submission_id,
        dashboardURL: ray.url.replace('http://', ''),
      });
      const error = await run;
      expect(error).toBeInstanceOf(RayJobFailedError);
      expect(error.outcome).toMatchObject({ state: 'failed', reason: 'AppFailed', jobStatus: 'FAILED', deleted: false });
      expect(error.message).toContain('jobDeploymentStatus=Failed, jobStatus=FAILED): AppFailed: Job entrypoint command failed with exit code 1');
      expect(error.message).toContain('ValueError: bad config');
    } finally {
      await ray.stop();
    }
  });

  it('runs a job that failed before again on retry, and deletes it on success when asked', async () => {
    await env.client.create(RAY_JOB, env.namespace, buildRayJob(options('train-rerun')));
    const first = await env.setStatus(RAY_JOB, 'train-rerun', { jobDeploymentStatus: 'Failed', reason: 'DeadlineExceeded' });
    const run = runRayJob(env.client, options('train-rerun', { cleanup: 'onSuccess' }));
    let second = await env.waitUntilExists(RAY_JOB, 'train-rerun');
    while (second.metadata.uid === first.metadata.uid) {
      await pause(50);
      second = await env.waitUntilExists(RAY_JOB, 'train-rerun');
    }
    await succeed('train-rerun');
    expect(await run).toMatchObject({ state: 'succeeded', reused: false, deleted: true, uid: second.metadata.uid });
    expect(await env.client.get(RAY_JOB, env.namespace, 'train-rerun')).toBeUndefined();
  });

  it('refuses a RayJob of the same name with another spec, or replaces it when asked', async () => {
    await env.client.create(RAY_JOB, env.namespace, buildRayJob(options('train-clash', { entrypoint: 'python other.py' })));
    await expect(runRayJob(env.client, options('train-clash'))).rejects.toBeInstanceOf(RayJobConflictError);
    const run = runRayJob(env.client, options('train-clash', { onSpecMismatch: 'replace' }));
    for (;;) {
      const current = await env.waitUntilExists(RAY_JOB, 'train-clash');
      if ((current.spec as any).entrypoint !== 'python other.py') break;
      await pause(50);
    }
    await succeed('train-clash');
    expect(await run).toMatchObject({ state: 'succeeded', reused: false });
  });

  it('times out with the last status and deletes the job when cleanup is always', async () => {
    const run = rejectionOf<RayJobTimeoutError>(
      runRayJob(env.client, options('train-slow', { timeoutSeconds: 1.5, cleanup: 'always' })),
    );
    await env.setStatus(RAY_JOB, 'train-slow', { jobDeploymentStatus: 'Running', jobStatus: 'RUNNING' });
    const error = await run;
    expect(error).toBeInstanceOf(RayJobTimeoutError);
    expect(error.message).toContain('jobDeploymentStatus=Running, jobStatus=RUNNING');
    expect(error.deleted).toBe(true);
    expect(await env.client.get(RAY_JOB, env.namespace, 'train-slow')).toBeUndefined();
  });

  it('keeps waiting across watch renewals', async () => {
    await env.client.create(RAY_JOB, env.namespace, buildRayJob(options('train-long')));
    const seen: string[] = [];
    const wait = waitForObject(
      env.client,
      RAY_JOB,
      env.namespace,
      'train-long',
      (object: any) => (object?.status?.jobDeploymentStatus === 'Complete' ? object.status.jobStatus : undefined),
      { timeoutMs: 15_000, watchSeconds: 1, onObject: (object: any) => seen.push(object?.status?.jobDeploymentStatus ?? '-') },
    );
    await pause(2_500); // the server has closed the watch at least twice by now
    await env.setStatus(RAY_JOB, 'train-long', { jobDeploymentStatus: 'Complete', jobStatus: 'SUCCEEDED' });
    expect(await wait).toBe('SUCCEEDED');
    expect(seen.filter((s) => s === '-').length).toBeGreaterThanOrEqual(3); // one read per renewal
  });

  it('deletes idempotently', async () => {
    await env.client.create(RAY_JOB, env.namespace, buildRayJob(options('train-del')));
    expect(await env.client.delete(RAY_JOB, env.namespace, 'train-del')).toBe(true);
    expect(await env.client.delete(RAY_JOB, env.namespace, 'train-del')).toBe(false);
  });
});

