/**
 * The HTTP transport of the KFP client: base URL, bearer token, per-request time-out, retries, and
 * API errors turned into {@link KfpApiError}. The token goes into the Authorization header only — never
 * into messages.
 */
import { KfpApiError, KfpConnectionError } from './errors.js';
import { withRetry, type RetryPolicy } from './retry.js';

/** How to reach the KFP API. */
export interface KfpConnection {
  /** The API's base URL, e.g. `http://localhost:8888` or `https://kubeflow.example.com/pipeline`. */
  host: string;
  /** A bearer token sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Time-out of one HTTP request, in milliseconds. Default 30 000. */
  requestTimeoutMs?: number;
  /** Retries of transient failures. */
  retry?: RetryPolicy;
}

/** One API call: method, path under the host, query, and a JSON or multipart body. */
export interface ApiRequest {
  /** What the call does, for error messages: `create experiment 'demo'`. */
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
}

export class KfpHttp {
  private readonly base: string;

  constructor(private readonly connection: KfpConnection) {
    let url: URL;
    try {
      url = new URL(connection.host);
    } catch {
      throw new Error(`the KFP host '${connection.host}' is not a URL: give it as http(s)://host[:port][/path]`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`the KFP host '${connection.host}' must be an http:// or https:// URL`);
    }
    this.base = url.href.replace(/\/+$/, '');
  }

  /** Sends the request (with retries) and returns the parsed JSON answer. */
  request<T>(req: ApiRequest): Promise<T> {
    return withRetry(() => this.once<T>(req), this.connection.retry);
  }

  private async once<T>(req: ApiRequest): Promise<T> {
    const url = new URL(this.base + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.connection.token) headers.authorization = `Bearer ${this.connection.token}`;
    let body: string | FormData | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      body = req.form; // fetch sets the multipart boundary itself
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: req.method, headers, body, signal: AbortSignal.timeout(this.connection.requestTimeoutMs ?? 30_000) });
      text = await response.text();
    } catch (e) {
      throw new KfpConnectionError(req.operation, url.origin + url.pathname, connectionReason(e), { cause: e });
    }
    if (!response.ok) throw new KfpApiError(req.operation, response.status, serverMessage(text), retryAfterMs(response.headers.get('retry-after')));
    if (!text.trim()) return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`cannot ${req.operation}: the KFP API answered with something that is not JSON (is --host the KFP API?)`);
    }
  }
}

/** The message of a `google.rpc.Status` body (the API's error format), or the start of a plain body. */
function serverMessage(text: string): string | undefined {
  try {
    const status = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof status.message === 'string' && status.message) return status.message;
    if (typeof status.error === 'string' && status.error) return status.error;
  } catch {
    // not JSON: fall through
  }
  const plain = text.trim();
  return plain && !plain.startsWith('<') ? plain.slice(0, 300) : undefined;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Why fetch failed: Node's fetch hides the socket error in `cause`. */
function connectionReason(e: unknown): string {
  const error = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error?.name === 'TimeoutError') return 'the request timed out';
  if (error?.cause?.code) return error.cause.code;
  return error?.cause?.message ?? error?.message ?? String(e);
}
