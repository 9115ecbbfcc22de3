/**
 * Where an artifact's file is inside the container. The KFP launcher downloads input artifacts to, and
 * uploads output artifacts from, a local path derived from the artifact's URI (`gs://b/x` → `/gcs/b/x`);
 * this mirrors its rules (`LocalPathForURI` in the launcher).
 */

/**
 * An environment variable that moves the mount points (`/gcs`, `/s3`, `/minio`, `/oci`, `/kfp-workspace`)
 * under another directory, so the runtime can run outside a KFP pod (in tests, or on a workstation).
 */
export const MOUNT_ROOT_ENV = 'KFP_TS_MOUNT_ROOT';

const MOUNTS: readonly (readonly [scheme: string, mount: string])[] = [
  ['gs://', '/gcs/'],
  ['minio://', '/minio/'],
  ['s3://', '/s3/'],
];

/** The mount root: empty (the file system root) unless {@link MOUNT_ROOT_ENV} is set. */
export function mountRoot(): string {
  return (process.env[MOUNT_ROOT_ENV] ?? '').replace(/\/+$/, '');
}

/**
 * The local path of an artifact. A custom path set by the backend wins; an artifact the backend placed in
 * the pipeline workspace (metadata `_kfp_workspace: true`) is under `/kfp-workspace/.artifacts`; a URI
 * with no known scheme is taken as a local path already.
 */
export function localPathForUri(uri: string, options: { metadata?: Record<string, unknown>; customPath?: string } = {}): string {
  if (options.customPath) return options.customPath;
  const root = mountRoot();
  let local: string | undefined;
  for (const [scheme, mount] of MOUNTS) {
    if (uri.startsWith(scheme)) local = mount + uri.slice(scheme.length);
  }
  if (uri.startsWith('oci://')) {
    // Model images are mounted by reference, with the model files in `/models`.
    local = '/oci/' + uri.slice('oci://'.length).replaceAll('/', '_') + '/models';
  }
  if (local === undefined) return uri;
  if (options.metadata?._kfp_workspace === true) return `${root}/kfp-workspace/.artifacts/${local.replace(/^\/+/, '')}`;
  return root + local;
}
