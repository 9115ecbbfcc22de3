/**
 * Listing of objects under a prefix with ListObjectsV2, page by page, with a bound on the number of
 * objects so that a wrong prefix (say, the bucket root of a huge bucket) fails clearly instead of running on.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { loadS3Sdk } from './load-sdk.js';

/** One listed object. */
export interface ListedObject {
  key: string;
  size: number;
}

/** Options of {@link listObjects}. */
export interface S3ListOptions {
  /** Keys per page (the server may return fewer). Default 1000, the S3 maximum. */
  pageSize?: number;
  /** Stop with an error past this many objects. Default 1 000 000. */
  maxObjects?: number;
}

/** An S3 failure with the bucket and prefix it concerns and the S3 error code. */
export class S3AccessError extends Error {
  override readonly name = 'S3AccessError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Lists every object whose key starts with `prefix`, in key order. */
export async function listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: S3ListOptions = {},
): Promise<ListedObject[]> {
  const maxObjects = options.maxObjects ?? 1_000_000;
  const { ListObjectsV2Command } = await loadS3Sdk();
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: options.pageSize ?? 1000 }),
      );
    } catch (error) {
      throw describeS3Error(error, bucket, prefix);
    }
    for (const entry of page.Contents ?? []) {
      if (entry.Key !== undefined) objects.push({ key: entry.Key, size: Number(entry.Size ?? 0) });
    }
    if (objects.length > maxObjects) {
      throw new S3AccessError(`more than ${maxObjects} objects under s3://${bucket}/${prefix}; is the prefix right?`, 'TooManyObjects');
    }
    const next = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (page.IsTruncated && !next) {
      throw new S3AccessError(`s3://${bucket}/${prefix}: truncated listing without a continuation token`, 'InvalidListing');
    }
    if (next !== undefined && next === token) {
      throw new S3AccessError(`s3://${bucket}/${prefix}: the listing repeated its continuation token`, 'InvalidListing');
    }
    token = next;
  } while (token);
  return objects;
}

/** Turns an SDK error into one line naming the bucket, the prefix and what to check. */
export function describeS3Error(error: unknown, bucket: string, prefix: string): S3AccessError {
  const code = (error as { name?: string; Code?: string })?.Code ?? (error as { name?: string })?.name;
  const where = `s3://${bucket}/${prefix}`;
  const hints: Record<string, string> = {
    NoSuchBucket: `bucket '${bucket}' does not exist`,
    AccessDenied: `access denied to ${where}; check the credentials' permissions`,
    InvalidAccessKeyId: `the access key is not known to the server (listing ${where}); check AWS_ACCESS_KEY_ID`,
    SignatureDoesNotMatch: `the server rejected the request signature (listing ${where}); check AWS_SECRET_ACCESS_KEY`,
  };
  const message = (code && hints[code]) ?? `listing ${where} failed: ${code ?? ''} ${(error as Error)?.message ?? String(error)}`.trim();
  return new S3AccessError(message, code, { cause: error });
}
