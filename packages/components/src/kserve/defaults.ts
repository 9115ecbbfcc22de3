/** Defaults that fit the polyp-segmentation serving setup (KServe + Triton in `kserve-inference`). */
import type { InferenceServiceOptions } from './inference-service-manifest.js';
import type { SmokeTestOptions } from './open-inference.js';

/** Namespace, service account and model name of the polyp deployment. */
export const POLYP_KSERVE_DEFAULTS = {
  namespace: 'kserve-inference',
  serviceAccountName: 'kserve-model-sa',
  runtime: 'kserve-tritonserver',
  /** Directory name in the Triton model repository, i.e. the inference model name. */
  modelName: 'polyp-segmentation',
} as const;

/** The CPU InferenceService: scales to zero, up to 3 replicas, 200m–1 CPU, 1–2Gi. */
export const POLYP_CPU_SERVICE: Omit<InferenceServiceOptions, 'storageUri'> = {
  name: 'polyp-segmentation-cpu',
  namespace: POLYP_KSERVE_DEFAULTS.namespace,
  modelFormat: 'triton',
  runtime: POLYP_KSERVE_DEFAULTS.runtime,
  serviceAccountName: POLYP_KSERVE_DEFAULTS.serviceAccountName,
  minReplicas: 0,
  maxReplicas: 3,
  resources: { cpu: '200m', cpuLimit: '1', memory: '1Gi', memoryLimit: '2Gi' },
};

/** The GPU InferenceService: 1–2 replicas with one NVIDIA GPU each, 2–4 CPU, 4–8Gi. */
export const POLYP_GPU_SERVICE: Omit<InferenceServiceOptions, 'storageUri'> = {
  name: 'polyp-segmentation-gpu',
  namespace: POLYP_KSERVE_DEFAULTS.namespace,
  modelFormat: 'triton',
  runtime: POLYP_KSERVE_DEFAULTS.runtime,
  serviceAccountName: POLYP_KSERVE_DEFAULTS.serviceAccountName,
  minReplicas: 1,
  maxReplicas: 2,
  resources: { cpu: '2', cpuLimit: '4', memory: '4Gi', memoryLimit: '8Gi', gpus: 1 },
};

/**
 * Smoke test of the polyp model: one 256×256 RGB image in (`input`, FP32 [1,3,256,256]), one mask
 * out (`output`, FP32 [1,1,256,256]).
 */
export const POLYP_SMOKE_TEST: Pick<
  SmokeTestOptions,
  'model' | 'inputName' | 'datatype' | 'inputShape' | 'outputName' | 'expectedOutputShape'
> = {
  model: POLYP_KSERVE_DEFAULTS.modelName,
  inputName: 'input',
  datatype: 'FP32',
  inputShape: [1, 3, 256, 256],
  outputName: 'output',
  expectedOutputShape: (input: number[]) => [input[0], 1, input[2], input[3]],
};
