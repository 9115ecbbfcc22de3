/**
 * JSON over HTTP with a time limit per attempt and retries on transient failures, on top of the
 * global `fetch`. Request headers (which may carry credentials) never appear in errors.
 */
import { HttpStatusError, RequestTimeoutError, displayUrl } from './errors.js';
import { type RetryOptions, parseRetryAfter, withRetry } from './retry.js';

/** One HTTP request with a JSON (or empty) body. */
export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | URL;
  /** Serialised with `JSON.stringify`; omitted when undefined. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Time limit of one attempt, response body included, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Retry policy; `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Aborts the request and any further retries. */
  signal?: AbortSignal;
}

/** A successful response: status and the parsed body (`undefined` when empty). */
export interface JsonResponse<T> {
  status: number;
  body: T;
}

/** Default time limit of one HTTP attempt. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Sends the request, retrying transient failures, and returns the parsed JSON body. */
export async function requestJson<T>(request: JsonRequest): Promise<T> {
  return (await requestJsonWithStatus<T>(request)).body;
}

/** Like {@link requestJson} but also returns the status code. */
export async function requestJsonWithStatus<T>(request: JsonRequest): Promise<JsonResponse<T>> {
  if (request.retry === false) return sendOnce<T>(request);
  return withRetry(() => sendOnce<T>(request), { signal: request.signal, ...request.retry });
}

/** One attempt: throws {@link HttpStatusError} for a non-2xx status, {@link RequestTimeoutError} on time-out. */
export async function sendOnce<T>(request: JsonRequest): Promise<JsonResponse<T>> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url);
  if (url.username || url.password) {
    // fetch would reject it with a message quoting the credentials.
    throw new TypeError(`${method} ${displayUrl(url)}: credentials in URLs are not supported; pass them as a secret`);
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] ??= 'application/json';
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    const text = await response.text();
    if (!response.ok) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      throw new HttpStatusError(response.status, method, displayUrl(request.url), text.slice(0, 4000), retryAfter);
    }
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  } catch (error) {
    if (timeout.aborted && !request.signal?.aborted) throw new RequestTimeoutError(method, displayUrl(request.url), timeoutMs);
    throw error;
  }
}
