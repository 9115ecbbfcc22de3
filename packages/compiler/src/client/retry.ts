/**
 * Exponential backoff for transient failures of the KFP API: HTTP 429 and 5xx answers, time-outs and
 * connection errors. Other failures (401, 404, …) are final and thrown at once.
 */
import { KfpApiError, KfpConnectionError } from './errors.js';

/** How calls are retried. */
export interface RetryPolicy {
  /** Total attempts, the first one included. Default 5. */
  attempts?: number;
  /** Delay before the first retry, in milliseconds; it doubles after each retry. Default 500. */
  initialDelayMs?: number;
  /** Upper bound of one delay, in milliseconds. Default 10 000. */
  maxDelayMs?: number;
}

/** True for failures a later attempt may not hit. */
export function isTransient(error: unknown): boolean {
  if (error instanceof KfpConnectionError) return true;
  if (error instanceof KfpApiError) return error.status === 429 || (error.status >= 500 && error.status !== 501 && error.status !== 505);
  return false;
}

/** Runs `operation` until it succeeds, fails for good, or the attempts are used up (then rethrows). */
export async function withRetry<T>(operation: () => Promise<T>, policy: RetryPolicy = {}): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? 5);
  const initial = policy.initialDelayMs ?? 500;
  const max = policy.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      // Full jitter spreads the retries of many clients; a Retry-After from the server takes precedence.
      const backoff = Math.random() * Math.min(max, initial * 2 ** (attempt - 1));
      const retryAfter = error instanceof KfpApiError ? error.retryAfterMs : undefined;
      await sleep(retryAfter !== undefined ? Math.min(retryAfter, max) : backoff);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
