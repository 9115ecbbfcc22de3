/**
 * A stand-in for the KFP driver and launcher, enough to run a compiled container executor on this machine:
 * it builds the executor input the driver would (output URIs under a task root, output parameter files,
 * the executor output file beside the outputs), puts input artifacts where the launcher downloads them,
 * substitutes the placeholders of the command line as the launcher does, runs the command, and reads the
 * outputs back with the launcher's rules (executor output first, then the parameter files). The cloud
 * mounts (`/gcs`, `/s3`, `/minio`) live under a temporary directory, named to the runtime by
 * KFP_TS_MOUNT_ROOT.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkExecutorOutputFields, textToValue } from '../../packages/compiler/src/local/launch/outputs.js';

export { textToValue };

type Json = Record<string, any>;

const BUCKET_URI = 'gs://kfp-test-bucket/pipeline-root';

/** An input artifact to hand to the task: its file contents (or none), URI and metadata. */
export interface ArtifactInput {
  readonly contents?: string;
  readonly uri?: string;
  readonly metadata?: Record<string, unknown>;
  readonly schemaTitle?: string;
}

export interface LaunchRequest {
  /** The compiled PipelineSpec (parsed YAML). */
  readonly spec: Json;
  /** The executor to run, e.g. `exec-make-data`. */
  readonly executor: string;
  /** Input parameter values (as the driver resolved them). */
  readonly parameters?: Record<string, unknown>;
  /** Input artifacts, by input name; a list for a list input. */
  readonly artifacts?: Record<string, ArtifactInput | readonly ArtifactInput[]>;
  /** Changes the executor input (as text) before it is substituted, to test bad input. */
  readonly rewriteExecutorInput?: (json: string) => string;
  /** Changes the command before it runs (to run an image's entry point from a local directory). */
  readonly rewriteCommand?: (command: readonly string[]) => string[];
  /** Extra environment variables (PATH included). */
  readonly env?: Record<string, string>;
}

export interface LaunchResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The executor input the command received. */
  readonly executorInput: Json;
  /** The executor output file as written, or undefined when none was written. */
  readonly executorOutput?: Json;
  /** Output parameters collected as the launcher does, when the step succeeded. */
  readonly outputParameters: Record<string, unknown>;
  /** Output artifacts after merging the executor output into the planned ones. */
  readonly outputArtifacts: Record<string, { uri: string; metadata: Record<string, unknown>; path: string }>;
  /** The mount root: local paths of artifacts are under it. */
  readonly root: string;
  /** Reads a file below the mount root (a `/gcs/...` path). */
  readonly read: (localPath: string) => string;
}

/** The local path of a URI, as the launcher computes it, under the simulated mount root. */
export function localPath(root: string, uri: string): string {
  for (const [scheme, mount] of [['gs://', '/gcs/'], ['s3://', '/s3/'], ['minio://', '/minio/']] as const) {
    if (uri.startsWith(scheme)) return root + mount + uri.slice(scheme.length);
  }
  throw new Error(`unsupported URI ${uri}`);
}

const roots: string[] = [];
/** Removes the temporary mount roots of the launches so far. */
export function cleanUpLaunches(): void {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}

export function launch(request: LaunchRequest): LaunchResult {
  const { spec, executor } = request;
  const container = spec.deploymentSpec.executors[executor]?.container;
  if (!container) throw new Error(`no container executor ${executor}`);
  const [componentName, component] = Object.entries<Json>(spec.components).find(([, c]) => c.executorLabel === executor)!;
  const taskName = componentName.replace(/^comp-/, '');
  const root = mkdtempSync(join(tmpdir(), 'kfp-ts-launch-'));
  roots.push(root);

  // The driver: resolved inputs, and where outputs go.
  const taskRoot = `${BUCKET_URI}/${taskName}/run-salt`;
  const parameterValues: Json = { ...(request.parameters ?? {}) };
  const inputArtifacts: Json = {};
  for (const [name, given] of Object.entries(request.artifacts ?? {})) {
    const list = Array.isArray(given) ? given : [given];
    const declared = component.inputDefinitions?.artifacts?.[name]?.artifactType;
    inputArtifacts[name] = {
      artifacts: list.map((a: ArtifactInput, i) => {
        const uri = a.uri ?? `${BUCKET_URI}/upstream/run-salt/${name}${list.length > 1 ? `-${i}` : ''}`;
        if (a.contents !== undefined) {
          mkdirSync(dirname(localPath(root, uri)), { recursive: true });
          writeFileSync(localPath(root, uri), a.contents);
        }
        return {
          name: `upstream-${name}`,
          type: { schemaTitle: a.schemaTitle ?? declared?.schemaTitle ?? 'system.Artifact', schemaVersion: '0.0.1' },
          uri,
          metadata: a.metadata ?? {},
        };
      }),
    };
  }
  const outputArtifacts: Json = {};
  for (const [name, def] of Object.entries<Json>(component.outputDefinitions?.artifacts ?? {})) {
    outputArtifacts[name] = { artifacts: [{ name, uri: `${taskRoot}/${name}`, type: def.artifactType, metadata: {} }] };
  }
  const outputParameters: Json = {};
  for (const name of Object.keys(component.outputDefinitions?.parameters ?? {})) {
    outputParameters[name] = { outputFile: join(root, 'tmp/kfp/outputs', name) };
  }
  const outputFile = join(localPath(root, taskRoot), 'output_metadata.json');
  const executorInput = {
    inputs: { parameterValues, artifacts: inputArtifacts },
    outputs: { parameters: outputParameters, artifacts: outputArtifacts, outputFile },
  };

  // The launcher: defaults, output folders, placeholders, then the command.
  for (const [name, def] of Object.entries<Json>(component.inputDefinitions?.parameters ?? {})) {
    if (!(name in parameterValues) && def.defaultValue !== undefined) parameterValues[name] = def.defaultValue;
  }
  for (const p of Object.values<Json>(outputParameters)) mkdirSync(dirname(p.outputFile), { recursive: true });
  for (const a of Object.values<Json>(outputArtifacts)) mkdirSync(dirname(localPath(root, a.artifacts[0].uri)), { recursive: true });
  let json = JSON.stringify(executorInput);
  if (request.rewriteExecutorInput) json = request.rewriteExecutorInput(json);
  const substitute = (text: string) => text.replaceAll('{{$}}', json);
  const command: string[] = (request.rewriteCommand ?? ((c) => [...c]))(container.command).map(substitute);
  const args: string[] = (container.args ?? []).map(substitute);
  const run = spawnSync(command[0], [...command.slice(1), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...request.env, KFP_TS_MOUNT_ROOT: root },
    timeout: 60_000,
  });

  // Reading the outputs back.
  const executorOutput = existsSync(outputFile) ? (JSON.parse(readFileSync(outputFile, 'utf8')) as Json) : undefined;
  if (executorOutput) checkExecutorOutputFields(executorOutput);
  const collected: Record<string, unknown> = {};
  if (run.status === 0) {
    for (const [name, p] of Object.entries<Json>(outputParameters)) {
      const type = component.outputDefinitions.parameters[name].parameterType;
      collected[name] = executorOutput?.parameterValues?.[name] ?? textToValue(readFileSync(p.outputFile, 'utf8'), type);
    }
  }
  const merged: LaunchResult['outputArtifacts'] = {};
  for (const [name, list] of Object.entries<Json>(outputArtifacts)) {
    const planned = list.artifacts[0];
    const written = executorOutput?.artifacts?.[name]?.artifacts?.[0] ?? {};
    const uri = written.uri || planned.uri;
    merged[name] = { uri, metadata: { ...planned.metadata, ...(written.metadata ?? {}) }, path: localPath(root, uri) };
  }
  return {
    code: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    executorInput,
    ...(executorOutput ? { executorOutput } : {}),
    outputParameters: collected,
    outputArtifacts: merged,
    root,
    read: (path) => readFileSync(path, 'utf8'),
  };
}
