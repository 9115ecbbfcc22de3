/**
 * Retries with exponential backoff for calls to external services (Kubernetes API, Ray dashboard,
 * inference endpoints). Only transient failures are retried: HTTP 408/429/5xx, time-outs and
 * connection errors; a `Retry-After` header is honoured.
 */
import { HttpStatusError, RequestTimeoutError } from './errors.js';

/** How a call is retried. */
export interface RetryOptions {
  /** Total attempts, the first one included. Default 6. */
  attempts?: number;
  /** Delay before the first retry, in milliseconds. Default 500. */
  initialDelayMs?: number;
  /** Upper bound of one backoff delay, in milliseconds. Default 15 000. */
  maxDelayMs?: number;
  /** Factor by which the delay grows after each attempt. Default 2. */
  multiplier?: number;
  /** Randomise each delay between 0 and its nominal value ("full jitter"). Default true. */
  jitter?: boolean;
  /** Longest `Retry-After` wait honoured, in milliseconds. Default 60 000. */
  maxRetryAfterMs?: number;
  /** Whether an error is worth another attempt. Default {@link isTransientError}. */
  isRetryable?: (error: unknown) => boolean;
  /** Called before each retry, e.g. to log progress. */
  onRetry?: (info: { attempt: number; error: unknown }) => void;
  /** Stops retrying once aborted. */
  signal?: AbortSignal;
}

const DEFAULTS = {
  attempts: 6,
  initialDelayMs: 500,
  maxDelayMs: 15_000,
  multiplier: 2,
  jitter: true,
  maxRetryAfterMs: 60_000,
} as const;

/**
 * Runs `operation` until it succeeds, a non-retryable error occurs, or the attempts are used up;
 * then rethrows the last error. `operation` receives the attempt number, starting at 1.
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? DEFAULTS.attempts);
  const isRetryable = options.isRetryable ?? isTransientError;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
  // Imported on first use, like the other npm packages of the steps' image (Node.js caches it).
  const { backOff } = await import('exponential-backoff');
  let attempt = 0;
  return backOff(() => operation(++attempt), {
    numOfAttempts: attempts,
    startingDelay: options.initialDelayMs ?? DEFAULTS.initialDelayMs,
    maxDelay: options.maxDelayMs ?? DEFAULTS.maxDelayMs,
    timeMultiple: options.multiplier ?? DEFAULTS.multiplier,
    jitter: (options.jitter ?? DEFAULTS.jitter) ? 'full' : 'none',
    retry: async (error: unknown) => {
      if (options.signal?.aborted || !isRetryable(error)) return false;
      options.onRetry?.({ attempt, error });
      // The server said how long to wait: honour it on top of the backoff delay.
      const retryAfter = retryAfterMs(error);
      if (retryAfter !== undefined) await sleep(Math.min(retryAfter, maxRetryAfterMs), options.signal);
      return !options.signal?.aborted;
    },
  });
}

/** Error codes of sockets and DNS look-ups that a later attempt may not hit. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** True for HTTP statuses that signal a temporary condition. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/**
 * True for failures a retry may fix: HTTP 408/429/5xx (from this package's errors or from
 * `@kubernetes/client-node`), time-outs, and connection or DNS errors (also when wrapped as `cause`).
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof RequestTimeoutError) return true;
  if (error instanceof HttpStatusError) return isTransientStatus(error.status);
  const status = statusOf(error);
  if (status !== undefined) return isTransientStatus(status);
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name, type } = e as { code?: unknown; name?: unknown; type?: unknown };
    if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return true;
    if (name === 'AbortError' || name === 'TimeoutError') return true;
    // node-fetch's FetchError: 'system' wraps socket errors, the others are its own time-outs.
    if (name === 'FetchError' && (type === 'system' || type === 'request-timeout' || type === 'body-timeout')) return true;
  }
  return false;
}

/** The HTTP status carried by an error object, if any (`status`, `statusCode`, or a numeric `code`). */
export function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { status, statusCode, code } = error as { status?: unknown; statusCode?: unknown; code?: unknown };
  for (const value of [status, statusCode, code]) {
    if (typeof value === 'number' && value >= 100 && value <= 599) return value;
  }
  return undefined;
}

/** Milliseconds to wait according to the error's `Retry-After`, if it carries one. */
export function retryAfterMs(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { retryAfterMs: direct, headers } = error as { retryAfterMs?: unknown; headers?: unknown };
  if (typeof direct === 'number') return direct;
  if (headers && typeof headers === 'object') {
    const value = (headers as Record<string, unknown>)['retry-after'];
    if (typeof value === 'string') return parseRetryAfter(value);
  }
  return undefined;
}

/** Parses a `Retry-After` value (delay in seconds, or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms` milliseconds, or early (without error) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
