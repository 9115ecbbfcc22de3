/**
 * The Ray steps, executed by the runtime as in their container (execute-step.ts), against real parts: the
 * local kube-apiserver with the KubeRay CRDs (rayjob mode), Ceph's S3 gateway for the results location
 * (../helpers/ceph-rgw.ts), and the fake Ray dashboard (cluster mode, ../fakes/ray-dashboard.ts). Nothing
 * runs Ray, so each test plays the job and the operator: it reads the results location from the job's
 * runtime environment, writes the checkpoint and `results.json` there, and reports the job's end (the
 * RayJob's `/status`, or the dashboard's job state).
 *
 * Without Debian's Ceph packages these tests are skipped, except under CI (CI=true), where that fails.
 */
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createS3Client,
  RAY_JOB,
  rayTrainStep,
  rayTuneStep,
  s3SettingsFromEnv,
  type RayJobManifest,
} from '@kfp-ts/components';
import { rayJobName } from '../../../packages/components/src/steps/ray-results.js';
import { FakeRayDashboard, type FakeRayJob } from '../fakes/ray-dashboard.js';
import { cephInstalled, startCephGateway, type CephGateway } from '../helpers/ceph-rgw.js';
import { type K8sTestEnv, k8sTestEnv, pause } from '../k8s-test-env.js';
import { rejectionOf } from '../rejection.js';
import { executeStep, type StepResult } from './execute-step.js';

const BUCKET = 'ray-results-test';
const DATASET = {
  uri: 'minio://mlpipeline/v2/artifacts/polyp/run/inspect-dataset/x/dataset',
  metadata: { location: 's3://dataset/polyp_dataset/' },
};
const CHECKPOINT = Buffer.from('fake torch state dict');

const requireCeph = process.env.CI === 'true';
it.runIf(!cephInstalled() && requireCeph)('has the Ceph object gateway installed for the Ray step tests', () => {
  throw new Error("install Debian's ceph-mon, ceph-osd and radosgw (apt-get install --no-install-recommends radosgw ceph-mon ceph-osd)");
});

describe.skipIf(!cephInstalled())('the Ray steps', () => {
  let gateway: CephGateway;
  let s3: S3Client;
  let k8s: K8sTestEnv;
  let dir: string;
  let stepEnv: Record<string, string>;
  let runs = 0;
  /** A KFP run id unique to this file's run, so results of earlier runs are not found. */
  const runId = `run-${Date.now().toString(36)}`;

  beforeAll(async () => {
    [gateway, k8s] = await Promise.all([startCephGateway(), k8sTestEnv('ray-steps')]);
    stepEnv = {
      KUBECONFIG: (inject as (key: string) => string)('kubeconfig'),
      AWS_ACCESS_KEY_ID: gateway.accessKeyId,
      AWS_SECRET_ACCESS_KEY: gateway.secretAccessKey,
    };
    s3 = await createS3Client(s3SettingsFromEnv({ AWS_ENDPOINT_URL: gateway.endpoint, ...stepEnv }), { maxAttempts: 2 });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    dir = await mkdtemp(join(tmpdir(), 'kfp-ts-ray-steps-'));
  }, 420_000 /* up to three cluster starts */);

  afterAll(async () => {
    s3?.destroy();
    await gateway?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  const put = (uri: string, key: string, body: string | Buffer) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${uri.replace(`s3://${BUCKET}/`, '')}${key}`, Body: body }));

  /** What a training job writes: a checkpoint folder, then results.json naming the folder (or one file of it). */
  async function writeTrainingResults(resultsUri: string, checkpoint = 'checkpoint') {
    await put(resultsUri, 'checkpoint/model.pth', CHECKPOINT);
    await put(resultsUri, 'checkpoint/meta/epoch.txt', '3');
    await put(
      resultsUri,
      'results.json',
      JSON.stringify({ metrics: { dice: 0.87, iou: 0.79 }, bestScore: 0.87, checkpoint, config: { lr: 0.001 }, mlflowRunId: 'mlflow-42' }),
    );
  }

  function train(parameters: Record<string, unknown>): Promise<StepResult> {
    return executeStep(rayTrainStep, {
      dir: join(dir, `step-${++runs}`),
      env: stepEnv,
      parameters: { kfpRunId: runId, resultsBucket: BUCKET, s3Endpoint: gateway.endpoint, ...parameters },
      artifacts: { dataset: DATASET },
    });
  }

  const envVars = (job: RayJobManifest) => JSON.parse((job.spec as { runtimeEnvYAML: string }).runtimeEnvYAML).env_vars as Record<string, string>;

  describe('rayjob mode', () => {
    const rayJobOptions = {
      mode: 'rayjob',
      numWorkers: 2,
      gpusPerWorker: 1,
      acceleratorType: 'nvidia-tesla-t4',
      credentialsSecret: 'minio-credentials',
      config: { lr: 0.001 },
      epochs: 3,
      runtimeEnv: { working_dir: '/app', env_vars: { PYTHONUNBUFFERED: '1' } },
    };

    it('creates the RayJob, and outputs the checkpoint, metadata and metrics the job wrote', async () => {
      const name = rayJobName('train', { pipelineRunId: runId, taskName: 'ray-train' });
      const step = train({ ...rayJobOptions, namespace: k8s.namespace, kfpTaskName: 'ray-train' });

      const job = (await k8s.waitUntilExists(RAY_JOB, name)) as RayJobManifest;
      const spec = job.spec as any;
      expect(spec).toMatchObject({
        entrypoint: 'python -m training.ray_main --config training/configs/configs.yaml',
        jobId: name,
        shutdownAfterJobFinishes: true,
        ttlSecondsAfterFinished: 300,
        activeDeadlineSeconds: 86_400,
      });
      expect(job.metadata.labels).toMatchObject({ 'kfp-ts/pipeline-run-id': runId, 'kfp-ts/task-name': 'ray-train', 'kfp-ts/job-kind': 'train' });
      const workers = spec.rayClusterSpec.workerGroupSpecs[0];
      expect(workers.replicas).toBe(2);
      const pod = workers.template.spec;
      expect(pod.containers[0].resources.limits).toEqual({ cpu: '1', memory: '4Gi', 'nvidia.com/gpu': '1' });
      expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' });
      expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
      expect(pod.containers[0].envFrom).toEqual([{ secretRef: { name: 'minio-credentials' } }]);
      expect(spec.rayClusterSpec.headGroupSpec.template.spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'minio-credentials' } }]);
      expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);

      const vars = envVars(job);
      const resultsUri = `s3://${BUCKET}/ray-results/${runId}/ray-train/`;
      expect(vars).toEqual({
        AWS_ENDPOINT_URL: gateway.endpoint,
        PYTHONUNBUFFERED: '1',
        KFP_TS_RESULTS_URI: resultsUri,
        KFP_TS_JOB_KIND: 'train',
        KFP_TS_DATASET_URI: 's3://dataset/polyp_dataset/',
        KFP_TS_CONFIG: '{"lr":0.001}',
        KFP_TS_EPOCHS: '3',
        KFP_TS_NUM_WORKERS: '2',
        KFP_TS_GPUS_PER_WORKER: '1',
        KFP_TS_KFP_RUN_ID: runId,
        KFP_TS_KFP_TASK_NAME: 'ray-train',
      });
      expect(JSON.stringify(job)).not.toContain(gateway.secretAccessKey);

      await k8s.setStatus(RAY_JOB, name, { jobDeploymentStatus: 'Running', jobStatus: 'RUNNING', jobId: name });
      await writeTrainingResults(vars.KFP_TS_RESULTS_URI);
      await pause(50);
      await k8s.setStatus(RAY_JOB, name, { jobDeploymentStatus: 'Complete', jobStatus: 'SUCCEEDED' });

      const { parameters, artifacts } = await step;
      expect(parameters).toEqual({ bestScore: 0.87, mlflowRunId: 'mlflow-42', resultsUri });
      const model = artifacts.model;
      expect(await readFile(join(model.path, 'model.pth'))).toEqual(CHECKPOINT);
      expect(await readFile(join(model.path, 'meta', 'epoch.txt'), 'utf8')).toBe('3');
      expect(model.metadata).toEqual({
        framework: 'pytorch',
        sourceUri: `${resultsUri}checkpoint/`,
        resultsUri,
        rayJobId: name,
        rayMode: 'rayjob',
        metrics: { dice: 0.87, iou: 0.79 },
        bestScore: 0.87,
        config: { lr: 0.001 },
        mlflowRunId: 'mlflow-42',
      });
      expect(artifacts.metrics.metadata).toEqual({ dice: 0.87, iou: 0.79, bestScore: 0.87 });
      expect(await k8s.client.get(RAY_JOB, k8s.namespace, name)).toBeUndefined(); // deleted after success

      // A retry of the task finds results.json and starts no job.
      const again = await train({ ...rayJobOptions, namespace: k8s.namespace, kfpTaskName: 'ray-train' });
      expect(again.parameters).toEqual(parameters);
      expect(await readdir(again.artifacts.model.path)).toEqual(['meta', 'model.pth']);
      expect(await k8s.client.get(RAY_JOB, k8s.namespace, name)).toBeUndefined();
    });

    it("fails with KubeRay's reason, keeping the failed RayJob", async () => {
      const name = rayJobName('train', { pipelineRunId: runId, taskName: 'ray-train-fails' });
      const step = rejectionOf(train({ ...rayJobOptions, namespace: k8s.namespace, kfpTaskName: 'ray-train-fails', keepJob: false }));
      await k8s.setStatus(RAY_JOB, name, {
        jobDeploymentStatus: 'Failed',
        jobStatus: 'FAILED',
        reason: 'AppFailed',
        message: 'Job entrypoint command failed with exit code 1',
      });
      const error = await step;
      expect(error.message).toBe(
        `RayJob ${k8s.namespace}/${name} failed (jobDeploymentStatus=Failed, jobStatus=FAILED): AppFailed: Job entrypoint command failed with exit code 1`,
      );
      expect(await k8s.client.get(RAY_JOB, k8s.namespace, name)).toBeDefined();
    });

    it('fails when the job succeeded but wrote no results.json, and keeps the RayJob when asked', async () => {
      const name = rayJobName('train', { pipelineRunId: runId, taskName: 'ray-train-silent' });
      const step = rejectionOf(
        train({ mode: 'rayjob', numWorkers: 0, namespace: k8s.namespace, kfpTaskName: 'ray-train-silent', keepJob: true, shutdownAfterFinish: false }),
      );
      const job = (await k8s.waitUntilExists(RAY_JOB, name)) as RayJobManifest;
      expect((job.spec as any).rayClusterSpec.workerGroupSpecs).toEqual([]);
      expect(job.spec).toMatchObject({ shutdownAfterJobFinishes: false });
      expect((job.spec as any).ttlSecondsAfterFinished ?? 0).toBe(0); // not sent; the CRD's default is 0
      await k8s.setStatus(RAY_JOB, name, { jobDeploymentStatus: 'Complete', jobStatus: 'SUCCEEDED' });
      expect((await step).message).toBe(
        `the Ray job ${name} succeeded but wrote no results.json at s3://${BUCKET}/ray-results/${runId}/ray-train-silent/results.json; ` +
          'the training code must write it last, in the location given by $KFP_TS_RESULTS_URI',
      );
      expect(await k8s.client.get(RAY_JOB, k8s.namespace, name)).toBeDefined();
    });
  });

  describe('cluster mode', () => {
    let ray: FakeRayDashboard;
    beforeAll(async () => {
      // Jobs stay PENDING until a test ends them, as the job itself would.
      ray = await new FakeRayDashboard({ readsPerState: Number.MAX_SAFE_INTEGER }).start();
    });
    afterAll(() => ray?.stop());

    const clusterOptions = () => ({ mode: 'cluster', dashboardUrl: ray.url, pollSeconds: 0.05, reuseResults: false });

    async function submitted(id: string): Promise<FakeRayJob> {
      for (let i = 0; i < 400; i++) {
        const job = ray.jobs.get(id);
        if (job) return job;
        await pause(25);
      }
      throw new Error(`job ${id} was never submitted`);
    }
    const finish = (job: FakeRayJob, status: 'SUCCEEDED' | 'FAILED', logs: string, message: string | null = null) =>
      Object.assign(job, { status, message, end_time: Date.now(), logs, error_type: status === 'FAILED' ? 'JOB_ENTRYPOINT_COMMAND_ERROR' : null });

    it('submits to the existing cluster by a submission id of the run and task, once even when retried', async () => {
      const id = rayJobName('train', { pipelineRunId: runId, taskName: 'train-on-cluster' });
      const step = train({ ...clusterOptions(), kfpTaskName: 'train-on-cluster', entrypoint: 'python -m training.ray_main --config cfg.yaml' });
      const job = await submitted(id);
      expect(job.entrypoint).toBe('python -m training.ray_main --config cfg.yaml');
      expect(job.metadata).toEqual({ kfp_run_id: runId, kfp_task_name: 'train-on-cluster', kfp_ts_job_kind: 'train' });
      const resultsUri = (job.runtime_env.env_vars as Record<string, string>).KFP_TS_RESULTS_URI;
      expect(resultsUri).toBe(`s3://${BUCKET}/ray-results/${runId}/train-on-cluster/`);
      await writeTrainingResults(resultsUri, `${resultsUri}checkpoint/model.pth`);
      finish(job, 'SUCCEEDED', 'epoch 3 dice=0.87\n');
      const { parameters, artifacts } = await step;
      expect(parameters.bestScore).toBe(0.87);
      expect(artifacts.model.metadata).toMatchObject({ rayJobId: id, rayMode: 'cluster', sourceUri: `${resultsUri}checkpoint/model.pth` });
      expect(await readdir(artifacts.model.path)).toEqual(['model.pth']); // a file checkpoint, named by its URI
      expect(await readFile(join(artifacts.model.path, 'model.pth'))).toEqual(CHECKPOINT);

      // Without reusing results.json, a retry finds the finished job instead of submitting it again.
      const retried = await train({ ...clusterOptions(), kfpTaskName: 'train-on-cluster', entrypoint: 'python -m training.ray_main --config cfg.yaml' });
      expect(retried.parameters).toEqual(parameters);
      expect(ray.count('POST', /^\/api\/jobs\/$/)).toBe(1);
    });

    it("fails with Ray's message and the end of the driver log", async () => {
      const id = rayJobName('train', { pipelineRunId: runId, taskName: 'train-on-cluster-fails' });
      const step = rejectionOf(train({ ...clusterOptions(), kfpTaskName: 'train-on-cluster-fails' }));
      finish(await submitted(id), 'FAILED', 'epoch 1\nValueError: bad config\n', 'Job entrypoint command failed with exit code 1');
      expect((await step).message).toBe(
        `Ray job ${id} ended FAILED (JOB_ENTRYPOINT_COMMAND_ERROR): Job entrypoint command failed with exit code 1\n` +
          '--- end of driver log ---\nepoch 1\nValueError: bad config\n',
      );
    });

    it('tunes: passes the search space and outputs the best configuration', async () => {
      const id = rayJobName('tune', { pipelineRunId: runId, taskName: 'ray-tune' });
      const step = executeStep(rayTuneStep, {
        dir: join(dir, `step-${++runs}`),
        env: stepEnv,
        parameters: {
          ...clusterOptions(),
          kfpRunId: runId,
          kfpTaskName: 'ray-tune',
          resultsBucket: BUCKET,
          s3Endpoint: gateway.endpoint,
          numSamples: 4,
          searchSpace: { lr: [0.001, 0.0001], batchsize: [2, 4] },
        },
        artifacts: { dataset: DATASET },
      });
      const job = await submitted(id);
      const vars = job.runtime_env.env_vars as Record<string, string>;
      expect(vars).toMatchObject({
        KFP_TS_JOB_KIND: 'tune',
        KFP_TS_TUNE_NUM_SAMPLES: '4',
        KFP_TS_TUNE_SEARCH_SPACE: '{"lr":[0.001,0.0001],"batchsize":[2,4]}',
        KFP_TS_TUNE_METRIC: 'best_dice_score',
        KFP_TS_TUNE_MODE: 'max',
      });
      const best = { lr: 0.0001, batchsize: 4, scheduler: { patience: 5 } };
      await put(vars.KFP_TS_RESULTS_URI, 'results.json', JSON.stringify({ bestScore: 0.91, metrics: { best_dice_score: 0.91 }, config: best }));
      finish(job, 'SUCCEEDED', 'trial 4 done\n');
      const { parameters, artifacts } = await step;
      expect(parameters).toEqual({ bestConfig: best, bestScore: 0.91, resultsUri: vars.KFP_TS_RESULTS_URI });
      expect(artifacts.metrics.metadata).toEqual({ best_dice_score: 0.91, bestScore: 0.91 });
    });

    it('fails a tuning whose results carry no configuration, and a training whose results are malformed', async () => {
      const tuneId = rayJobName('tune', { pipelineRunId: runId, taskName: 'ray-tune-empty' });
      const tune = rejectionOf(
        executeStep(rayTuneStep, {
          dir: join(dir, `step-${++runs}`),
          env: stepEnv,
          parameters: { ...clusterOptions(), kfpRunId: runId, kfpTaskName: 'ray-tune-empty', resultsBucket: BUCKET, s3Endpoint: gateway.endpoint },
          artifacts: { dataset: DATASET },
        }),
      );
      const tuneJob = await submitted(tuneId);
      const tuneUri = (tuneJob.runtime_env.env_vars as Record<string, string>).KFP_TS_RESULTS_URI;
      await put(tuneUri, 'results.json', '{"bestScore": 0.5}');
      finish(tuneJob, 'SUCCEEDED', '');
      expect((await tune).message).toBe(
        `${tuneUri}results.json has no 'config'; the tuning job must write the best trial's hyperparameters there`,
      );

      const trainId = rayJobName('train', { pipelineRunId: runId, taskName: 'train-malformed' });
      const training = rejectionOf(train({ ...clusterOptions(), kfpTaskName: 'train-malformed' }));
      const trainJob = await submitted(trainId);
      const trainUri = (trainJob.runtime_env.env_vars as Record<string, string>).KFP_TS_RESULTS_URI;
      await put(trainUri, 'results.json', '{"bestScore": 0.5, "checkpoint": "nothing/here.pth"}');
      finish(trainJob, 'SUCCEEDED', '');
      expect((await training).message).toBe(
        `the checkpoint ${trainUri}nothing/here.pth named in results.json is neither an object nor a folder of objects`,
      );
    });
  });
});
