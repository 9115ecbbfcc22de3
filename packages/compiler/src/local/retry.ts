/**
 * A task's `retryPolicy`, as the KFP backend applies it: up to `maxRetryCount` more attempts after a failure,
 * waiting `backoffDuration × backoffFactor^(n-1)` before the n-th retry, each wait capped by
 * `backoffMaxDuration` (default factor 2, default cap one hour).
 *
 * The waits are real. `KFP_TS_LOCAL_RETRY_WAIT_SCALE` (or the `retryWaitScale` option of a local run)
 * multiplies them, e.g. `0` to retry at once in tests.
 */
import { LocalRunError } from './errors.js';

export interface RetrySettings {
  /** Retries after the first attempt; 0 means a single attempt. */
  readonly maxRetryCount: number;
  readonly backoffMs: number;
  readonly backoffFactor: number;
  readonly backoffMaxMs: number;
}

const ONE_HOUR_MS = 3_600_000;

/** The environment variable that scales retry waits. */
export const RETRY_WAIT_SCALE_ENV = 'KFP_TS_LOCAL_RETRY_WAIT_SCALE';

/** A protobuf Duration in its JSON form (`'120s'`, `'0.5s'`) in milliseconds. */
function durationMs(value: unknown, field: string, task: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && value >= 0) return value * 1000;
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(value.trim()) : null;
  if (!m) throw new LocalRunError(`retryPolicy.${field} '${String(value)}' is not a duration like '30s'`, task);
  return Number(m[1]) * 1000;
}

/** The retry settings of a task spec's `retryPolicy` (a single attempt when there is none). */
export function retrySettings(policy: Record<string, unknown> | undefined, task: string): RetrySettings {
  const count = Number(policy?.maxRetryCount ?? 0);
  if (!Number.isInteger(count) || count < 0) throw new LocalRunError(`retryPolicy.maxRetryCount '${String(policy?.maxRetryCount)}' is not a whole number`, task);
  const factor = Number(policy?.backoffFactor ?? 0);
  return {
    maxRetryCount: count,
    backoffMs: durationMs(policy?.backoffDuration, 'backoffDuration', task) ?? 0,
    backoffFactor: Number.isFinite(factor) && factor > 0 ? factor : 2,
    backoffMaxMs: durationMs(policy?.backoffMaxDuration, 'backoffMaxDuration', task) || ONE_HOUR_MS,
  };
}

/** The wait before retry number `retry` (1 for the first retry), before scaling. */
export function retryDelayMs(settings: RetrySettings, retry: number): number {
  return Math.min(settings.backoffMs * settings.backoffFactor ** (retry - 1), settings.backoffMaxMs);
}

/** How much retry waits are scaled: the option if given, else the environment variable, else 1. */
export function retryWaitScale(option?: number): number {
  if (option !== undefined) return option;
  const text = process.env[RETRY_WAIT_SCALE_ENV];
  if (text === undefined || text.trim() === '') return 1;
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale < 0) throw new LocalRunError(`${RETRY_WAIT_SCALE_ENV} must be a number of 0 or more, not '${text}'`);
  return scale;
}

/** Waits `ms` milliseconds, or less when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
