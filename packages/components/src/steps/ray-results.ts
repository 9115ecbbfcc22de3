/**
 * What the Ray training and tuning steps share: their inputs, the hand-over to the Ray job, running it
 * (a KubeRay RayJob or a job on an existing RayCluster), and reading back what it wrote.
 *
 * The hand-over is a results location in S3/MinIO, `s3://<resultsBucket>/<resultsPrefix>/<KFP run id>/<task
 * name>/`, which stays the same when KFP retries the task. The job learns it, and everything else it needs,
 * from environment variables ({@link RAY_JOB_ENV}); it writes its checkpoint there and, last,
 * `results.json` ({@link RayResults}). A retried task that finds `results.json` uses it instead of training
 * again.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { V1Toleration } from '@kubernetes/client-node';
import { t, type InputArtifact, type MetricsOutput, type RunInputs } from '@kfp-ts/dsl';
import { KubeClient } from '../k8s/client.js';
import { checkQuantity } from '../k8s/validation.js';
import type { KfpTaskIdentity } from '../mlflow/identity.js';
import { POLYP_RAY_DEFAULTS, polypTrainingEntrypoint } from '../ray/defaults.js';
import { runRayClusterJob } from '../ray/ray-jobs-api.js';
import type { RayWorkerGroupOptions } from '../ray/rayjob-manifest.js';
import { runRayJob } from '../ray/rayjob.js';
import { createS3Client, DEFAULT_S3_ENDPOINT, describeS3Settings, s3SettingsFromEnv, type S3Settings } from '../s3/config.js';
import { downloadObject, downloadPrefix, parseS3Uri, readObjectText, s3Uri, type DownloadedFile, type S3Location } from '../s3/objects.js';
import { isRecord, requiredText } from './input-checks.js';
import { kfpIdentityInputs, taskIdentity } from './task-identity.js';

/** The training image of the reference cluster (its Ray head and workers). */
export const DEFAULT_RAY_IMAGE = 'harly1506/polyp-mlops:kfpv2';

/** The file the job writes last in its results location. */
export const RESULTS_FILE = 'results.json';

/** Environment variables the Ray job receives (in its runtime environment). */
export const RAY_JOB_ENV = {
  /** `s3://bucket/prefix/<run>/<task>/`: where to write the checkpoint and, last, `results.json`. */
  resultsUri: 'KFP_TS_RESULTS_URI',
  /** `train` or `tune`. */
  jobKind: 'KFP_TS_JOB_KIND',
  /** Where the dataset is, e.g. `s3://dataset/polyp_dataset/`. */
  datasetUri: 'KFP_TS_DATASET_URI',
  /** The hyperparameters, as JSON (the `config` input). */
  config: 'KFP_TS_CONFIG',
  epochs: 'KFP_TS_EPOCHS',
  numWorkers: 'KFP_TS_NUM_WORKERS',
  gpusPerWorker: 'KFP_TS_GPUS_PER_WORKER',
  /** The KFP run and task, e.g. to tag an MLflow run. */
  kfpRunId: 'KFP_TS_KFP_RUN_ID',
  kfpTaskName: 'KFP_TS_KFP_TASK_NAME',
  /** Tuning only: trials, search space (JSON), the metric to optimise and `max` or `min`. */
  numSamples: 'KFP_TS_TUNE_NUM_SAMPLES',
  searchSpace: 'KFP_TS_TUNE_SEARCH_SPACE',
  metric: 'KFP_TS_TUNE_METRIC',
  scoreMode: 'KFP_TS_TUNE_MODE',
} as const;

/** The inputs both Ray steps take. */
export const rayJobInputs = {
  ...kfpIdentityInputs,
  dataset: t
    .dataset()
    .describe("The dataset, e.g. inspect-dataset's output: its metadata 'location' (else its URI) is the s3:// location passed to the job."),
  config: t.struct().default({}).describe('Hyperparameters, passed to the job as JSON in KFP_TS_CONFIG (e.g. the bestConfig of ray-tune).'),
  epochs: t.integer().default(1).describe('Epochs, passed to the job in KFP_TS_EPOCHS.'),
  mode: t
    .string()
    .default('rayjob')
    .describe("'rayjob': a KubeRay RayJob with its own Ray cluster; 'cluster': a job on the existing RayCluster through its dashboard's Jobs API."),
  entrypoint: t
    .string()
    .default(polypTrainingEntrypoint('training/configs/configs.yaml'))
    .describe('Shell command of the Ray job.'),
  runtimeEnv: t
    .struct()
    .default({})
    .describe('Ray runtime environment (working_dir, pip, env_vars, …); visible in the job, so no credentials (use credentialsSecret).'),
  image: t.string().default(DEFAULT_RAY_IMAGE).describe('Image of the Ray head and workers (rayjob mode).'),
  namespace: t.string().default(POLYP_RAY_DEFAULTS.namespace).describe('Namespace of the RayJob (rayjob mode).'),
  headCpu: t.string().default('1').describe('CPU of the Ray head (rayjob mode).'),
  headMemory: t.string().default('4Gi').describe('Memory of the Ray head (rayjob mode).'),
  numWorkers: t.integer().default(1).describe('Ray workers (rayjob mode: pods of the worker group; 0 runs everything on the head); passed in KFP_TS_NUM_WORKERS.'),
  workerCpu: t.string().default('1').describe('CPU of each worker (rayjob mode).'),
  workerMemory: t.string().default('4Gi').describe('Memory of each worker (rayjob mode).'),
  gpusPerWorker: t.integer().default(0).describe('NVIDIA GPUs of each worker; with GPUs, workers tolerate the nvidia.com/gpu taint unless workerTolerations says otherwise.'),
  acceleratorType: t.string().default('').describe('GKE accelerator type of the worker nodes (e.g. nvidia-tesla-t4); empty for any node.'),
  workerNodeSelector: t.struct().default({}).describe('Node labels the workers must match (rayjob mode).'),
  workerTolerations: t.list().default([]).describe('Tolerations of the workers, as Kubernetes objects (rayjob mode); empty for the default.'),
  serviceAccount: t.string().default('').describe('Service account of the Ray pods (rayjob mode); empty for the namespace default.'),
  imagePullSecret: t.string().default(POLYP_RAY_DEFAULTS.imagePullSecret).describe('Image pull secret of the Ray pods (rayjob mode); empty for none.'),
  credentialsSecret: t
    .string()
    .default('')
    .describe('A Secret whose keys (e.g. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) become environment variables of the Ray pods (rayjob mode).'),
  shutdownAfterFinish: t.boolean().default(true).describe("Delete the job's Ray cluster when the job ends (rayjob mode)."),
  ttlSecondsAfterFinished: t.integer().default(POLYP_RAY_DEFAULTS.ttlSecondsAfterFinished).describe('Seconds before a finished Ray cluster is deleted (rayjob mode, with shutdownAfterFinish).'),
  keepJob: t.boolean().default(false).describe('Keep the RayJob object after success (rayjob mode); a failed one is always kept for inspection.'),
  dashboardUrl: t.string().default(POLYP_RAY_DEFAULTS.dashboardUrl).describe("The existing RayCluster's dashboard, serving the Jobs API (cluster mode)."),
  pollSeconds: t.float().default(10).describe('Seconds between status checks (cluster mode).'),
  resultsBucket: t.string().default('mlflow-artifacts-store').describe('Bucket of the results location.'),
  resultsPrefix: t.string().default('ray-results').describe('Key prefix of the results location; the KFP run id and task name are appended.'),
  s3Endpoint: t.string().default(DEFAULT_S3_ENDPOINT).describe('S3/MinIO endpoint of the results location (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).'),
  reuseResults: t.boolean().default(true).describe('Use results.json written by an earlier attempt of this task instead of running the job again.'),
  timeoutSeconds: t.integer().default(86_400).describe('Give up after this many seconds; in rayjob mode KubeRay also stops the job then.'),
};

/** What the Ray job wrote to `results.json`. */
export interface RayResults {
  /** Final (or best) metrics, by name. */
  metrics: Record<string, number>;
  /** The score of the run: the training's best validation score, or the best trial's score. */
  bestScore: number;
  /** Where the checkpoint is: a key relative to the results location (a file or a folder), or an `s3://` URI. */
  checkpoint?: string;
  /** The hyperparameters used (training) or found best (tuning). */
  config: Record<string, unknown>;
  /** The MLflow run the job logged to, if it did. */
  mlflowRunId?: string;
}

/** The inputs {@link runRayJobForResults} reads. */
export type RayJobInputs = RunInputs<typeof rayJobInputs>;

/** A connection to the results store. */
export interface ResultsStore {
  client: S3Client;
  settings: S3Settings;
}

/** Opens the results store named by the inputs; credentials come from the environment only. */
export async function openResultsStore(inputs: Pick<RayJobInputs, 's3Endpoint'>): Promise<ResultsStore> {
  const endpoint = inputs.s3Endpoint.trim();
  const settings = s3SettingsFromEnv(process.env, endpoint ? { endpoint } : {});
  return { client: await createS3Client(settings), settings };
}

/** What {@link runRayJobForResults} did. */
export interface RayJobRun {
  results: RayResults;
  /** The results location (key ending in `/`). */
  location: S3Location;
  /** The RayJob name (rayjob mode) and the Ray submission id: the same deterministic name. */
  jobName: string;
  mode: 'rayjob' | 'cluster';
  /** True when `results.json` of an earlier attempt was used and no job ran. */
  reusedResults: boolean;
}

/**
 * Runs the Ray job of `kind` to its end and returns what it wrote to `results.json`; `jobEnv` adds
 * variables for the job (tuning's search space, …). Throws with Ray's reason when the job fails.
 */
export async function runRayJobForResults(
  kind: 'train' | 'tune',
  inputs: RayJobInputs,
  store: ResultsStore,
  jobEnv: Record<string, string> = {},
): Promise<RayJobRun> {
  const identity = taskIdentity(inputs);
  const mode = parseMode(inputs.mode);
  checkJobInputs(inputs, mode);
  const location = resultsLocation(inputs.resultsBucket, inputs.resultsPrefix, identity);
  const resultsFile = { bucket: location.bucket, key: `${location.key}${RESULTS_FILE}` };
  const jobName = rayJobName(kind, identity);
  console.log(`results location ${s3Uri(location)} on ${describeS3Settings(store.settings)}`);

  if (inputs.reuseResults) {
    const earlier = await readObjectText(store.client, resultsFile);
    if (earlier !== undefined) {
      console.log(`found ${RESULTS_FILE} of an earlier attempt; the Ray job does not run again`);
      return { results: parseRayResults(earlier, s3Uri(resultsFile)), location, jobName, mode, reusedResults: true };
    }
  }

  const runtimeEnv = jobRuntimeEnv(inputs.runtimeEnv, {
    AWS_ENDPOINT_URL: store.settings.endpoint ?? '',
    ...contractEnv(kind, inputs, identity, location),
    ...jobEnv,
  });
  if (mode === 'rayjob') await runAsRayJob(kind, jobName, inputs, identity, runtimeEnv);
  else await runOnRayCluster(kind, jobName, inputs, identity, runtimeEnv);

  const text = await readObjectText(store.client, resultsFile);
  if (text === undefined) {
    throw new Error(
      `the Ray job ${jobName} succeeded but wrote no ${RESULTS_FILE} at ${s3Uri(resultsFile)}; ` +
        `the training code must write it last, in the location given by $${RAY_JOB_ENV.resultsUri}`,
    );
  }
  return { results: parseRayResults(text, s3Uri(resultsFile)), location, jobName, mode, reusedResults: false };
}

/** `s3://<bucket>/<prefix>/<run id>/<task name>/` as a bucket and a key ending in `/`. */
export function resultsLocation(bucket: string, prefix: string, identity: KfpTaskIdentity): S3Location {
  const cleanPrefix = prefix.trim().replace(/^\/+|\/+$/g, '');
  const parts = [cleanPrefix, keySegment(identity.pipelineRunId), keySegment(identity.taskName)].filter(Boolean);
  return { bucket: requiredText('resultsBucket', bucket), key: `${parts.join('/')}/` };
}

/** A RayJob name and Ray submission id, unique to the KFP run and task and the same on every retry. */
export function rayJobName(kind: 'train' | 'tune', identity: KfpTaskIdentity): string {
  const hash = createHash('sha256').update(`${identity.pipelineRunId}\n${identity.taskName}`).digest('hex').slice(0, 16);
  return `ray-${kind}-${hash}`;
}

/** Parses and checks `results.json`; `uri` names it in errors. */
export function parseRayResults(text: string, uri: string): RayResults {
  const fail = (problem: string) => new Error(`${uri}: ${problem}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw fail(`not JSON (${(error as Error).message})`);
  }
  if (!isRecord(parsed)) throw fail('must hold a JSON object');
  const { metrics = {}, bestScore, checkpoint, config = {}, mlflowRunId } = parsed;
  if (typeof bestScore !== 'number' || !Number.isFinite(bestScore)) throw fail(`'bestScore' must be a finite number, got ${JSON.stringify(bestScore)}`);
  if (!isRecord(metrics)) throw fail("'metrics' must be an object of numbers");
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw fail(`metric '${name}' must be a finite number, got ${JSON.stringify(value)}`);
  }
  if (checkpoint !== undefined && (typeof checkpoint !== 'string' || !checkpoint.trim())) throw fail("'checkpoint' must be a non-empty string");
  if (!isRecord(config)) throw fail("'config' must be an object");
  if (mlflowRunId !== undefined && mlflowRunId !== null && typeof mlflowRunId !== 'string') throw fail("'mlflowRunId' must be a string");
  return {
    metrics: metrics as Record<string, number>,
    bestScore,
    ...(checkpoint !== undefined ? { checkpoint: checkpoint.trim() } : {}),
    config,
    ...(typeof mlflowRunId === 'string' && mlflowRunId ? { mlflowRunId } : {}),
  };
}

/**
 * Copies the checkpoint named in the results into the folder `dir` (a Model artifact's path): a file keeps
 * its name, a folder its structure. Returns its `s3://` URI and the files.
 */
export async function fetchCheckpoint(
  client: S3Client,
  results: S3Location,
  checkpoint: string,
  dir: string,
): Promise<{ uri: string; files: DownloadedFile[] }> {
  const location = checkpointLocation(results, checkpoint);
  await mkdir(dir, { recursive: true });
  if (!location.key.endsWith('/')) {
    const name = basename(location.key);
    const bytes = await downloadObject(client, location, join(dir, name));
    if (bytes !== undefined) return { uri: s3Uri(location), files: [{ path: name, bytes }] };
  }
  const files = await downloadPrefix(client, location, dir);
  if (files.length === 0) throw new Error(`the checkpoint ${s3Uri(location)} named in ${RESULTS_FILE} is neither an object nor a folder of objects`);
  return { uri: s3Uri({ bucket: location.bucket, key: location.key.replace(/\/*$/, '/') }), files };
}

/** Logs the results' metrics and the best score (as `bestScore`) on a Metrics output. */
export function logResultMetrics(metrics: MetricsOutput, results: RayResults): void {
  for (const [name, value] of Object.entries(results.metrics)) metrics.logMetric(name, value);
  if (!('bestScore' in results.metrics)) metrics.logMetric('bestScore', results.bestScore);
}

/** Where the dataset is: the `location` its producer recorded, else the artifact's URI. */
export function datasetLocation(dataset: InputArtifact): string {
  const recorded = dataset.metadata.location;
  return typeof recorded === 'string' && recorded.trim() ? recorded.trim() : dataset.uri;
}

/** A KubeRay RayJob with its own Ray cluster, watched to its end. */
async function runAsRayJob(
  kind: 'train' | 'tune',
  name: string,
  inputs: RayJobInputs,
  identity: KfpTaskIdentity,
  runtimeEnv: Record<string, unknown>,
): Promise<void> {
  await runRayJob(new KubeClient(), {
    name,
    jobId: name,
    namespace: requiredText('namespace', inputs.namespace),
    entrypoint: requiredText('entrypoint', inputs.entrypoint),
    runtimeEnv,
    image: requiredText('image', inputs.image),
    head: { cpu: inputs.headCpu.trim(), memory: inputs.headMemory.trim(), ...secretEnv(inputs.credentialsSecret) },
    workers: inputs.numWorkers > 0 ? [workerGroup(inputs)] : [],
    shutdownAfterJobFinishes: inputs.shutdownAfterFinish,
    ttlSecondsAfterFinished: inputs.shutdownAfterFinish ? inputs.ttlSecondsAfterFinished : undefined,
    activeDeadlineSeconds: inputs.timeoutSeconds,
    imagePullSecrets: inputs.imagePullSecret.trim() ? [inputs.imagePullSecret.trim()] : [],
    serviceAccountName: inputs.serviceAccount.trim() || undefined,
    labels: jobLabels(kind, identity),
    timeoutSeconds: inputs.timeoutSeconds,
    cleanup: inputs.keepJob ? 'never' : 'onSuccess',
    log: (line) => console.log(line),
  });
}

/** A job on the existing RayCluster, submitted through its dashboard's Jobs API and polled to its end. */
async function runOnRayCluster(
  kind: 'train' | 'tune',
  submissionId: string,
  inputs: RayJobInputs,
  identity: KfpTaskIdentity,
  runtimeEnv: Record<string, unknown>,
): Promise<void> {
  await runRayClusterJob({
    dashboardUrl: requiredText('dashboardUrl', inputs.dashboardUrl),
    submissionId,
    entrypoint: requiredText('entrypoint', inputs.entrypoint),
    runtime_env: runtimeEnv,
    metadata: { kfp_run_id: identity.pipelineRunId, kfp_task_name: identity.taskName, kfp_ts_job_kind: kind },
    timeoutSeconds: inputs.timeoutSeconds,
    pollIntervalMs: inputs.pollSeconds * 1000,
    log: (line) => console.log(line),
  });
}

/** The numbers and quantities of the job, checked before anything is created; errors name the input. */
function checkJobInputs(inputs: RayJobInputs, mode: 'rayjob' | 'cluster'): void {
  if (mode === 'cluster' && !(inputs.pollSeconds > 0)) throw new Error(`input 'pollSeconds' must be positive, got ${inputs.pollSeconds}`);
  const integers: Array<[string, number, number]> = [
    ['epochs', inputs.epochs, 1],
    ['numWorkers', inputs.numWorkers, 0],
    ['gpusPerWorker', inputs.gpusPerWorker, 0],
    ['ttlSecondsAfterFinished', inputs.ttlSecondsAfterFinished, 0],
    ['timeoutSeconds', inputs.timeoutSeconds, 1],
  ];
  for (const [field, value, min] of integers) {
    if (!Number.isInteger(value) || value < min) throw new Error(`input '${field}' must be an integer of at least ${min}, got ${value}`);
  }
  const quantities: Array<[string, string]> = [
    ['headCpu', inputs.headCpu],
    ['headMemory', inputs.headMemory],
    ['workerCpu', inputs.workerCpu],
    ['workerMemory', inputs.workerMemory],
  ];
  for (const [field, value] of quantities) {
    try {
      checkQuantity(field, value.trim());
    } catch (error) {
      throw new Error(`input ${(error as Error).message.replace(/^(\w+):/, "'$1':")}`);
    }
  }
}

function parseMode(mode: string): 'rayjob' | 'cluster' {
  const value = mode.trim().toLowerCase();
  if (value === 'rayjob' || value === 'cluster') return value;
  throw new Error(`input 'mode' must be 'rayjob' or 'cluster', got '${mode}'`);
}

function contractEnv(kind: 'train' | 'tune', inputs: RayJobInputs, identity: KfpTaskIdentity, location: S3Location): Record<string, string> {
  return {
    [RAY_JOB_ENV.resultsUri]: s3Uri(location),
    [RAY_JOB_ENV.jobKind]: kind,
    [RAY_JOB_ENV.datasetUri]: datasetLocation(inputs.dataset),
    [RAY_JOB_ENV.config]: JSON.stringify(inputs.config),
    [RAY_JOB_ENV.epochs]: String(inputs.epochs),
    [RAY_JOB_ENV.numWorkers]: String(inputs.numWorkers),
    [RAY_JOB_ENV.gpusPerWorker]: String(inputs.gpusPerWorker),
    [RAY_JOB_ENV.kfpRunId]: identity.pipelineRunId,
    [RAY_JOB_ENV.kfpTaskName]: identity.taskName,
  };
}

/**
 * The user's runtime environment with the step's variables added to `env_vars` (the step's win, except
 * `AWS_ENDPOINT_URL`, which the user's may set). Credentials do not belong here: the runtime environment
 * is visible in the RayJob and the dashboard.
 */
function jobRuntimeEnv(given: Record<string, unknown>, stepEnv: Record<string, string>): Record<string, unknown> {
  const userVars = given.env_vars ?? {};
  if (!isRecord(userVars)) throw new Error("input 'runtimeEnv': env_vars must be an object of strings");
  for (const [name, value] of Object.entries(userVars)) {
    if (typeof value !== 'string') throw new Error(`input 'runtimeEnv': env_vars.${name} must be a string`);
    if (/SECRET|PASSWORD|TOKEN/i.test(name)) {
      throw new Error(`input 'runtimeEnv': env_vars.${name} looks like a credential; put it in the Secret named by credentialsSecret`);
    }
  }
  const { AWS_ENDPOINT_URL, ...rest } = stepEnv;
  return { ...given, env_vars: { ...(AWS_ENDPOINT_URL ? { AWS_ENDPOINT_URL } : {}), ...userVars, ...rest } };
}

function workerGroup(inputs: RayJobInputs): RayWorkerGroupOptions {
  const nodeSelector = stringRecord('workerNodeSelector', inputs.workerNodeSelector);
  const tolerations = inputs.workerTolerations.map((item, i) => {
    if (!isRecord(item)) throw new Error(`input 'workerTolerations'[${i}] must be an object such as {"key": "nvidia.com/gpu", "operator": "Exists"}`);
    return item as V1Toleration;
  });
  return {
    groupName: 'workers',
    replicas: inputs.numWorkers,
    cpu: inputs.workerCpu.trim(),
    memory: inputs.workerMemory.trim(),
    gpus: inputs.gpusPerWorker,
    ...(inputs.acceleratorType.trim() ? { acceleratorType: inputs.acceleratorType.trim() } : {}),
    ...(Object.keys(nodeSelector).length ? { nodeSelector } : {}),
    ...(tolerations.length ? { tolerations } : {}),
    ...secretEnv(inputs.credentialsSecret),
  };
}

function secretEnv(secret: string): { envFrom?: { secretRef: { name: string } }[] } {
  const name = secret.trim();
  return name ? { envFrom: [{ secretRef: { name } }] } : {};
}

/** Labels that find the job from the KFP run; values Kubernetes would refuse are left out. */
function jobLabels(kind: 'train' | 'tune', identity: KfpTaskIdentity): Record<string, string> {
  const labels: Record<string, string> = { 'app.kubernetes.io/managed-by': 'kfp-ts', 'kfp-ts/job-kind': kind };
  const validValue = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
  if (validValue.test(identity.pipelineRunId)) labels['kfp-ts/pipeline-run-id'] = identity.pipelineRunId;
  if (validValue.test(identity.taskName)) labels['kfp-ts/task-name'] = identity.taskName;
  return labels;
}

function checkpointLocation(results: S3Location, checkpoint: string): S3Location {
  if (/^(s3|minio):\/\//.test(checkpoint)) return parseS3Uri(checkpoint);
  const relative = posix.normalize(checkpoint.replace(/^\.\//, ''));
  if (relative.startsWith('..') || posix.isAbsolute(relative)) {
    throw new Error(`'checkpoint' in ${RESULTS_FILE} must be a key inside the results location or an s3:// URI, got '${checkpoint}'`);
  }
  return { bucket: results.bucket, key: `${results.key}${relative}` };
}

function stringRecord(field: string, value: Record<string, unknown>): Record<string, string> {
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new Error(`input '${field}': '${key}' must be a string`);
  }
  return value as Record<string, string>;
}

/** A key segment from a run id or task name: characters that would split or escape the key become '_'. */
function keySegment(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

