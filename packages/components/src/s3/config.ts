/**
 * S3 connection settings from the environment, fit for MinIO (path-style addressing, custom endpoint) and
 * for AWS. Credentials are read from the standard AWS variables and never printed.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { loadS3Sdk } from './load-sdk.js';

/** MinIO inside the reference cluster. */
export const DEFAULT_S3_ENDPOINT = 'http://minio-service.mlflow.svc.cluster.local:9000';

/** Where the object store is and how to address it. */
export interface S3Settings {
  /** Endpoint URL; MinIO needs one, AWS does not. */
  endpoint?: string;
  region: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`; MinIO needs it. */
  forcePathStyle: boolean;
  /** Static credentials; when absent the SDK's default chain is used (web identity, profiles, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Overrides of the environment. `endpoint: null` means "AWS, no custom endpoint". */
export interface S3SettingsOverrides {
  endpoint?: string | null;
  region?: string;
  forcePathStyle?: boolean;
}

/**
 * Reads the settings: endpoint from `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL` or `MLFLOW_S3_ENDPOINT_URL`
 * (default {@link DEFAULT_S3_ENDPOINT}); region from `AWS_REGION` or `AWS_DEFAULT_REGION` (default
 * `us-east-1`); credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`;
 * addressing from `S3_ADDRESSING_STYLE` (`path`, the default, or `virtual`).
 */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: S3SettingsOverrides = {}): S3Settings {
  const endpoint =
    overrides.endpoint === null
      ? undefined
      : (overrides.endpoint ?? first(env.AWS_ENDPOINT_URL_S3, env.AWS_ENDPOINT_URL, env.MLFLOW_S3_ENDPOINT_URL) ?? DEFAULT_S3_ENDPOINT);
  if (endpoint !== undefined) checkEndpoint(endpoint);
  const style = first(env.S3_ADDRESSING_STYLE)?.toLowerCase();
  if (style !== undefined && style !== 'path' && style !== 'virtual') {
    throw new Error(`S3_ADDRESSING_STYLE must be 'path' or 'virtual', got '${style}'`);
  }
  const accessKeyId = first(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = first(env.AWS_SECRET_ACCESS_KEY);
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together');
  }
  const sessionToken = first(env.AWS_SESSION_TOKEN);
  return {
    endpoint,
    region: overrides.region ?? first(env.AWS_REGION, env.AWS_DEFAULT_REGION) ?? 'us-east-1',
    forcePathStyle: overrides.forcePathStyle ?? style !== 'virtual',
    credentials:
      accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : undefined,
  };
}

/** Client options beyond the settings. */
export interface S3ClientOptions {
  /** Attempts of one request (the SDK retries throttling, 5xx and network errors). Default 5. */
  maxAttempts?: number;
  /** Time limit of one request, in milliseconds. Default 60 000. */
  requestTimeoutMs?: number;
  /** Time limit of connecting, in milliseconds. Default 10 000. */
  connectionTimeoutMs?: number;
}

/**
 * An S3 client for `settings`; the AWS SDK is imported on the first call.
 *
 * @example
 * const client = await createS3Client(s3SettingsFromEnv(), { maxAttempts: 3 });
 */
export async function createS3Client(settings: S3Settings, options: S3ClientOptions = {}): Promise<S3Client> {
  const { S3Client } = await loadS3Sdk();
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    maxAttempts: options.maxAttempts ?? 5,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 60_000,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    },
  });
}

/** A description for logs: endpoint, region and addressing, never the credentials. */
export function describeS3Settings(settings: S3Settings): string {
  const where = settings.endpoint ?? 'AWS';
  const credentials = settings.credentials ? 'static credentials' : 'default credential chain';
  return `${where} (region ${settings.region}, ${settings.forcePathStyle ? 'path-style' : 'virtual-hosted'}, ${credentials})`;
}

function first(...values: Array<string | undefined>): string | undefined {
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}

function checkEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`S3 endpoint is not a URL: '${endpoint}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`S3 endpoint must be http(s), got '${url.protocol}'`);
  if (url.username || url.password) throw new Error('S3 endpoint must not carry credentials; use AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY');
}
