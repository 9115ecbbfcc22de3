/**
 * `@aws-sdk/client-s3` loaded on first use. Importing it takes a few hundred milliseconds, so the modules
 * here import only its types statically: a step that never reads S3 does not pay for it at start-up.
 */

/** The `@aws-sdk/client-s3` module. */
export type S3SdkModule = typeof import('@aws-sdk/client-s3');

let loading: Promise<S3SdkModule> | undefined;

/**
 * Imports `@aws-sdk/client-s3` once per process; later calls return the same module.
 *
 * @example
 * const { ListBucketsCommand } = await loadS3Sdk();
 * const client = await createS3Client(s3SettingsFromEnv());
 * const { Buckets } = await client.send(new ListBucketsCommand({}));
 */
export function loadS3Sdk(): Promise<S3SdkModule> {
  loading ??= import('@aws-sdk/client-s3').catch((error: unknown) => {
    loading = undefined; // not cached: a later call tries again
    throw error;
  });
  return loading;
}
