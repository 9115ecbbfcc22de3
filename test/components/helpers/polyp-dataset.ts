/**
 * A polyp-layout dataset on the Ceph test gateway: image/mask pairs uploaded as small objects (each holds
 * its own key), and the environment variables S3 clients read, for tests that set and restore them.
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client, s3SettingsFromEnv } from '@kfp-ts/components';
import type { CephGateway } from './ceph-rgw.js';

/** The variables the S3 settings are read from (tests save, set and restore them). */
export const S3_VARIABLES = ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL', 'MLFLOW_S3_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_PROFILE'];

/** `n` image/mask pairs of a split folder: `<dir>/images/<i>.jpg` and `<dir>/masks/<i>.png`. */
export const imageMaskPairs = (dir: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => [`${dir}/images/${i}.jpg`, `${dir}/masks/${i}.png`]).flat();

/** Creates `bucket` on the gateway and uploads `keys` into it. */
export async function uploadKeys(gateway: CephGateway, bucket: string, keys: readonly string[]): Promise<void> {
  const client = await createS3Client(
    s3SettingsFromEnv({ AWS_ENDPOINT_URL_S3: gateway.endpoint, AWS_ACCESS_KEY_ID: gateway.accessKeyId, AWS_SECRET_ACCESS_KEY: gateway.secretAccessKey }),
  );
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const key of keys) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  } finally {
    client.destroy();
  }
}
