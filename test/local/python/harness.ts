/**
 * Runs one Python executor of a compiled pipeline the way a local run does: the executor input has
 * local absolute paths as artifact URIs (under a temporary run folder), the command line is substituted,
 * rewritten by `localPythonCommand` and run with /usr/bin/python3, and the outputs are read back with
 * the launcher's rules (executor output first, then the parameter files).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '@kfp-ts/compiler';
import type { AnyComponent } from '@kfp-ts/dsl';
import { localPythonCommand } from '../../../packages/compiler/src/local/python/index.js';
import { textToValue } from '../../runtime/launcher.js';

type Json = Record<string, any>;

export const PYTHON = '/usr/bin/python3';

/** An artifact handed to a task: an earlier task's output, or a file written for the test. */
export interface GivenArtifact {
  readonly uri: string;
  readonly metadata?: Record<string, unknown>;
  readonly schemaTitle?: string;
}

export interface TaskRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly argv: string[];
  readonly env: Record<string, string>;
  readonly executorOutput?: Json;
  /** Output parameters as the launcher collects them (only when the task succeeded). */
  readonly outputParameters: Record<string, unknown>;
  /** Output artifacts: the planned ones merged with what the executor output says. */
  readonly outputArtifacts: Record<string, Required<GivenArtifact> & { path: string }>;
  readonly taskDir: string;
}

const runRoots: string[] = [];

/** A fresh run folder, removed by {@link cleanUpRuns}. */
export function newRunFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'kfp-ts-local-python-'));
  runRoots.push(root);
  return root;
}

export function cleanUpRuns(): void {
  for (const root of runRoots.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Writes `contents` to a file in `root` and returns it as an input artifact. */
export function fileArtifact(root: string, name: string, contents: string, extra: Omit<GivenArtifact, 'uri'> = {}): GivenArtifact {
  const path = join(root, 'given', name);
  mkdirSync(join(root, 'given'), { recursive: true });
  writeFileSync(path, contents);
  return { uri: path, ...extra };
}

/** The compiled PipelineSpec of a pipeline or component. */
export function specOf(target: AnyComponent): Json {
  return compile(target).pipelineSpec as unknown as Json;
}

export interface RunRequest {
  readonly parameters?: Record<string, unknown>;
  readonly artifacts?: Record<string, GivenArtifact | readonly GivenArtifact[]>;
  /** The run folder (one per test file is enough); a fresh one by default. */
  readonly root?: string;
  /** Extra environment for the task. */
  readonly env?: Record<string, string>;
  readonly python?: string;
}

export function runExecutor(spec: Json, executorLabel: string, request: RunRequest = {}): TaskRun {
  const container = spec.deploymentSpec.executors[executorLabel]?.container;
  if (!container) throw new Error(`no container executor ${executorLabel}`);
  const [componentKey, component] = Object.entries<Json>(spec.components).find(([, c]) => c.executorLabel === executorLabel)!;
  const root = request.root ?? newRunFolder();
  const taskDir = mkdtempSync(join(root, `${componentKey.replace(/^comp-/, '')}-`));

  // The driver's part: resolved inputs (with defaults), and where each output goes.
  const parameterValues: Json = {};
  for (const [name, def] of Object.entries<Json>(component.inputDefinitions?.parameters ?? {})) {
    if (def.defaultValue !== undefined) parameterValues[name] = def.defaultValue;
  }
  Object.assign(parameterValues, request.parameters ?? {});
  const inputArtifacts: Json = {};
  for (const [name, given] of Object.entries(request.artifacts ?? {})) {
    const declared = component.inputDefinitions?.artifacts?.[name]?.artifactType;
    const list = (Array.isArray(given) ? given : [given]) as GivenArtifact[];
    inputArtifacts[name] = {
      artifacts: list.map((a) => ({
        name,
        uri: a.uri,
        type: { schemaTitle: a.schemaTitle ?? declared?.schemaTitle ?? 'system.Artifact', schemaVersion: '0.0.1' },
        metadata: a.metadata ?? {},
      })),
    };
  }
  const outputArtifacts: Json = {};
  for (const [name, def] of Object.entries<Json>(component.outputDefinitions?.artifacts ?? {})) {
    outputArtifacts[name] = { artifacts: [{ name, uri: join(taskDir, 'artifacts', name), type: def.artifactType, metadata: {} }] };
  }
  const outputParameters: Json = {};
  for (const name of Object.keys(component.outputDefinitions?.parameters ?? {})) {
    outputParameters[name] = { outputFile: join(taskDir, 'parameters', name) };
  }
  const outputFile = join(taskDir, 'executor_output.json');
  const executorInput = {
    inputs: { parameterValues, artifacts: inputArtifacts },
    outputs: { parameters: outputParameters, artifacts: outputArtifacts, outputFile },
  };

  const json = JSON.stringify(executorInput);
  const substituted = [...container.command, ...(container.args ?? [])].map((part: string) => part.replaceAll('{{$}}', json));
  const { argv, env } = localPythonCommand(substituted, { task: componentKey, taskDir, python: request.python ?? PYTHON });
  const run = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { ...process.env, ...env, ...request.env }, cwd: taskDir, timeout: 60_000 });

  // The launcher's part: read the outputs back.
  const executorOutput = existsSync(outputFile) ? (JSON.parse(readFileSync(outputFile, 'utf8')) as Json) : undefined;
  const collected: Record<string, unknown> = {};
  if (run.status === 0) {
    for (const [name, p] of Object.entries<Json>(outputParameters)) {
      const fromOutput = executorOutput?.parameterValues?.[name];
      if (fromOutput !== undefined) collected[name] = fromOutput;
      else if (existsSync(p.outputFile)) {
        collected[name] = textToValue(readFileSync(p.outputFile, 'utf8'), component.outputDefinitions.parameters[name].parameterType);
      }
    }
  }
  const merged: TaskRun['outputArtifacts'] = {};
  for (const [name, list] of Object.entries<Json>(outputArtifacts)) {
    const planned = list.artifacts[0];
    const written = executorOutput?.artifacts?.[name]?.artifacts?.[0] ?? {};
    const uri: string = written.uri || planned.uri;
    merged[name] = {
      uri,
      path: written.custom_path || uri,
      metadata: { ...planned.metadata, ...(written.metadata ?? {}) },
      schemaTitle: planned.type.schemaTitle,
    };
  }
  return {
    code: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    argv,
    env,
    ...(executorOutput ? { executorOutput } : {}),
    outputParameters: collected,
    outputArtifacts: merged,
    taskDir,
  };
}
