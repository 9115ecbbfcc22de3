/**
 * Artifacts for calling a step's `run` directly, as the runtime would hand them over: input artifacts as
 * read-only records with a local path, output artifacts as the runtime's own classes writing under a folder.
 */
import { join } from 'node:path';
import { MetricsArtifact, OutputArtifact } from '@kfp-ts/runtime';

const VERSION = '0.0.1';

/** An input artifact whose contents are at `path`. */
export function inputArtifact(
  path: string,
  options: { uri?: string; metadata?: Record<string, unknown>; schemaTitle?: string } = {},
) {
  return Object.freeze({
    name: 'upstream',
    uri: options.uri ?? `gs://test-bucket/upstream/${path.split('/').pop()}`,
    path,
    metadata: Object.freeze({ ...options.metadata }),
    schemaTitle: options.schemaTitle ?? 'system.Artifact',
    schemaVersion: VERSION,
  });
}

/** An output artifact written at `<dir>/<name>`. */
export function outputArtifact(dir: string, name: string, schemaTitle = 'system.Artifact'): OutputArtifact {
  return new OutputArtifact(runtimeArtifact(dir, name), { schemaTitle, schemaVersion: VERSION });
}

/** A Metrics output artifact written at `<dir>/<name>`. */
export function metricsArtifact(dir: string, name: string): MetricsArtifact {
  return new MetricsArtifact(runtimeArtifact(dir, name), { schemaTitle: 'system.Metrics', schemaVersion: VERSION });
}

function runtimeArtifact(dir: string, name: string) {
  return { name, uri: `gs://test-bucket/task/${name}`, metadata: {}, customPath: join(dir, name) };
}
