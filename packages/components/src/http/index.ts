/** HTTP helpers shared by the components: retries with backoff, JSON requests with time limits, secrets. */
export { HttpStatusError, RequestTimeoutError, displayUrl, excerpt } from './errors.js';
export {
  withRetry,
  isTransientError,
  isTransientStatus,
  statusOf,
  retryAfterMs,
  parseRetryAfter,
  sleep,
  type RetryOptions,
} from './retry.js';
export {
  requestJson,
  requestJsonWithStatus,
  sendOnce,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type JsonRequest,
  type JsonResponse,
} from './json-client.js';
export { readSecret, bearerHeader, type SecretSource } from './secrets.js';
