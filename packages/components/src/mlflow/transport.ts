/**
 * HTTP calls to the MLflow tracking server: the REST API under `/api/2.0/mlflow/` and the artifact proxy
 * under `/api/2.0/mlflow-artifacts/`. Each request has a time limit; transient failures (429, 5xx,
 * time-outs, connection errors) are retried with backoff — but only for calls that are safe to repeat.
 * A call that creates something (a run, a model version) is sent once: the caller looks for the created
 * object before trying again, so a lost response never leads to a duplicate.
 */
import { displayUrl, RequestTimeoutError } from '../http/errors.js';
import { isTransientError, parseRetryAfter, withRetry } from '../http/retry.js';
import { authorizationHeader, type MlflowConnection } from './config.js';
import { MlflowApiError } from './errors.js';

const API_PREFIX = '/api/2.0/mlflow/';
const ARTIFACTS_PREFIX = '/api/2.0/mlflow-artifacts/artifacts';

/** Query parameters; arrays repeat the key. */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

/** Options of one REST call. */
export interface MlflowCallOptions {
  query?: Query;
  body?: unknown;
  /**
   * Whether the call may be repeated after a transient failure. Default true. Set false for calls whose
   * repetition would create a second object; the caller then decides how to recover.
   */
  retry?: boolean;
}

/** Receives one line per notable event (a retry); never sees credentials. */
export type MlflowLogger = (message: string) => void;

/** Sends requests to one tracking server. */
export class MlflowTransport {
  readonly #connection: MlflowConnection;
  readonly #authorization: string | undefined;
  readonly #log: MlflowLogger;

  constructor(connection: MlflowConnection, log: MlflowLogger = () => {}) {
    this.#connection = connection;
    this.#authorization = authorizationHeader(connection.auth);
    this.#log = log;
  }

  /** Base URL of the tracking server. */
  get trackingUri(): string {
    return this.#connection.trackingUri;
  }

  /** Calls a REST endpoint (`runs/create`, …) with a JSON body (POST/PATCH/DELETE) or a query (GET). */
  async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', endpoint: string, options: MlflowCallOptions = {}): Promise<T> {
    const url = this.#url(API_PREFIX + endpoint, options.query);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const send = async () => {
      const response = await this.#fetch(method, endpoint, url, {
        body,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      });
      const text = await response.text();
      return (text.trim() ? JSON.parse(text) : {}) as T;
    };
    return options.retry === false ? send() : this.#withRetry(method, endpoint, send);
  }

  /** Uploads one artifact through the proxy; `path` is relative to the proxy root (`<exp>/<run>/artifacts/…`). */
  async putArtifact(path: string, content: Blob | Uint8Array, contentType = 'application/octet-stream'): Promise<void> {
    const endpoint = `${ARTIFACTS_PREFIX}/${encodePath(path)}`;
    const url = this.#url(endpoint);
    // A Blob body can be sent again on retry; `fs.openAsBlob` gives one without reading the file into memory.
    const blob = content instanceof Blob ? content : new Blob([content]);
    await this.#withRetry('PUT', path, async () => {
      const response = await this.#fetch('PUT', path, url, { body: blob, headers: { 'content-type': contentType } });
      await response.arrayBuffer();
    });
  }

  /** Downloads one artifact through the proxy. */
  async getArtifact(path: string): Promise<Uint8Array> {
    const url = this.#url(`${ARTIFACTS_PREFIX}/${encodePath(path)}`);
    return this.#withRetry('GET', path, async () => {
      const response = await this.#fetch('GET', path, url, {});
      return new Uint8Array(await response.arrayBuffer());
    });
  }

  /** Lists the artifacts directly under `path` (relative to the proxy root). */
  async listArtifacts(path: string): Promise<ArtifactFileInfo[]> {
    const url = this.#url(ARTIFACTS_PREFIX, { path });
    return this.#withRetry('GET', `artifacts?path=${path}`, async () => {
      const response = await this.#fetch('GET', 'artifacts', url, {});
      const parsed = JSON.parse((await response.text()) || '{}') as { files?: ArtifactFileInfo[] };
      return parsed.files ?? [];
    });
  }

  #url(path: string, query?: Query): URL {
    const url = new URL(this.#connection.trackingUri + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url;
  }

  /**
   * Runs `operation` (a sequence of calls, e.g. search-then-create) again after a transient failure, with
   * the connection's backoff; `label` names it in the log.
   */
  retry<T>(label: string, operation: () => Promise<T>): Promise<T> {
    return this.#withRetry('', label, operation);
  }

  #withRetry<T>(method: string, endpoint: string, operation: () => Promise<T>): Promise<T> {
    const attempts = this.#connection.retry.attempts ?? 6;
    return withRetry(operation, {
      ...this.#connection.retry,
      isRetryable: isTransientError,
      onRetry: ({ attempt, error }) => {
        this.#log(`MLflow ${method ? `${method} ` : ''}${endpoint}: attempt ${attempt}/${attempts} failed (${reason(error)}); retrying`);
        this.#connection.retry.onRetry?.({ attempt, error });
      },
    });
  }

  async #fetch(
    method: string,
    endpoint: string,
    url: URL,
    init: { body?: string | Blob; headers?: Record<string, string> },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (this.#authorization) headers.authorization = this.#authorization;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: init.body,
        signal: AbortSignal.timeout(this.#connection.timeoutMs),
      });
    } catch (error) {
      throw connectionFailure(error, method, endpoint, url, this.#connection.timeoutMs);
    }
    if (response.ok) return response;
    let text = '';
    try {
      text = await response.text();
    } catch (error) {
      throw connectionFailure(error, method, endpoint, url, this.#connection.timeoutMs);
    }
    const { errorCode, message } = parseErrorBody(text);
    throw new MlflowApiError(
      response.status,
      method,
      endpoint,
      errorCode,
      message,
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }
}

/** One entry of an artifact listing. */
export interface ArtifactFileInfo {
  path: string;
  is_dir?: boolean;
  file_size?: number | string;
}

function parseErrorBody(text: string): { errorCode?: string; message: string } {
  try {
    const parsed = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.error_code === 'string') {
      return { errorCode: parsed.error_code, message: typeof parsed.message === 'string' ? parsed.message : '' };
    }
  } catch {
    // Not MLflow's JSON (a proxy's HTML page, say): keep an excerpt.
  }
  return { message: text };
}

function connectionFailure(error: unknown, method: string, endpoint: string, url: URL, timeoutMs: number): Error {
  const name = (error as { name?: unknown })?.name;
  if (name === 'TimeoutError') return new RequestTimeoutError(method, displayUrl(url), timeoutMs);
  return new Error(`MLflow ${method} ${endpoint}: no answer from ${displayUrl(url)} (${reason(error)})`, { cause: error });
}

/** A short reason for logs: status, error code, or the innermost socket error code. */
function reason(error: unknown): string {
  if (error instanceof MlflowApiError) return `HTTP ${error.status}${error.errorCode ? ` ${error.errorCode}` : ''}`;
  if (error instanceof RequestTimeoutError) return `timed out after ${error.timeoutMs} ms`;
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Percent-encodes each segment of a relative path, keeping the slashes. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/');
}
