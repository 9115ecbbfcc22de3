/**
 * Runs a step in this process the way its container does: the executor input is built as the KFP driver
 * would (inputs, output artifacts at local paths, output parameter files), parsed and executed by the
 * runtime (`execute`), which applies the declared defaults, checks types, calls `run` and writes the
 * executor output. The step's clients read their settings from the environment, which `env` sets for the
 * duration of the run.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentSpec } from '@kfp-ts/dsl';
import { execute, parseExecutorInput, type ExecutorOutput } from '@kfp-ts/runtime';
import { runtimeInterface } from '../../../packages/compiler/src/build/ts-component/runtime-interface.js';

/** An input artifact: where it is stored, its metadata, and (when it has contents) its local path. */
export interface StepArtifact {
  uri: string;
  metadata?: Record<string, unknown>;
  path?: string;
}

export interface StepRequest {
  /** Parameter values as the driver resolved them. */
  parameters?: Record<string, unknown>;
  artifacts?: Record<string, StepArtifact>;
  /** A folder for the outputs of this run. */
  dir: string;
  /** Environment variables set while the step runs (and restored after). */
  env?: Record<string, string | undefined>;
}

export interface StepResult {
  executorOutput: ExecutorOutput;
  /** Output parameters as the launcher reads them back (from the executor output). */
  parameters: Record<string, unknown>;
  /** Output artifacts: their local path and final metadata. */
  artifacts: Record<string, { uri: string; path: string; metadata: Record<string, unknown> }>;
}

/** A TypeScript component, whatever its inputs and outputs. */
type AnyTsComponent = { readonly spec: ComponentSpec; readonly run: unknown };

export async function executeStep(step: AnyTsComponent, request: StepRequest): Promise<StepResult> {
  const iface = runtimeInterface(step.spec);
  const outputArtifacts: Record<string, unknown> = {};
  const outputParameters: Record<string, unknown> = {};
  for (const [name, declared] of Object.entries(iface.outputs)) {
    if (declared.kind === 'artifact') {
      outputArtifacts[name] = {
        artifacts: [
          {
            name,
            uri: `minio://mlpipeline/v2/artifacts/test/${step.spec.name}/${name}`,
            type: { schemaTitle: declared.schemaTitle, schemaVersion: declared.schemaVersion },
            metadata: {},
            customPath: join(request.dir, 'outputs', name),
          },
        ],
      };
    } else {
      outputParameters[name] = { outputFile: join(request.dir, 'parameters', name) };
    }
  }
  mkdirSync(join(request.dir, 'outputs'), { recursive: true });
  const inputArtifacts = Object.fromEntries(
    Object.entries(request.artifacts ?? {}).map(([name, a]) => [
      name,
      { artifacts: [{ name: `upstream-${name}`, uri: a.uri, metadata: a.metadata ?? {}, ...(a.path ? { customPath: a.path } : {}) }] },
    ]),
  );
  const executorInput = parseExecutorInput(
    JSON.stringify({
      inputs: { parameterValues: request.parameters ?? {}, artifacts: inputArtifacts },
      outputs: { parameters: outputParameters, artifacts: outputArtifacts, outputFile: join(request.dir, 'executor_output.json') },
    }),
  );

  const saved = Object.fromEntries(Object.keys(request.env ?? {}).map((key) => [key, process.env[key]]));
  setEnv(request.env ?? {});
  let executorOutput: ExecutorOutput;
  try {
    executorOutput = await execute(step.run as never, iface, executorInput);
  } finally {
    setEnv(saved);
  }
  const written = JSON.parse(readFileSync(join(request.dir, 'executor_output.json'), 'utf8')) as ExecutorOutput;
  const artifacts: StepResult['artifacts'] = {};
  for (const [name, list] of Object.entries(written.artifacts ?? {})) {
    artifacts[name] = { uri: list.artifacts[0].uri, path: join(request.dir, 'outputs', name), metadata: list.artifacts[0].metadata };
  }
  return { executorOutput, parameters: written.parameterValues ?? {}, artifacts };
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
