/**
 * Errors of the MLflow client. An error response of the tracking server carries `{error_code, message}`;
 * both are kept so callers can branch on the code (e.g. `RESOURCE_ALREADY_EXISTS`).
 */
import { excerpt } from '../http/errors.js';

/** MLflow error codes the client reacts to. */
export const MlflowErrorCode = {
  ResourceAlreadyExists: 'RESOURCE_ALREADY_EXISTS',
  ResourceDoesNotExist: 'RESOURCE_DOES_NOT_EXIST',
  InvalidParameterValue: 'INVALID_PARAMETER_VALUE',
} as const;

/**
 * A non-2xx answer of the tracking server. `status` and `retryAfterMs` follow the shape the retry helper
 * reads, so 429 and 5xx answers are retried like any other transient HTTP failure.
 */
export class MlflowApiError extends Error {
  override readonly name = 'MlflowApiError';
  constructor(
    /** HTTP status code. */
    readonly status: number,
    /** `GET`, `POST`, `PUT`, … */
    readonly method: string,
    /** The endpoint, e.g. `runs/create` or an artifact path; never a URL with credentials. */
    readonly endpoint: string,
    /** MLflow's `error_code`, when the body carried one. */
    readonly errorCode: string | undefined,
    /** MLflow's `message`, or an excerpt of a body that was not MLflow's JSON. */
    readonly detail: string,
    /** Delay asked for by a `Retry-After` header, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(`MLflow ${method} ${endpoint} failed with HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${detail ? `: ${excerpt(detail)}` : ''}`);
  }
}

/** A request or a value the client refuses before anything is sent (bad key, value too long, …). */
export class MlflowValidationError extends Error {
  override readonly name = 'MlflowValidationError';
}

/** True when `error` is an MLflow answer with the given `error_code`. */
export function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof MlflowApiError && error.errorCode === code;
}
