/**
 * IR → YAML text. Keys are sorted (as the Python compiler's `yaml.dump(sort_keys=True)` does), so the
 * output is byte-for-byte deterministic for the same input.
 */
import { writeYaml } from './yaml-writer.js';
import type { CompiledPipeline, PipelineSpec } from '../ir/types.js';

/** Recursively sorts object keys; arrays keep their order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareKeys)) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** Python sorts keys by code point; so does this (not by locale). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function yamlDocument(value: unknown): string {
  return writeYaml(value);
}

/** The comment header the Python compiler writes: name, description, inputs and outputs. */
function header(spec: PipelineSpec): string {
  const lines = ['# PIPELINE DEFINITION', `# Name: ${spec.pipelineInfo.name}`];
  const description = spec.pipelineInfo.description;
  if (description) {
    const [first, ...rest] = description.split('\n');
    lines.push(`# Description: ${first}`, ...rest.map((l) => `#              ${l}`));
  }
  const inputs = describeDefinitions(spec.root.inputDefinitions, true);
  if (inputs.length) lines.push('# Inputs:', ...inputs);
  const outputs = describeDefinitions(spec.root.outputDefinitions, false);
  if (outputs.length) lines.push('# Outputs:', ...outputs);
  return lines.join('\n') + '\n';
}

const PYTHON_TYPE: Record<string, string> = {
  STRING: 'str',
  NUMBER_INTEGER: 'int',
  NUMBER_DOUBLE: 'float',
  BOOLEAN: 'bool',
  LIST: 'list',
  STRUCT: 'dict',
  TASK_FINAL_STATUS: 'PipelineTaskFinalStatus',
};

function describeDefinitions(defs: { parameters?: Record<string, any>; artifacts?: Record<string, any> } | undefined, withDefaults: boolean): string[] {
  if (!defs) return [];
  const rows: [string, string][] = [];
  for (const [name, p] of Object.entries(defs.parameters ?? {})) {
    const dflt = withDefaults && p.defaultValue !== undefined ? ` [Default: ${JSON.stringify(p.defaultValue)}]` : '';
    rows.push([name, `#    ${name}: ${PYTHON_TYPE[p.parameterType] ?? p.parameterType}${dflt}`]);
  }
  for (const [name, a] of Object.entries(defs.artifacts ?? {})) {
    rows.push([name, `#    ${name}: ${a.artifactType.schemaTitle}`]);
  }
  return rows.sort((a, b) => compareKeys(a[0], b[0])).map((r) => r[1]);
}

/** The YAML text of a compiled pipeline: the PipelineSpec, then the PlatformSpec as a second document. */
export function toYaml(compiled: CompiledPipeline): string {
  let text = header(compiled.pipelineSpec) + yamlDocument(compiled.pipelineSpec);
  if (compiled.platformSpec) text += '---\n' + yamlDocument(compiled.platformSpec);
  return text;
}
