/**
 * The executor input: the JSON the KFP launcher substitutes for the `{{$}}` placeholder. It is the protobuf
 * JSON of `ExecutorInput` (pipeline_spec.proto): input parameter values, input artifacts, and where to put
 * outputs. Field names arrive in lowerCamelCase; the proto's snake_case spellings are accepted too, as the
 * protobuf JSON parser does.
 */
import { ExecutorError } from './errors.js';

/** One artifact as the launcher describes it (`RuntimeArtifact`). */
export interface RuntimeArtifact {
  readonly name: string;
  readonly uri: string;
  readonly metadata: Record<string, unknown>;
  readonly schemaTitle?: string;
  readonly schemaVersion?: string;
  /** A local path chosen by the backend, used instead of the URI's mount path. */
  readonly customPath?: string;
}

export interface ExecutorInput {
  readonly inputs: {
    readonly parameterValues: Readonly<Record<string, unknown>>;
    readonly artifacts: Readonly<Record<string, readonly RuntimeArtifact[]>>;
  };
  readonly outputs: {
    /** Where the launcher reads each output parameter when the executor output does not carry it. */
    readonly parameters: Readonly<Record<string, { readonly outputFile: string }>>;
    readonly artifacts: Readonly<Record<string, readonly RuntimeArtifact[]>>;
    /** Where the executor output (`ExecutorOutput` JSON) goes. */
    readonly outputFile: string;
  };
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field by its JSON name or its proto name. */
function field(obj: Json, jsonName: string, protoName: string): unknown {
  return obj[jsonName] !== undefined ? obj[jsonName] : obj[protoName];
}

function objectAt(obj: Json, jsonName: string, protoName: string, where: string): Json {
  const value = field(obj, jsonName, protoName);
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new ExecutorError(`executor input: ${where}.${jsonName} must be an object`);
  return value;
}

function artifactLists(obj: Json, where: string): Record<string, RuntimeArtifact[]> {
  const out: Record<string, RuntimeArtifact[]> = {};
  for (const [name, list] of Object.entries(obj)) {
    const at = `${where}.artifacts.${name}`;
    if (!isObject(list)) throw new ExecutorError(`executor input: ${at} must be an object with an "artifacts" list`);
    const items = list.artifacts ?? [];
    if (!Array.isArray(items)) throw new ExecutorError(`executor input: ${at}.artifacts must be a list`);
    out[name] = items.map((item, i) => runtimeArtifact(item, `${at}.artifacts[${i}]`));
  }
  return out;
}

function runtimeArtifact(item: unknown, where: string): RuntimeArtifact {
  if (!isObject(item)) throw new ExecutorError(`executor input: ${where} must be an object`);
  const uri = item.uri ?? '';
  if (typeof uri !== 'string') throw new ExecutorError(`executor input: ${where}.uri must be a string`);
  const metadata = item.metadata ?? {};
  if (!isObject(metadata)) throw new ExecutorError(`executor input: ${where}.metadata must be an object`);
  const type = isObject(item.type) ? item.type : {};
  const customPath = field(item, 'customPath', 'custom_path');
  const schemaTitle = field(type, 'schemaTitle', 'schema_title');
  const schemaVersion = field(type, 'schemaVersion', 'schema_version');
  return {
    name: typeof item.name === 'string' ? item.name : '',
    uri,
    metadata: structuredClone(metadata),
    ...(typeof schemaTitle === 'string' ? { schemaTitle } : {}),
    ...(typeof schemaVersion === 'string' ? { schemaVersion } : {}),
    ...(typeof customPath === 'string' && customPath !== '' ? { customPath } : {}),
  };
}

/** Parses and checks the executor input's JSON text. */
export function parseExecutorInput(text: string): ExecutorInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ExecutorError(`the executor input is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(parsed)) throw new ExecutorError('the executor input must be a JSON object');
  const inputs = objectAt(parsed, 'inputs', 'inputs', '$');
  const outputs = objectAt(parsed, 'outputs', 'outputs', '$');

  const outputParameters: Record<string, { outputFile: string }> = {};
  for (const [name, spec] of Object.entries(objectAt(outputs, 'parameters', 'parameters', 'outputs'))) {
    const file = isObject(spec) ? field(spec, 'outputFile', 'output_file') : undefined;
    if (typeof file !== 'string' || file === '') {
      throw new ExecutorError(`executor input: outputs.parameters.${name}.outputFile must be a file path`);
    }
    outputParameters[name] = { outputFile: file };
  }
  const outputFile = field(outputs, 'outputFile', 'output_file');
  if (typeof outputFile !== 'string' || outputFile === '') {
    throw new ExecutorError('executor input: outputs.outputFile (where the executor output goes) is missing');
  }
  return {
    inputs: {
      parameterValues: objectAt(inputs, 'parameterValues', 'parameter_values', 'inputs'),
      artifacts: artifactLists(objectAt(inputs, 'artifacts', 'artifacts', 'inputs'), 'inputs'),
    },
    outputs: {
      parameters: outputParameters,
      artifacts: artifactLists(objectAt(outputs, 'artifacts', 'artifacts', 'outputs'), 'outputs'),
      outputFile,
    },
  };
}
