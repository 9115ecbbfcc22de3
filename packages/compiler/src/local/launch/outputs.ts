/**
 * Reading a task's outputs back after it ran, with the KFP launcher's rules: the executor output file
 * (ExecutorOutput JSON) first — its parameter values win, and each output artifact takes the URI and
 * metadata it gives — then, for output parameters it does not give, the files the executor wrote.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IrOutputsSpec } from '../../ir/types.js';
import type { ExecutorInput, RuntimeArtifact } from '../launch-types.js';

/** A task's outputs could not be read; the message says which and why, in one line. */
export class OutputReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputReadError';
  }
}

export interface TaskOutputs {
  readonly outputParameters: Record<string, unknown>;
  readonly outputArtifacts: Record<string, RuntimeArtifact[]>;
}

type Json = Record<string, unknown>;

/**
 * The outputs of a task that succeeded. `outputTypes` are the component's output definitions; without them
 * a parameter file is read as JSON when it is JSON, and as text otherwise.
 */
export function readOutputs(executorInput: ExecutorInput, outputTypes: IrOutputsSpec | undefined): TaskOutputs {
  const executorOutput = readExecutorOutput(executorInput.outputs.outputFile);
  const given = (executorOutput.parameterValues ?? executorOutput.parameter_values ?? {}) as Json;
  const outputParameters: Record<string, unknown> = {};
  for (const [name, { outputFile }] of Object.entries(executorInput.outputs.parameters ?? {})) {
    if (name in given) {
      outputParameters[name] = given[name];
      continue;
    }
    const type = outputTypes?.parameters?.[name]?.parameterType;
    let text: string;
    try {
      text = readFileSync(outputFile, 'utf8');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the component did not write it' : (e as Error).message;
      throw new OutputReadError(`cannot read output parameter '${name}' from ${outputFile}: ${why}`);
    }
    try {
      outputParameters[name] = type ? textToValue(text, type) : jsonOrText(text);
    } catch (e) {
      throw new OutputReadError(`cannot read output parameter '${name}' (${type}) from ${outputFile}: ${(e as Error).message}`);
    }
  }
  const written = (executorOutput.artifacts ?? {}) as Record<string, { artifacts?: Json[] }>;
  const outputArtifacts: Record<string, RuntimeArtifact[]> = {};
  for (const [name, list] of Object.entries(executorInput.outputs.artifacts ?? {})) {
    const update = written[name]?.artifacts?.[0];
    outputArtifacts[name] = list.artifacts.map((planned) => (update ? mergeArtifact(planned, update) : { ...planned }));
  }
  return { outputParameters, outputArtifacts };
}

/** The launcher's `mergeRuntimeArtifacts`: a non-empty URI replaces, metadata fields are added. */
function mergeArtifact(planned: RuntimeArtifact, update: Json): RuntimeArtifact {
  const uri = typeof update.uri === 'string' && update.uri !== '' ? update.uri : planned.uri;
  const metadata = isObject(update.metadata) ? { ...(planned.metadata ?? {}), ...update.metadata } : planned.metadata;
  return { ...planned, uri, ...(metadata ? { metadata } : {}) };
}

/** The executor output file, or an empty output when the component wrote none. */
function readExecutorOutput(file: string): Json {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new OutputReadError(`the executor output ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(parsed)) throw new OutputReadError(`the executor output ${file} is not a JSON object`);
  checkExecutorOutputFields(parsed, file);
  return parsed;
}

/** The launcher parses the executor output as `ExecutorOutput` protobuf JSON, which rejects unknown fields. */
export function checkExecutorOutputFields(output: Json, file = 'the executor output'): void {
  const check = (obj: Json, allowed: readonly string[], where: string) => {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) throw new OutputReadError(`unknown field ${where}.${key} in ${file}`);
    }
  };
  check(output, ['parameterValues', 'parameter_values', 'artifacts', 'parameters'], '$');
  for (const [name, list] of Object.entries(output.artifacts ?? {})) {
    if (!isObject(list)) throw new OutputReadError(`artifacts.${name} in ${file} is not an object`);
    check(list, ['artifacts'], `artifacts.${name}`);
    const artifacts = list.artifacts ?? [];
    if (!Array.isArray(artifacts)) throw new OutputReadError(`artifacts.${name}.artifacts in ${file} is not a list`);
    for (const a of artifacts) {
      if (!isObject(a)) throw new OutputReadError(`an artifact of artifacts.${name} in ${file} is not an object`);
      check(a, ['name', 'type', 'uri', 'properties', 'customProperties', 'custom_properties', 'metadata', 'customPath', 'custom_path'], `artifacts.${name}.artifacts[]`);
    }
  }
}

/** The launcher's `TextToPbValue`: a parameter file's text by the parameter's declared type. */
export function textToValue(text: string, type: string): unknown {
  switch (type) {
    case 'STRING':
      return text;
    case 'NUMBER_INTEGER': {
      if (!/^[+-]?\d+$/.test(text.trim())) throw new Error(`not an integer: ${JSON.stringify(text)}`);
      return Number(text.trim());
    }
    case 'NUMBER_DOUBLE': {
      const n = Number(text.trim());
      if (text.trim() === '' || Number.isNaN(n)) throw new Error(`not a number: ${JSON.stringify(text)}`);
      return n;
    }
    case 'BOOLEAN': {
      const t = text.trim();
      if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(t)) return true;
      if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(t)) return false;
      throw new Error(`not a boolean: ${JSON.stringify(text)}`);
    }
    case 'LIST':
    case 'STRUCT': {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        throw new Error(`not JSON: ${JSON.stringify(text.slice(0, 200))}`);
      }
      if (type === 'LIST' ? !Array.isArray(v) : !isObject(v)) throw new Error(`not a ${type}: ${text.slice(0, 200)}`);
      return v;
    }
    default:
      throw new Error(`unknown parameter type ${type}`);
  }
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
