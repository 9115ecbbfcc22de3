/** Errors of calls to the KFP API: what failed, the HTTP status, and what to do about it. */

/** gRPC status codes the API puts in `google.rpc.Status.code`, by name (for the messages). */
const WHAT_THE_STATUS_MEANS: Record<number, string> = {
  400: 'the request was rejected as invalid',
  401: 'not authenticated: pass a valid token with --token or KFP_TOKEN',
  403: 'permission denied: the token may not access this resource (check --namespace)',
  404: 'not found',
  409: 'already exists',
  429: 'too many requests',
};

/** A KFP API call that failed with an HTTP error status. */
export class KfpApiError extends Error {
  override readonly name = 'KfpApiError';
  constructor(
    /** What the client tried to do, e.g. `upload pipeline 'hello'`. */
    readonly operation: string,
    /** The HTTP status code. */
    readonly status: number,
    /** The server's own message (`google.rpc.Status.message`), if any. */
    readonly serverMessage: string | undefined,
    /** Retry-After of the response, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    const meaning = WHAT_THE_STATUS_MEANS[status] ?? (status >= 500 ? 'server error' : 'request failed');
    super(`cannot ${operation}: ${meaning} (HTTP ${status})${serverMessage ? `: ${firstLine(serverMessage)}` : ''}`);
  }
}

/** The KFP API could not be reached, or did not answer in time. */
export class KfpConnectionError extends Error {
  override readonly name = 'KfpConnectionError';
  constructor(
    readonly operation: string,
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot ${operation}: no answer from the KFP API at ${url}: ${reason}`, options);
  }
}

/** A run that did not reach a final state in the time allowed. */
export class KfpWaitTimeoutError extends Error {
  override readonly name = 'KfpWaitTimeoutError';
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
