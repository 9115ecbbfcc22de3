/**
 * Where the MLflow tracking server is and how to talk to it, read from the environment the way MLflow's own
 * clients read it. Credentials come only from the environment and are kept out of every printable value.
 */
import type { RetryOptions } from '../http/retry.js';

/** In-cluster address of the tracking server in the reference deployment. */
export const DEFAULT_TRACKING_URI = 'http://mlflow-service.mlflow.svc.cluster.local:5001';

/** How a client authenticates. Never printed: {@link describeConnection} shows only the kind. */
export type MlflowAuth =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string };

/** Everything a {@link MlflowTransport} needs to reach the tracking server. */
export interface MlflowConnection {
  /** Base URL of the tracking server, without credentials and without a trailing slash. */
  trackingUri: string;
  auth: MlflowAuth;
  /** Time limit of one HTTP request, in milliseconds. */
  timeoutMs: number;
  /** Retries of transient failures (429, 5xx, time-outs, connection errors). */
  retry: RetryOptions;
}

/** Settings that override the environment. */
export interface MlflowConnectionOverrides {
  trackingUri?: string;
  timeoutMs?: number;
  retry?: RetryOptions;
}

/**
 * Builds a connection from environment variables:
 * `MLFLOW_TRACKING_URI` (default {@link DEFAULT_TRACKING_URI}), `MLFLOW_TRACKING_TOKEN` (bearer token) or
 * `MLFLOW_TRACKING_USERNAME` + `MLFLOW_TRACKING_PASSWORD` (basic auth), `MLFLOW_HTTP_REQUEST_TIMEOUT`
 * (seconds, default 120) and `MLFLOW_HTTP_REQUEST_MAX_RETRIES` (retries after the first attempt, default 5).
 * User info in the tracking URI (`http://user:pass@host`) is taken as basic auth and removed from the URI.
 */
export function mlflowConnectionFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: MlflowConnectionOverrides = {},
): MlflowConnection {
  const rawUri = overrides.trackingUri ?? nonEmpty(env.MLFLOW_TRACKING_URI) ?? DEFAULT_TRACKING_URI;
  const { uri, userInfo } = splitUserInfo(rawUri);
  const timeoutSeconds = positiveNumber(env.MLFLOW_HTTP_REQUEST_TIMEOUT, 'MLFLOW_HTTP_REQUEST_TIMEOUT') ?? 120;
  const maxRetries = nonNegativeInteger(env.MLFLOW_HTTP_REQUEST_MAX_RETRIES, 'MLFLOW_HTTP_REQUEST_MAX_RETRIES') ?? 5;
  return {
    trackingUri: uri,
    auth: authFromEnv(env, userInfo),
    timeoutMs: overrides.timeoutMs ?? timeoutSeconds * 1000,
    retry: { attempts: maxRetries + 1, ...overrides.retry },
  };
}

/** A one-line description fit for logs: the URI and the kind of auth, never the secret. */
export function describeConnection(connection: MlflowConnection): string {
  return `${connection.trackingUri} (auth: ${connection.auth.kind})`;
}

/** The `Authorization` header value for `auth`, or undefined without auth. */
export function authorizationHeader(auth: MlflowAuth): string | undefined {
  switch (auth.kind) {
    case 'bearer':
      return `Bearer ${auth.token}`;
    case 'basic':
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    default:
      return undefined;
  }
}

function authFromEnv(env: NodeJS.ProcessEnv, userInfo: { username: string; password: string } | undefined): MlflowAuth {
  const token = nonEmpty(env.MLFLOW_TRACKING_TOKEN);
  if (token) return { kind: 'bearer', token };
  const username = nonEmpty(env.MLFLOW_TRACKING_USERNAME);
  const password = env.MLFLOW_TRACKING_PASSWORD;
  if (username !== undefined || password) {
    if (username === undefined || !password) {
      throw new Error('MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD must be set together');
    }
    return { kind: 'basic', username, password };
  }
  return userInfo ? { kind: 'basic', ...userInfo } : { kind: 'none' };
}

function splitUserInfo(raw: string): { uri: string; userInfo?: { username: string; password: string } } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`MLFLOW_TRACKING_URI is not a URL: '${raw.replace(/\/\/[^@/]*@/, '//***@')}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`MLFLOW_TRACKING_URI must be an http(s) URL of a tracking server, got scheme '${url.protocol}'`);
  }
  const userInfo = url.username
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return { uri: url.toString().replace(/\/+$/, ''), userInfo };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (nonEmpty(value) === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${value}'`);
  return n;
}

function nonNegativeInteger(value: string | undefined, name: string): number | undefined {
  if (nonEmpty(value) === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${value}'`);
  return n;
}
