/**
 * Per-task settings (`task.setCpuLimit(...)` and friends), validated when set so that the error points at
 * the line that set them.
 */
import type { ParameterChannel } from '../channels/channel.js';
import type { KubernetesConfig } from '../kubernetes/config.js';

/** A setting that may come from a pipeline parameter or task output instead of a constant. */
export type Dynamic<T> = T | ParameterChannel;

/**
 * A retry policy (`set_retry` in Python). Durations are a whole number and a unit: `'30s'`, `'5m'`,
 * `'1 hour'`, `'2d'`, `'1w'`.
 */
export interface RetryPolicy {
  /** How many times to retry after the first failure. */
  maxRetryCount: number;
  /** The wait before the first retry (default `'0s'`). */
  backoffDuration?: string;
  /** How much the wait grows from one retry to the next (default 2). */
  backoffFactor?: number;
  /** How long retries may go on (default and maximum: one hour; longer values are capped). */
  backoffMaxDuration?: string;
}

/** Everything a task can be configured with. All fields are optional: unset means "the default". */
export interface TaskConfig {
  displayName?: string;
  cpuRequest?: Dynamic<string>;
  cpuLimit?: Dynamic<string>;
  memoryRequest?: Dynamic<string>;
  memoryLimit?: Dynamic<string>;
  acceleratorType?: Dynamic<string>;
  acceleratorLimit?: Dynamic<string>;
  /** Environment variables, in the order they were set. */
  env?: Record<string, string>;
  /** Whether to reuse cached results; unset leaves it to the compiler's default. */
  enableCaching?: boolean;
  cacheKey?: string;
  retry?: RetryPolicy;
  /** Runs even when upstream tasks fail (their outputs then fall back to input defaults). */
  ignoreUpstreamFailure?: boolean;
  /** Overrides the container image of the task's component. */
  containerImage?: Dynamic<string>;
  /** Kubernetes settings of the task's pod (`task.useSecretAsEnv(...)`, `task.mountPvc(...)`, …). */
  kubernetes?: KubernetesConfig;
}
