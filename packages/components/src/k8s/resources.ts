/** Container resources (CPU, memory, NVIDIA GPUs) from a compact description. */
import { checkInteger, checkQuantity } from './validation.js';

/** Resource name of NVIDIA GPUs in Kubernetes. */
export const NVIDIA_GPU = 'nvidia.com/gpu';

/** CPU, memory and GPUs of one container. Limits default to the requests. */
export interface ComputeResources {
  /** CPU request, e.g. `'500m'` or `2`. */
  cpu?: string | number;
  /** CPU limit; default the request. */
  cpuLimit?: string | number;
  /** Memory request, e.g. `'4Gi'`. */
  memory?: string;
  /** Memory limit; default the request. */
  memoryLimit?: string;
  /** Whole NVIDIA GPUs (`nvidia.com/gpu`; Kubernetes needs request = limit for them). */
  gpus?: number;
}

/** `{ requests, limits }` of a container, each omitted when empty. */
export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** Builds a container's `resources`; `option` names the option in error messages. */
export function resourceRequirements(option: string, resources: ComputeResources = {}): ResourceRequirements {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  const put = (target: Record<string, string>, key: string, field: string, value: string | number | undefined) => {
    if (value === undefined) return;
    checkQuantity(`${option}.${field}`, value);
    target[key] = String(value);
  };
  put(requests, 'cpu', 'cpu', resources.cpu);
  put(limits, 'cpu', 'cpuLimit', resources.cpuLimit ?? resources.cpu);
  put(requests, 'memory', 'memory', resources.memory);
  put(limits, 'memory', 'memoryLimit', resources.memoryLimit ?? resources.memory);
  if (resources.gpus !== undefined && resources.gpus !== 0) {
    checkInteger(`${option}.gpus`, resources.gpus, 0);
    requests[NVIDIA_GPU] = String(resources.gpus);
    limits[NVIDIA_GPU] = String(resources.gpus);
  }
  return {
    ...(Object.keys(requests).length ? { requests } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
  };
}

/** The toleration GPU node pools usually carry (`nvidia.com/gpu` taint, any value, NoSchedule). */
export const GPU_TOLERATION = { key: NVIDIA_GPU, operator: 'Exists', effect: 'NoSchedule' } as const;

/** Node label GKE puts on GPU nodes, whose value is the accelerator type (e.g. `nvidia-tesla-t4`). */
export const GKE_ACCELERATOR_LABEL = 'cloud.google.com/gke-accelerator';
