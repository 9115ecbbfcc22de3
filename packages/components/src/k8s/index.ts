/** Kubernetes access for the components: custom objects with time limits and retries, waiting, patches. */
export {
  KubeClient,
  KubernetesApiError,
  loadKubeConfig,
  toKubernetesApiError,
  RAY_JOB,
  RAY_CLUSTER,
  INFERENCE_SERVICE,
  type AnyKubeObject,
  type CustomResourceType,
  type KubeClientOptions,
  type KubeObject,
  type ObjectMeta,
  type WatchEvent,
  type WatchHandle,
} from './client.js';
export { waitForObject, WaitTimeoutError, type WaitOptions } from './wait.js';
export { loadKubernetesClient, type KubernetesClientModule } from './load-client.js';
export { LAST_APPLIED_ANNOTATION, mergePatchWithDeletions, applyMergePatch } from './merge-patch.js';
export {
  resourceRequirements,
  NVIDIA_GPU,
  GPU_TOLERATION,
  GKE_ACCELERATOR_LABEL,
  type ComputeResources,
  type ResourceRequirements,
} from './resources.js';
export { InvalidOptionError, checkDns1035Label, checkQuantity, checkInteger } from './validation.js';
