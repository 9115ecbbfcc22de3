/**
 * One run of a component: executor input → `run(inputs, outputs)` → output parameter files and the executor
 * output file, in the form the KFP launcher reads (`ExecutorOutput` JSON: `parameterValues` and, for each
 * output artifact, its name, URI and metadata).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { inputArtifact, outputArtifact, type InputArtifact, type OutputArtifact } from './artifacts.js';
import { ExecutorError } from './errors.js';
import type { ExecutorInput, RuntimeArtifact } from './executor-input.js';
import type { ArtifactDeclaration, ComponentInterface } from './interface.js';
import { checkOutputParameter, inputParameterValue, outputParameterText } from './parameters.js';

/** A component's code: what `run` receives and returns is described by its {@link ComponentInterface}. */
export type RunFunction = (inputs: Record<string, unknown>, outputs: Record<string, OutputArtifact>) => unknown;

/** What the launcher reads back (the protobuf JSON of `ExecutorOutput`). */
export interface ExecutorOutput {
  parameterValues?: Record<string, unknown>;
  artifacts?: Record<string, { artifacts: { name: string; uri: string; metadata: Record<string, unknown> }[] }>;
}

/** Runs a component and writes its outputs; throws on any failure (nothing is written then). */
export async function execute(run: RunFunction, iface: ComponentInterface, executorInput: ExecutorInput): Promise<ExecutorOutput> {
  const inputs = runInputs(iface, executorInput);
  const outputs = await runOutputs(iface, executorInput);
  const result = await run(inputs, outputs);
  const parameterValues = returnedParameters(iface, result);

  for (const [name, value] of Object.entries(parameterValues)) {
    const file = executorInput.outputs.parameters[name]?.outputFile;
    if (file) await writeText(file, outputParameterText(value));
  }
  const executorOutput: ExecutorOutput = {};
  if (Object.keys(parameterValues).length) executorOutput.parameterValues = parameterValues;
  if (Object.keys(outputs).length) {
    executorOutput.artifacts = {};
    for (const [name, artifact] of Object.entries(outputs)) {
      executorOutput.artifacts[name] = { artifacts: [{ name: artifact.name, uri: artifact.uri, metadata: jsonMetadata(name, artifact.metadata) }] };
    }
  }
  if (isChiefWorker()) await writeText(executorInput.outputs.outputFile, JSON.stringify(executorOutput));
  return executorOutput;
}

/**
 * In a distributed job (CLUSTER_SPEC set by the training operator), only the chief writes the executor
 * output, as in the Python SDK: the other workers would race on the same file.
 */
function isChiefWorker(): boolean {
  const spec = process.env.CLUSTER_SPEC;
  if (!spec) return true;
  try {
    const type = (JSON.parse(spec) as { task?: { type?: unknown } }).task?.type;
    return typeof type !== 'string' || ['workerpool0', 'chief', 'master'].includes(type);
  } catch {
    return true;
  }
}

function runInputs(iface: ComponentInterface, executorInput: ExecutorInput): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [name, declared] of Object.entries(iface.inputs)) {
    if (declared.kind === 'parameter') {
      inputs[name] = inputParameterValue(name, declared, executorInput.inputs.parameterValues);
    } else {
      inputs[name] = inputArtifacts(name, declared, executorInput.inputs.artifacts[name]);
    }
  }
  return Object.freeze(inputs);
}

function inputArtifacts(
  name: string,
  declared: ArtifactDeclaration,
  given: readonly RuntimeArtifact[] | undefined,
): InputArtifact | readonly InputArtifact[] | undefined {
  const list = given ?? [];
  if (declared.isList) return Object.freeze(list.map((a) => inputArtifact(a, declared)));
  if (list.length === 0) {
    if (declared.optional) return undefined;
    throw new ExecutorError(`the executor input has no artifact for the required input '${name}'`);
  }
  return inputArtifact(list[0], declared);
}

async function runOutputs(iface: ComponentInterface, executorInput: ExecutorInput): Promise<Record<string, OutputArtifact>> {
  const outputs: Record<string, OutputArtifact> = {};
  for (const [name, declared] of Object.entries(iface.outputs)) {
    if (declared.kind !== 'artifact') continue;
    const given = executorInput.outputs.artifacts[name]?.[0];
    if (!given) throw new ExecutorError(`the executor input has no artifact for the output '${name}'`);
    const artifact = outputArtifact(given, declared);
    await mkdir(dirname(artifact.path), { recursive: true });
    outputs[name] = artifact;
  }
  return Object.freeze(outputs);
}

function returnedParameters(iface: ComponentInterface, result: unknown): Record<string, unknown> {
  const declared = Object.entries(iface.outputs).filter(([, d]) => d.kind === 'parameter');
  if (declared.length === 0) {
    if (result === undefined || result === null) return {};
    if (typeof result === 'object' && !Array.isArray(result) && Object.keys(result).length === 0) return {};
    throw new ExecutorError(`run() returned ${Array.isArray(result) ? 'a list' : typeof result} but the component declares no output parameters`);
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    const names = declared.map(([n]) => n).join(', ');
    throw new ExecutorError(`run() must return an object with the output parameters (${names}), got ${result === null ? 'null' : Array.isArray(result) ? 'a list' : typeof result}`);
  }
  const values = result as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    const d = iface.outputs[key];
    if (!d || d.kind !== 'parameter') throw new ExecutorError(`run() returned '${key}', which is not an output parameter of the component`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, d] of declared) {
    if (d.kind !== 'parameter') continue;
    checkOutputParameter(name, d, values[name]);
    out[name] = values[name];
  }
  return out;
}

/** Metadata must survive the trip through JSON (a protobuf Struct). */
function jsonMetadata(name: string, metadata: unknown): Record<string, unknown> {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new ExecutorError(`the metadata of output artifact '${name}' must be an object`);
  }
  try {
    return JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>;
  } catch (e) {
    throw new ExecutorError(`the metadata of output artifact '${name}' is not JSON: ${(e as Error).message}`);
  }
}

async function writeText(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, 'utf8');
}
