/**
 * KFP v1 `component.yaml` → a container component, converted as the Python SDK converts it: v1 types map
 * to v2 parameter and artifact types, input and output names are sanitized, v1 placeholders become v2
 * placeholder text, and `default` strings are read according to the input's type.
 */
import { pythonJsonDumps } from '../python-json.js';
import { artifact, customArtifact, type ArtifactType } from '../types/artifacts.js';
import { parameterOf, taskFinalStatus, type ParameterType, type ParameterTypeName } from '../types/parameters.js';
import type { IOType } from '../types/index.js';
import type { ComponentSpec } from './component-spec.js';
import { isMapping, type YamlPath, type YamlSource } from './yaml-source.js';

/** v1 type names (lowercased) that are parameters. */
const PARAMETER_TYPES: Readonly<Record<string, ParameterTypeName>> = {
  integer: 'NUMBER_INTEGER',
  int: 'NUMBER_INTEGER',
  double: 'NUMBER_DOUBLE',
  float: 'NUMBER_DOUBLE',
  string: 'STRING',
  str: 'STRING',
  text: 'STRING',
  bool: 'BOOLEAN',
  boolean: 'BOOLEAN',
  dict: 'STRUCT',
  jsonobject: 'STRUCT',
  list: 'LIST',
  jsonarray: 'LIST',
};

/** v1 type names (lowercased) of the artifact classes every backend knows. */
const SYSTEM_ARTIFACTS: Readonly<Record<string, string>> = {
  artifact: 'system.Artifact',
  model: 'system.Model',
  dataset: 'system.Dataset',
  metrics: 'system.Metrics',
  classificationmetrics: 'system.ClassificationMetrics',
  slicedclassificationmetrics: 'system.SlicedClassificationMetrics',
  html: 'system.HTML',
  markdown: 'system.Markdown',
};

/** Google artifact types (`google.VertexDataset`) are taken as they are, at version 0.0.1. */
const GOOGLE_TYPE = /^google\.[A-Za-z]+$/;

const TASK_FINAL_STATUS_TYPE = 'PipelineTaskFinalStatus';

const COMPONENT_KEYS = ['name', 'description', 'metadata', 'inputs', 'outputs', 'implementation', 'version'];
const INPUT_KEYS = ['name', 'type', 'description', 'default', 'optional', 'annotations'];
const OUTPUT_KEYS = ['name', 'type', 'description', 'annotations'];
const CONTAINER_KEYS = ['image', 'command', 'args', 'env', 'fileOutputs'];

/** A v1 input or output name as the Python SDK sanitizes it: lowercase, other characters → `_`. */
export function sanitizeV1Name(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^_0-9a-z]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A declared input or output: its v1 name (placeholders use it) and its v2 name and type. */
interface Port {
  readonly name: string;
  readonly type: IOType;
}

/** Converts a parsed v1 component document. */
export function componentFromV1(doc: Record<string, unknown>, src: YamlSource): ComponentSpec {
  // An unnamed component is called 'name', as in the Python SDK.
  const name = doc.name === undefined || doc.name === null ? 'name' : doc.name;
  if (typeof name !== 'string') throw src.fail('must be a string', ['name']);
  src.componentName = name;
  checkKeys(doc, COMPONENT_KEYS, [], src);
  if (doc.description !== undefined && doc.description !== null && typeof doc.description !== 'string') {
    throw src.fail('must be a string', ['description']);
  }

  const inputs = readPorts(doc.inputs, 'inputs', src);
  const outputs = readPorts(doc.outputs, 'outputs', src);
  const implementation = doc.implementation;
  if (implementation === undefined || implementation === null) throw src.fail('the component has no implementation', ['implementation']);
  if (!isMapping(implementation)) throw src.fail('must be a mapping with a container', ['implementation']);
  if (!('container' in implementation)) {
    const kinds = Object.keys(implementation).join(', ');
    throw src.fail(`only container implementations can be loaded${kinds ? ` (found: ${kinds})` : ''}`, ['implementation']);
  }
  checkKeys(implementation, ['container'], ['implementation'], src);
  const containerPath = ['implementation', 'container'];
  const container = implementation.container;
  if (!isMapping(container)) throw src.fail('must be a mapping with an image', containerPath);
  checkKeys(container, CONTAINER_KEYS, containerPath, src);
  if (typeof container.image !== 'string' || container.image === '') throw src.fail('must be a non-empty string', [...containerPath, 'image']);

  const convert = new PlaceholderConverter(inputs, outputs, src);
  const command = convert.commandLine(container.command, [...containerPath, 'command']);
  const args = convert.commandLine(container.args, [...containerPath, 'args']);
  const env = readEnv(container.env, [...containerPath, 'env'], src);
  checkFileOutputs(container.fileOutputs, outputs, [...containerPath, 'fileOutputs'], src);

  return {
    name,
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
    inputs: byV2Name(inputs),
    outputs: byV2Name(outputs),
    implementation: {
      kind: 'container',
      container: {
        image: container.image,
        ...(command.length ? { command } : {}),
        ...(args.length ? { args } : {}),
        ...(Object.keys(env).length ? { env } : {}),
      },
    },
  };
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: YamlPath, src: YamlSource): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw src.fail(`unknown field '${key}' (expected one of: ${allowed.join(', ')})`, [...path, key]);
  }
}

function byV2Name(ports: Map<string, Port>): Record<string, IOType> {
  const out: Record<string, IOType> = {};
  for (const port of ports.values()) out[port.name] = port.type;
  return out;
}

/** Reads `inputs:` or `outputs:`, keyed by v1 name. */
function readPorts(list: unknown, kind: 'inputs' | 'outputs', src: YamlSource): Map<string, Port> {
  const ports = new Map<string, Port>();
  if (list === undefined || list === null) return ports;
  if (!Array.isArray(list)) throw src.fail('must be a list of {name, type, ...} entries', [kind]);
  const v2Names = new Map<string, string>();
  list.forEach((entry, index) => {
    const path = [kind, index];
    if (!isMapping(entry)) throw src.fail('must be a mapping with a name', path);
    checkKeys(entry, kind === 'inputs' ? INPUT_KEYS : OUTPUT_KEYS, path, src);
    const rawName = entry.name;
    if (typeof rawName !== 'string' || rawName === '') throw src.fail('must be a non-empty string', [...path, 'name']);
    if (ports.has(rawName)) throw src.fail(`duplicate ${kind === 'inputs' ? 'input' : 'output'} name '${rawName}'`, [...path, 'name']);
    const name = sanitizeV1Name(rawName);
    if (name === '') throw src.fail(`'${rawName}' has no letters or digits to make a name from`, [...path, 'name']);
    const clash = v2Names.get(name);
    if (clash !== undefined) throw src.fail(`'${rawName}' and '${clash}' both become '${name}'`, [...path, 'name']);
    v2Names.set(name, rawName);
    const type = kind === 'inputs' ? inputType(entry, path, src) : outputType(entry, path, src);
    ports.set(rawName, { name, type });
  });
  return ports;
}

type V1Kind = { kind: 'parameter'; parameterType: ParameterTypeName } | { kind: 'final-status' } | { kind: 'artifact'; schemaTitle: string };

/** Classifies a v1 type as the Python SDK does; anything unrecognized is a generic artifact. */
function classify(type: unknown, path: YamlPath, src: YamlSource): V1Kind {
  if (type === undefined || type === null || isMapping(type)) return { kind: 'artifact', schemaTitle: 'system.Artifact' };
  if (typeof type !== 'string') throw src.fail('must be a type name or a mapping', path);
  const name = outerTypeName(type);
  if (name === TASK_FINAL_STATUS_TYPE) return { kind: 'final-status' };
  const parameterType = PARAMETER_TYPES[name.toLowerCase()];
  if (parameterType) return { kind: 'parameter', parameterType };
  if (GOOGLE_TYPE.test(name)) return { kind: 'artifact', schemaTitle: name };
  return { kind: 'artifact', schemaTitle: SYSTEM_ARTIFACTS[name.toLowerCase()] ?? 'system.Artifact' };
}

/** `typing.List[str]` → `List`; `Dict[str, int]` → `Dict`; other names unchanged. */
function outerTypeName(type: string): string {
  const name = type.startsWith('typing.') ? type.slice('typing.'.length) : type;
  return /^(list|dict)/i.test(name) ? name.split('[')[0] : name;
}

function artifactOf(schemaTitle: string): ArtifactType {
  return schemaTitle === 'system.Artifact' ? artifact() : customArtifact(schemaTitle, '0.0.1');
}

function inputType(entry: Record<string, unknown>, path: YamlPath, src: YamlSource): IOType {
  if (entry.optional !== undefined && entry.optional !== null && typeof entry.optional !== 'boolean') {
    throw src.fail('must be true or false', [...path, 'optional']);
  }
  const hasDefault = entry.default !== undefined && entry.default !== null;
  const optional = entry.optional === true || hasDefault;
  const kind = classify(entry.type, [...path, 'type'], src);
  if (kind.kind === 'final-status') return taskFinalStatus();
  if (kind.kind === 'artifact') {
    const type = artifactOf(kind.schemaTitle);
    return optional ? type.optionalInput() : type;
  }
  const type: ParameterType = parameterOf(kind.parameterType);
  if (hasDefault) return type.default(readDefault(entry.default, kind.parameterType, [...path, 'default'], src) as never);
  return optional ? type.optionalInput() : type;
}

function outputType(entry: Record<string, unknown>, path: YamlPath, src: YamlSource): IOType {
  const kind = classify(entry.type, [...path, 'type'], src);
  if (kind.kind === 'final-status') throw src.fail(`an output cannot be a ${TASK_FINAL_STATUS_TYPE}`, [...path, 'type']);
  return kind.kind === 'artifact' ? artifactOf(kind.schemaTitle) : parameterOf(kind.parameterType);
}

/** A v1 default (usually a string) as a value of the input's type. */
function readDefault(value: unknown, type: ParameterTypeName, path: YamlPath, src: YamlSource): unknown {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw src.fail('must be a string, a number or a boolean (write JSON defaults as a quoted string)', path);
  }
  const text = String(value).trim();
  switch (type) {
    case 'STRING':
      return typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
    case 'NUMBER_INTEGER':
      if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (!/^[+-]?\d+$/.test(text)) throw src.fail(`'${value}' is not an integer`, path);
      return Number(text);
    case 'NUMBER_DOUBLE': {
      if (typeof value === 'boolean') return value ? 1 : 0;
      const n = typeof value === 'number' ? value : text === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) throw src.fail(`'${value}' is not a finite number`, path);
      return n;
    }
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        const lower = text.toLowerCase();
        if (['y', 'yes', 't', 'true', 'on', '1'].includes(lower)) return true;
        if (['n', 'no', 'f', 'false', 'off', '0'].includes(lower)) return false;
      }
      throw src.fail(`'${value}' is not a boolean (use true or false)`, path);
    default:
      // JsonObject / JsonArray defaults are JSON text; text that is not JSON stays a string, as in the Python SDK.
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
  }
}

function readEnv(env: unknown, path: YamlPath, src: YamlSource): Record<string, string> {
  if (env === undefined || env === null) return {};
  if (!isMapping(env)) throw src.fail('must be a mapping of variable names to string values', path);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string') throw src.fail('must be a string (quote numbers and booleans)', [...path, name]);
    out[name] = value;
  }
  return out;
}

/** `fileOutputs` is a v1 leftover the v2 IR has no place for; its entries must still name outputs. */
function checkFileOutputs(fileOutputs: unknown, outputs: Map<string, Port>, path: YamlPath, src: YamlSource): void {
  if (fileOutputs === undefined || fileOutputs === null) return;
  if (!isMapping(fileOutputs)) throw src.fail('must be a mapping of output names to paths', path);
  for (const name of Object.keys(fileOutputs)) {
    if (!outputs.has(name)) throw src.fail(`'${name}' is not a declared output`, [...path, name]);
  }
}

/** A converted element: v2 placeholder text, or a Concat/IfPresent structure to be written as JSON. */
type Element = string | { Concat: unknown[] } | { IfPresent: Record<string, unknown> };

/** Converts v1 placeholders (`{inputValue: x}`, `{concat: [...]}`, `{if: ...}`) to v2 command-line text. */
class PlaceholderConverter {
  constructor(
    private readonly inputs: Map<string, Port>,
    private readonly outputs: Map<string, Port>,
    private readonly src: YamlSource,
  ) {}

  /** A `command:` or `args:` list: each element becomes one string. */
  commandLine(list: unknown, path: YamlPath): string[] {
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) throw this.src.fail('must be a list', path);
    return list.map((item, i) => {
      const element = this.element(item, [...path, i]);
      return typeof element === 'string' ? element : pythonJsonDumps(element);
    });
  }

  private element(item: unknown, path: YamlPath): Element {
    if (typeof item === 'string') return item;
    if (!isMapping(item)) {
      throw this.src.fail(`must be a string or a placeholder, got ${JSON.stringify(item) ?? String(item)} (quote numbers and booleans)`, path);
    }
    const keys = Object.keys(item);
    if (keys.length !== 1) throw this.src.fail(`a placeholder is a mapping with one key, got ${keys.length ? keys.join(', ') : 'none'}`, path);
    const [key] = keys;
    const value = item[key];
    const at = [...path, key];
    switch (key) {
      case 'inputValue': {
        const port = this.port(this.inputs, value, 'input', at);
        if (port.type.kind !== 'parameter') throw this.src.fail(`'${String(value)}' is an artifact input; use inputPath or inputUri`, at);
        return `{{$.inputs.parameters['${port.name}']}}`;
      }
      case 'inputPath':
      case 'inputUri': {
        const port = this.port(this.inputs, value, 'input', at);
        if (port.type.kind !== 'artifact') throw this.src.fail(`'${String(value)}' is a parameter input; use inputValue`, at);
        return `{{$.inputs.artifacts['${port.name}'].${key === 'inputPath' ? 'path' : 'uri'}}}`;
      }
      case 'outputPath': {
        const port = this.port(this.outputs, value, 'output', at);
        return port.type.kind === 'parameter'
          ? `{{$.outputs.parameters['${port.name}'].output_file}}`
          : `{{$.outputs.artifacts['${port.name}'].path}}`;
      }
      case 'outputUri': {
        const port = this.port(this.outputs, value, 'output', at);
        if (port.type.kind !== 'artifact') throw this.src.fail(`'${String(value)}' is a parameter output; use outputPath`, at);
        return `{{$.outputs.artifacts['${port.name}'].uri}}`;
      }
      case 'executorInput':
        return '{{$}}';
      case 'concat':
        return this.concat(value, at);
      case 'if':
        return this.ifPresent(value, at);
      default:
        throw this.src.fail(
          `unsupported placeholder '${key}' (supported: inputValue, inputPath, inputUri, outputPath, outputUri, executorInput, concat, if)`,
          path,
        );
    }
  }

  private port(ports: Map<string, Port>, name: unknown, kind: 'input' | 'output', path: YamlPath): Port {
    if (typeof name !== 'string') throw this.src.fail(`must name an ${kind}`, path);
    const port = ports.get(name);
    if (!port) {
      const known = [...ports.keys()];
      throw this.src.fail(`'${name}' is not a declared ${kind}${known.length ? ` (${kind}s: ${known.join(', ')})` : ` (the component has no ${kind}s)`}`, path);
    }
    return port;
  }

  private concat(items: unknown, path: YamlPath): Element {
    if (!Array.isArray(items)) throw this.src.fail('must be a list', path);
    const parts = items.map((item, i) => this.element(item, [...path, i]));
    parts.forEach((part, i) => {
      if (typeof part !== 'string' && 'IfPresent' in part && hasListBranch(part)) {
        throw this.src.fail("an 'if' inside 'concat' must have a single element (not a list) in 'then' and 'else'", [...path, i]);
      }
    });
    return { Concat: parts };
  }

  private ifPresent(body: unknown, path: YamlPath): Element {
    if (!isMapping(body)) throw this.src.fail('must be a mapping with cond, then and optionally else', path);
    for (const key of Object.keys(body)) {
      if (!['cond', 'then', 'else'].includes(key)) throw this.src.fail(`unknown field '${key}' (expected cond, then, else)`, [...path, key]);
    }
    const cond = body.cond;
    if (!isMapping(cond) || Object.keys(cond).length !== 1 || !('isPresent' in cond)) {
      throw this.src.fail('must be {isPresent: <input name>}', [...path, 'cond']);
    }
    const input = this.port(this.inputs, cond.isPresent, 'input', [...path, 'cond', 'isPresent']);
    if (body.then === undefined || body.then === null) throw this.src.fail("'if' needs a 'then'", path);
    const branch = (value: unknown, at: YamlPath) =>
      Array.isArray(value) ? value.map((v, i) => this.element(v, [...at, i])) : this.element(value, at);
    const structure: Record<string, unknown> = { InputName: input.name, Then: branch(body.then, [...path, 'then']) };
    const otherwise = body.else;
    // As in the Python SDK, an absent or empty `else` writes no Else.
    if (otherwise !== undefined && otherwise !== null && !(Array.isArray(otherwise) && otherwise.length === 0)) {
      structure.Else = branch(otherwise, [...path, 'else']);
    }
    return { IfPresent: structure };
  }
}

function hasListBranch(element: { IfPresent: Record<string, unknown> }): boolean {
  return Array.isArray(element.IfPresent.Then) || Array.isArray(element.IfPresent.Else);
}
