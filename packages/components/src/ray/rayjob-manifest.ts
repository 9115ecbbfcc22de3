/**
 * Builds a KubeRay `RayJob` (ray.io/v1) from typed options: entrypoint, runtime environment, a head
 * group and worker groups (image, CPU/memory, GPUs per worker, GPU node selection), and the job's
 * lifecycle (shutdown after the job, TTL, deadline, retries).
 */
import type { V1EnvFromSource, V1EnvVar, V1Toleration, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import type { KubeObject } from '../k8s/client.js';
import { type ComputeResources, GKE_ACCELERATOR_LABEL, GPU_TOLERATION, resourceRequirements } from '../k8s/resources.js';
import { InvalidOptionError, checkDns1035Label, checkInteger } from '../k8s/validation.js';
import { POLYP_RAY_DEFAULTS } from './defaults.js';

/** Pod settings shared by the head and worker groups. */
export interface RayPodOptions extends ComputeResources {
  /** Container image; default the job's `image`. */
  image?: string;
  /** Environment variables, e.g. `valueFrom.secretKeyRef` for credentials. */
  env?: V1EnvVar[];
  /** Whole Secrets/ConfigMaps as environment (`envFrom`). */
  envFrom?: V1EnvFromSource[];
  /** Node labels the pods must match. */
  nodeSelector?: Record<string, string>;
  /** Tolerations; with GPUs and none given, the usual `nvidia.com/gpu` toleration is added. */
  tolerations?: V1Toleration[];
  /** GKE accelerator type (e.g. `nvidia-tesla-t4`): adds the `cloud.google.com/gke-accelerator` node selector. */
  acceleratorType?: string;
  volumes?: V1Volume[];
  volumeMounts?: V1VolumeMount[];
  /** `ray start` parameters (string values). */
  rayStartParams?: Record<string, string>;
  /** Pod labels and annotations. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Service account of the pods; default the job's. */
  serviceAccountName?: string;
}

/** One worker group. */
export interface RayWorkerGroupOptions extends RayPodOptions {
  /** Group name, unique within the job. */
  groupName: string;
  /** Workers to start. */
  replicas: number;
  /** Autoscaling bounds; default `replicas`. */
  minReplicas?: number;
  maxReplicas?: number;
}

/** Everything that describes one RayJob. */
export interface RayJobOptions {
  /** RayJob name: a DNS-1035 label of at most 47 characters (KubeRay appends a suffix for the cluster). */
  name: string;
  /** Namespace; default `development`. */
  namespace?: string;
  /** Shell command the job runs, e.g. {@link polypTrainingEntrypoint}. */
  entrypoint: string;
  /**
   * Ray runtime environment (`working_dir`, `pip`, `env_vars`, …), stored as `runtimeEnvYAML`.
   * Put no secrets here: it is visible in the RayJob; use `env` with `secretKeyRef` instead.
   */
  runtimeEnv?: Record<string, unknown>;
  /** Default image of the head and the workers. */
  image: string;
  /** Ray version of the image (informational for KubeRay). */
  rayVersion?: string;
  /** Head pod; default 1 CPU and 4Gi. */
  head?: RayPodOptions;
  /** Worker groups; default none (the head runs everything). */
  workers?: RayWorkerGroupOptions[];
  /** Let KubeRay's autoscaler scale workers between their bounds. */
  enableInTreeAutoscaling?: boolean;
  /** Resources reserved for the entrypoint process itself. */
  entrypointNumCpus?: number;
  entrypointNumGpus?: number;
  entrypointResources?: Record<string, number>;
  /** Delete the RayCluster when the job finishes. Default true (false with `clusterSelector`). */
  shutdownAfterJobFinishes?: boolean;
  /** Seconds before the finished job's cluster is deleted (needs shutdown). Default 300. */
  ttlSecondsAfterFinished?: number;
  /** Fail the job after this many seconds. */
  activeDeadlineSeconds?: number;
  /** Retries of the whole job by KubeRay (each on a new cluster). */
  backoffLimit?: number;
  /** How KubeRay submits the job. Default K8sJobMode. */
  submissionMode?: 'K8sJobMode' | 'HTTPMode' | 'InteractiveMode' | 'SidecarMode';
  /** Run on an existing RayCluster (by name) instead of creating one. */
  existingClusterName?: string;
  /** Ray submission id; default chosen by KubeRay. */
  jobId?: string;
  /** Image pull secrets of all pods. Default `['regcred']`. */
  imagePullSecrets?: string[];
  /** Service account of all pods. */
  serviceAccountName?: string;
  /** Labels and annotations of the RayJob object. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The RayJob object as sent to the API server. */
export type RayJobManifest = KubeObject<Record<string, unknown>, RayJobStatus>;

/** Fields of `status` the modules read. */
export interface RayJobStatus {
  jobStatus?: string;
  jobDeploymentStatus?: string;
  reason?: string;
  message?: string;
  jobId?: string;
  rayClusterName?: string;
  dashboardURL?: string;
  startTime?: string;
  endTime?: string;
  failed?: number;
  succeeded?: number;
}

/** Longest RayJob name KubeRay accepts. */
export const MAX_RAY_JOB_NAME_LENGTH = 47;

/** Annotation holding a hash of the spec this module created, to recognise the same job on a retry. */
export const SPEC_HASH_ANNOTATION = 'kfp-ts/spec-hash';

/** Builds the RayJob manifest; throws {@link InvalidOptionError} for options that cannot work. */
export function buildRayJob(options: RayJobOptions): RayJobManifest {
  checkDns1035Label('name', options.name, MAX_RAY_JOB_NAME_LENGTH);
  if (!options.entrypoint.trim()) throw new InvalidOptionError('entrypoint', 'must not be empty');
  const existingCluster = options.existingClusterName;
  const shutdown = options.shutdownAfterJobFinishes ?? !existingCluster;
  const ttl = shutdown ? (options.ttlSecondsAfterFinished ?? POLYP_RAY_DEFAULTS.ttlSecondsAfterFinished) : undefined;
  if (!shutdown && options.ttlSecondsAfterFinished) {
    throw new InvalidOptionError('ttlSecondsAfterFinished', 'needs shutdownAfterJobFinishes');
  }
  if (ttl !== undefined) checkInteger('ttlSecondsAfterFinished', ttl, 0);
  if (options.activeDeadlineSeconds !== undefined) checkInteger('activeDeadlineSeconds', options.activeDeadlineSeconds, 1);
  if (options.backoffLimit !== undefined) checkInteger('backoffLimit', options.backoffLimit, 0);
  const groupNames = new Set<string>();
  for (const [i, worker] of (options.workers ?? []).entries()) {
    checkDns1035Label(`workers[${i}].groupName`, worker.groupName);
    if (groupNames.has(worker.groupName)) throw new InvalidOptionError(`workers[${i}].groupName`, `"${worker.groupName}" is used twice`);
    groupNames.add(worker.groupName);
  }

  const spec: Record<string, unknown> = omitUndefined({
    entrypoint: options.entrypoint,
    runtimeEnvYAML: options.runtimeEnv ? runtimeEnvYaml(options.runtimeEnv) : undefined,
    jobId: options.jobId,
    submissionMode: options.submissionMode,
    entrypointNumCpus: options.entrypointNumCpus,
    entrypointNumGpus: options.entrypointNumGpus,
    entrypointResources: options.entrypointResources ? JSON.stringify(options.entrypointResources) : undefined,
    shutdownAfterJobFinishes: shutdown,
    ttlSecondsAfterFinished: ttl,
    activeDeadlineSeconds: options.activeDeadlineSeconds,
    backoffLimit: options.backoffLimit,
    clusterSelector: existingCluster ? { 'ray.io/cluster': existingCluster } : undefined,
    rayClusterSpec: existingCluster ? undefined : rayClusterSpec(options),
  });
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayJob',
    metadata: omitUndefined({
      name: options.name,
      namespace: options.namespace ?? POLYP_RAY_DEFAULTS.namespace,
      labels: options.labels,
      annotations: { ...options.annotations, [SPEC_HASH_ANNOTATION]: specHash(spec) },
    }),
    spec,
  };
}

/** Short, stable hash of a spec (keys sorted), used to tell "my job from an earlier attempt" from a name clash. */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(stableJson(spec)).digest('hex').slice(0, 16);
}

/** The runtime environment as `runtimeEnvYAML`: JSON is valid YAML, so no YAML library is needed. */
function runtimeEnvYaml(runtimeEnv: Record<string, unknown>): string {
  return JSON.stringify(runtimeEnv, null, 2);
}

function rayClusterSpec(options: RayJobOptions): Record<string, unknown> {
  const head = options.head ?? { cpu: '1', memory: '4Gi' };
  return omitUndefined({
    rayVersion: options.rayVersion,
    enableInTreeAutoscaling: options.enableInTreeAutoscaling,
    headGroupSpec: {
      rayStartParams: { 'dashboard-host': '0.0.0.0', ...head.rayStartParams },
      template: podTemplate(options, head, 'head', 'ray-head', [
        { name: 'gcs-server', containerPort: 6379 },
        { name: 'dashboard', containerPort: 8265 },
        { name: 'client', containerPort: 10001 },
      ]),
    },
    workerGroupSpecs: (options.workers ?? []).map((worker, i) => {
      checkInteger(`workers[${i}].replicas`, worker.replicas, 0);
      const minReplicas = worker.minReplicas ?? worker.replicas;
      const maxReplicas = worker.maxReplicas ?? Math.max(worker.replicas, minReplicas);
      if (minReplicas > worker.replicas || worker.replicas > maxReplicas) {
        throw new InvalidOptionError(
          `workers[${i}]`,
          `needs minReplicas ≤ replicas ≤ maxReplicas (got ${minReplicas}, ${worker.replicas}, ${maxReplicas})`,
        );
      }
      return {
        groupName: worker.groupName,
        replicas: worker.replicas,
        minReplicas,
        maxReplicas,
        rayStartParams: { ...worker.rayStartParams },
        template: podTemplate(options, worker, `workers[${i}]`, 'ray-worker'),
      };
    }),
  });
}

function podTemplate(
  job: RayJobOptions,
  pod: RayPodOptions,
  option: string,
  containerName: string,
  ports?: { name: string; containerPort: number }[],
): Record<string, unknown> {
  const gpus = pod.gpus ?? 0;
  const nodeSelector = {
    ...(pod.acceleratorType ? { [GKE_ACCELERATOR_LABEL]: pod.acceleratorType } : {}),
    ...pod.nodeSelector,
  };
  const tolerations = pod.tolerations ?? (gpus > 0 ? [{ ...GPU_TOLERATION }] : undefined);
  const pullSecrets = job.imagePullSecrets ?? [POLYP_RAY_DEFAULTS.imagePullSecret];
  const resources = resourceRequirements(option, pod);
  return omitUndefined({
    metadata: pod.labels || pod.annotations ? omitUndefined({ labels: pod.labels, annotations: pod.annotations }) : undefined,
    spec: omitUndefined({
      serviceAccountName: pod.serviceAccountName ?? job.serviceAccountName,
      imagePullSecrets: pullSecrets.length ? pullSecrets.map((name) => ({ name })) : undefined,
      nodeSelector: Object.keys(nodeSelector).length ? nodeSelector : undefined,
      tolerations,
      volumes: pod.volumes,
      containers: [
        omitUndefined({
          name: containerName,
          image: pod.image ?? job.image,
          ports,
          env: pod.env,
          envFrom: pod.envFrom,
          resources: Object.keys(resources).length ? resources : undefined,
          volumeMounts: pod.volumeMounts,
        }),
      ],
    }),
  });
}

/** Copy without the keys whose value is `undefined` (the API server would keep them as null otherwise). */
function omitUndefined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
