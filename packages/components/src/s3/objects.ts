/**
 * Reading single objects and whole "folders" (key prefixes) from S3/MinIO: the text of a small JSON file,
 * or files copied to local disk. Failures name the object and what to check; a missing object is a value
 * (`undefined`), not an error, where callers need to tell "not written yet" from "cannot read".
 */
import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { listObjects, S3AccessError } from './list.js';
import { loadS3Sdk } from './load-sdk.js';

/** A bucket and a key (or key prefix). */
export interface S3Location {
  bucket: string;
  key: string;
}

/**
 * Splits `s3://bucket/key` into bucket and key. `minio://` is accepted as well: KFP names objects of its
 * MinIO store that way, and they are plain S3 objects.
 */
export function parseS3Uri(uri: string): S3Location {
  const match = /^(?:s3|minio):\/\/([^/]+)\/?(.*)$/.exec(uri.trim());
  if (!match || !match[1]) throw new Error(`'${uri}' is not an S3 URI (s3://bucket/key)`);
  return { bucket: match[1], key: match[2] };
}

/** `s3://bucket/key`. */
export function s3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** The object's content as UTF-8 text, or `undefined` when there is no such object. */
export async function readObjectText(client: S3Client, location: S3Location): Promise<string | undefined> {
  const body = await getObjectBody(client, location);
  if (!body) return undefined;
  return body.transformToString('utf8');
}

/** Copies one object to `file` (its directory is created). Returns its size, or `undefined` when there is no such object. */
export async function downloadObject(client: S3Client, location: S3Location, file: string): Promise<number | undefined> {
  const body = await getObjectBody(client, location);
  if (!body) return undefined;
  await mkdir(dirname(file), { recursive: true });
  try {
    // In Node.js the SDK's body is a readable stream.
    await pipeline(body as Readable, createWriteStream(file));
  } catch (error) {
    throw new S3AccessError(`downloading ${s3Uri(location)} to ${file} failed: ${(error as Error).message}`, 'DownloadFailed', { cause: error });
  }
  return (await stat(file)).size;
}

/** One file copied by {@link downloadPrefix}: its path relative to the target directory and its size. */
export interface DownloadedFile {
  path: string;
  bytes: number;
}

/**
 * Copies every object under `prefix` (a "folder"; a trailing `/` is added) into `dir`, keeping the key
 * structure below the prefix. Returns the files copied; none when the prefix is empty.
 */
export async function downloadPrefix(client: S3Client, location: S3Location, dir: string): Promise<DownloadedFile[]> {
  const prefix = location.key.replace(/\/*$/, '/');
  const objects = await listObjects(client, location.bucket, prefix);
  const files: DownloadedFile[] = [];
  for (const object of objects) {
    if (object.key.endsWith('/')) continue; // a "folder" marker some tools write
    const relative = object.key.slice(prefix.length);
    const normalized = posix.normalize(relative);
    if (normalized.startsWith('..') || posix.isAbsolute(normalized)) {
      throw new S3AccessError(`object key '${object.key}' leaves its folder s3://${location.bucket}/${prefix}`, 'InvalidKey');
    }
    const bytes = await downloadObject(client, { bucket: location.bucket, key: object.key }, join(dir, ...normalized.split('/')));
    // Deleted between listing and download: the folder is being rewritten; report it rather than copy half.
    if (bytes === undefined) throw new S3AccessError(`s3://${location.bucket}/${object.key} disappeared while downloading ${prefix}`, 'NoSuchKey');
    files.push({ path: normalized, bytes });
  }
  return files;
}

type ObjectBody = NonNullable<GetObjectCommandOutput['Body']>;

async function getObjectBody(client: S3Client, location: S3Location): Promise<ObjectBody | undefined> {
  const { GetObjectCommand } = await loadS3Sdk();
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    if (!response.Body) throw new S3AccessError(`${s3Uri(location)} has no body`, 'EmptyBody');
    return response.Body;
  } catch (error) {
    if (isMissing(error)) return undefined;
    if (error instanceof S3AccessError) throw error;
    throw describeReadError(error, location);
  }
}

function isMissing(error: unknown): boolean {
  const { name, Code, $metadata } = (error ?? {}) as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || Code === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}

function describeReadError(error: unknown, location: S3Location): S3AccessError {
  const code = (error as { Code?: string })?.Code ?? (error as { name?: string })?.name;
  const where = s3Uri(location);
  const hints: Record<string, string> = {
    NoSuchBucket: `bucket '${location.bucket}' does not exist (reading ${where})`,
    AccessDenied: `access denied to ${where}; check the credentials' permissions`,
    InvalidAccessKeyId: `the access key is not known to the server (reading ${where}); check AWS_ACCESS_KEY_ID`,
    SignatureDoesNotMatch: `the server rejected the request signature (reading ${where}); check AWS_SECRET_ACCESS_KEY`,
  };
  const message = (code && hints[code]) ?? `reading ${where} failed: ${code ?? ''} ${(error as Error)?.message ?? String(error)}`.trim();
  return new S3AccessError(message, code, { cause: error });
}
