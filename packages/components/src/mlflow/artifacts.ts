/**
 * Artifact upload through the tracking server's artifact proxy (`mlflow server --serve-artifacts`). The
 * component needs no object-store credentials: the server writes to its store (MinIO in the reference
 * deployment). Uploads are PUTs of whole files, so repeating one overwrites it with the same bytes.
 */
import { openAsBlob } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, posix, relative, sep } from 'node:path';
import { MlflowValidationError } from './errors.js';
import type { MlflowTransport } from './transport.js';

/** One uploaded file: its path inside the run's artifacts and its size. */
export interface UploadedArtifact {
  path: string;
  bytes: number;
}

/**
 * The proxy path of an artifact root such as `mlflow-artifacts:/1/<run>/artifacts` (or
 * `mlflow-artifacts://host:port/1/<run>/artifacts`): `1/<run>/artifacts`. Other schemes mean the server
 * does not proxy this experiment's artifacts, which this client does not support.
 */
export function proxyRoot(artifactUri: string): string {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(artifactUri);
  if (!match) {
    throw new MlflowValidationError(
      `the run's artifact location '${artifactUri}' is not served by the tracking server's artifact proxy; ` +
        "start the server with '--serve-artifacts' and use an experiment whose artifact location is 'mlflow-artifacts:/…'",
    );
  }
  return match[1].replace(/\/+$/, '');
}

/**
 * Uploads a file or a directory tree to the run whose artifact root is `artifactUri`. A file lands at
 * `<artifactPath>/<file name>`, a directory's files at `<artifactPath>/<path inside the directory>`.
 */
export async function uploadArtifacts(
  transport: MlflowTransport,
  artifactUri: string,
  localPath: string,
  artifactPath = '',
): Promise<UploadedArtifact[]> {
  const root = proxyRoot(artifactUri);
  const destination = checkArtifactPath(artifactPath);
  const info = await stat(localPath);
  const files = info.isDirectory()
    ? (await listFiles(localPath)).map((file) => ({ file, rel: relative(localPath, file).split(sep).join('/') }))
    : [{ file: localPath, rel: basename(localPath) }];
  const uploaded: UploadedArtifact[] = [];
  for (const { file, rel } of files) {
    const path = destination ? `${destination}/${rel}` : rel;
    const blob = await openAsBlob(file);
    await transport.putArtifact(`${root}/${path}`, blob, contentTypeOf(file));
    uploaded.push({ path, bytes: blob.size });
  }
  return uploaded;
}

/** Uploads in-memory content (a JSON summary, a report) as one artifact at `artifactPath`. */
export async function uploadArtifactContent(
  transport: MlflowTransport,
  artifactUri: string,
  artifactPath: string,
  content: string | Uint8Array,
): Promise<UploadedArtifact> {
  const path = checkArtifactPath(artifactPath);
  if (!path) throw new MlflowValidationError('artifact path of in-memory content must not be empty');
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  await transport.putArtifact(`${proxyRoot(artifactUri)}/${path}`, bytes, contentTypeOf(path));
  return { path, bytes: bytes.byteLength };
}

/** A relative POSIX path without `..`; '' for the artifact root. */
function checkArtifactPath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (!trimmed) return '';
  const normalized = posix.normalize(trimmed);
  if (normalized !== trimmed || normalized.startsWith('..') || normalized.includes('\\')) {
    throw new MlflowValidationError(`artifact path '${path}' must be a plain relative path`);
  }
  return normalized;
}

/** Files under `dir`, recursively, in a stable order. Symbolic links are not followed. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.csv': 'text/csv',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
