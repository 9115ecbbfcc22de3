/**
 * Builds a KServe `InferenceService` (serving.kserve.io/v1beta1) for a Triton model repository
 * (`modelFormat: triton`) or an ONNX model (`modelFormat: onnx`): storage URI, runtime, protocol,
 * service account, resources with GPUs, autoscaling bounds, canary traffic, deployment mode, and an
 * optional transformer container in front.
 */
import type { V1EnvVar, V1Toleration } from '@kubernetes/client-node';
import type { KubeObject } from '../k8s/client.js';
import { type ComputeResources, GKE_ACCELERATOR_LABEL, GPU_TOLERATION, resourceRequirements } from '../k8s/resources.js';
import { InvalidOptionError, checkDns1035Label, checkInteger } from '../k8s/validation.js';

/** KServe's deployment modes (`serving.kserve.io/deploymentMode`); older releases call the first two Serverless and RawDeployment. */
export type KServeDeploymentMode = 'Knative' | 'Standard' | 'Serverless' | 'RawDeployment' | 'ModelMesh';

/** Annotation that selects the deployment mode. */
export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';

/** A transformer (pre/post-processing gateway) container in front of the predictor. */
export interface TransformerOptions extends ComputeResources {
  image: string;
  args?: string[];
  env?: V1EnvVar[];
  minReplicas?: number;
  maxReplicas?: number;
}

/** Everything that describes one InferenceService. */
export interface InferenceServiceOptions {
  /** InferenceService name (DNS-1035 label, at most 63 characters). */
  name: string;
  /** Namespace; default `kserve-inference`. */
  namespace?: string;
  /** Model location: for Triton the model repository root (holding `<model>/config.pbtxt`, `<model>/1/model.onnx`). */
  storageUri: string;
  /** `triton` (a Triton model repository, default) or `onnx` (a single ONNX model). */
  modelFormat?: 'triton' | 'onnx';
  modelFormatVersion?: string;
  /** Serving runtime; default `kserve-tritonserver`. */
  runtime?: string;
  runtimeVersion?: string;
  /** Inference protocol; default `v2` (Open Inference Protocol over REST). */
  protocolVersion?: 'v1' | 'v2' | 'grpc-v2';
  /** Service account that can read `storageUri`; default `kserve-model-sa`. */
  serviceAccountName?: string;
  /** CPU, memory and GPUs of the model server container. */
  resources?: ComputeResources;
  minReplicas?: number;
  maxReplicas?: number;
  scaleTarget?: number;
  scaleMetric?: 'cpu' | 'memory' | 'concurrency' | 'rps';
  containerConcurrency?: number;
  /** Request time-out of the predictor, in seconds. */
  timeoutSeconds?: number;
  /** Percentage of traffic for the newest revision (canary rollout); omit to send it all traffic. */
  canaryTrafficPercent?: number;
  /** Deployment mode annotation; default the cluster's. */
  deploymentMode?: KServeDeploymentMode;
  nodeSelector?: Record<string, string>;
  /** Tolerations; with GPUs and none given, the usual `nvidia.com/gpu` toleration is added. */
  tolerations?: V1Toleration[];
  /** GKE accelerator type: adds the `cloud.google.com/gke-accelerator` node selector. */
  acceleratorType?: string;
  /** Extra environment and arguments of the model server (e.g. Triton flags). */
  env?: V1EnvVar[];
  args?: string[];
  imagePullSecrets?: string[];
  transformer?: TransformerOptions;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Fields of the InferenceService status the modules read. */
export interface InferenceServiceStatus {
  url?: string;
  address?: { url?: string };
  observedGeneration?: number;
  conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
  components?: Record<string, { url?: string; latestReadyRevision?: string; latestCreatedRevision?: string; traffic?: unknown[] }>;
  modelStatus?: {
    transitionStatus?: string;
    states?: { activeModelState?: string; targetModelState?: string };
    lastFailureInfo?: { reason?: string; message?: string; location?: string; exitCode?: number };
  };
}

/** The InferenceService object as sent to the API server. */
export type InferenceServiceManifest = KubeObject<Record<string, unknown>, InferenceServiceStatus>;

/** Builds the manifest; throws {@link InvalidOptionError} for options that cannot work. */
export function buildInferenceService(options: InferenceServiceOptions): InferenceServiceManifest {
  checkDns1035Label('name', options.name, 63);
  if (!/^[a-z][a-z0-9+.-]*:\/\/./i.test(options.storageUri)) {
    throw new InvalidOptionError('storageUri', `"${options.storageUri}" is not a URI such as gs://bucket/models or s3://bucket/models`);
  }
  const { minReplicas, maxReplicas } = options;
  if (minReplicas !== undefined) checkInteger('minReplicas', minReplicas, 0);
  if (maxReplicas !== undefined) checkInteger('maxReplicas', maxReplicas, 1);
  if (minReplicas !== undefined && maxReplicas !== undefined && minReplicas > maxReplicas) {
    throw new InvalidOptionError('minReplicas', `${minReplicas} exceeds maxReplicas ${maxReplicas}`);
  }
  if (options.canaryTrafficPercent !== undefined) checkInteger('canaryTrafficPercent', options.canaryTrafficPercent, 0, 100);

  const gpus = options.resources?.gpus ?? 0;
  const nodeSelector = {
    ...(options.acceleratorType ? { [GKE_ACCELERATOR_LABEL]: options.acceleratorType } : {}),
    ...options.nodeSelector,
  };
  const resources = resourceRequirements('resources', options.resources);
  const predictor = omitEmpty({
    serviceAccountName: options.serviceAccountName ?? 'kserve-model-sa',
    minReplicas,
    maxReplicas,
    scaleTarget: options.scaleTarget,
    scaleMetric: options.scaleMetric,
    containerConcurrency: options.containerConcurrency,
    timeout: options.timeoutSeconds,
    canaryTrafficPercent: options.canaryTrafficPercent,
    nodeSelector,
    tolerations: options.tolerations ?? (gpus > 0 ? [{ ...GPU_TOLERATION }] : undefined),
    imagePullSecrets: options.imagePullSecrets?.map((name) => ({ name })),
    model: omitEmpty({
      modelFormat: omitEmpty({ name: options.modelFormat ?? 'triton', version: options.modelFormatVersion }),
      runtime: options.runtime ?? 'kserve-tritonserver',
      runtimeVersion: options.runtimeVersion,
      protocolVersion: options.protocolVersion ?? 'v2',
      storageUri: options.storageUri,
      resources,
      env: options.env,
      args: options.args,
    }),
  });
  const transformer = options.transformer && transformerSpec(options.transformer, options.imagePullSecrets);
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: omitEmpty({
      name: options.name,
      namespace: options.namespace ?? 'kserve-inference',
      labels: options.labels,
      annotations: omitEmpty<Record<string, string | undefined>>({
        ...options.annotations,
        [DEPLOYMENT_MODE_ANNOTATION]: options.deploymentMode,
      }) as Record<string, string>,
    }),
    spec: omitEmpty({ predictor, transformer }),
  };
}

function transformerSpec(transformer: TransformerOptions, imagePullSecrets?: string[]): Record<string, unknown> {
  const resources = resourceRequirements('transformer', transformer);
  return omitEmpty({
    minReplicas: transformer.minReplicas,
    maxReplicas: transformer.maxReplicas,
    imagePullSecrets: imagePullSecrets?.map((name) => ({ name })),
    containers: [
      omitEmpty({ name: 'kserve-container', image: transformer.image, args: transformer.args, env: transformer.env, resources }),
    ],
  });
}

/** Copy without `undefined` values and empty objects or arrays. */
function omitEmpty<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => {
      if (v === undefined) return false;
      if (Array.isArray(v)) return v.length > 0;
      if (v && typeof v === 'object') return Object.keys(v).length > 0;
      return true;
    }),
  ) as T;
}
