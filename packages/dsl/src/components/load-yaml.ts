/**
 * Components from YAML (`kfp.components.load_component_from_text/file` in Python): a KFP v1
 * `component.yaml`, a compiled component, or a whole compiled pipeline. Loaded components are called like
 * any other; a loaded pipeline is merged into the calling pipeline by the compiler.
 */
import { readFileSync } from 'node:fs';
import { KfpDefinitionError, callerLocation } from '../errors.js';
import type { ArtifactType } from '../types/artifacts.js';
import type { ParameterType, ParameterTypeName } from '../types/parameters.js';
import type { IOType } from '../types/index.js';
import { makeComponent, type Component } from './component.js';
import type { ComponentSpec } from './component-spec.js';
import { componentFromIr } from './ir-component-yaml.js';
import type { IODecl } from './typing.js';
import { componentFromV1 } from './v1-component-yaml.js';
import { isMapping, YamlSource } from './yaml-source.js';

/**
 * Inputs of a loaded component whose interface was not declared: any argument may be passed, and the
 * arguments are checked against the YAML when the component is called.
 */
export type LoadedInputs = Record<string, ParameterType<ParameterTypeName, true> | ArtifactType<string, boolean, true>>;
/** Outputs of a loaded component whose interface was not declared. */
export type LoadedOutputs = Record<string, IOType>;

export interface LoadComponentOptions<I extends IODecl, O extends IODecl> {
  /** Names the text in error messages (a file name or URL). */
  source?: string;
  /**
   * The inputs you expect the component to have, for typed calls. Checked against the YAML when it is
   * loaded: every name must exist with the same type, and every required input must be listed.
   */
  inputs?: I;
  /** The outputs you expect, for typed task outputs; checked against the YAML (a subset is fine). */
  outputs?: O;
}

/**
 * Loads a component from YAML text: a KFP v1 `component.yaml`, a compiled component, or a compiled
 * pipeline (which becomes a sub-pipeline where it is called).
 *
 * @example
 * import { loadComponentFromText, t } from '@kfp-ts/dsl';
 *
 * const echo = loadComponentFromText(`
 * name: Echo
 * inputs:
 * - {name: text, type: String}
 * implementation:
 *   container:
 *     image: alpine
 *     command: [echo, {inputValue: text}]
 * `, { inputs: { text: t.string() } });
 */
export function loadComponentFromText<I extends IODecl = LoadedInputs, O extends IODecl = LoadedOutputs>(
  text: string,
  options: LoadComponentOptions<I, O> = {},
): Component<I, O> {
  const src = new YamlSource(text, options.source);
  const spec = specFromDocuments(src);
  checkDeclaredInterface(spec, options, src);
  return makeComponent<I, O>(spec);
}

/** Loads a component from a YAML file; see {@link loadComponentFromText}. */
export function loadComponentFromFile<I extends IODecl = LoadedInputs, O extends IODecl = LoadedOutputs>(
  path: string,
  options: Omit<LoadComponentOptions<I, O>, 'source'> = {},
): Component<I, O> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new KfpDefinitionError(`cannot read component file '${path}': ${reason}`, { field: 'path', location: callerLocation() });
  }
  return loadComponentFromText<I, O>(text, { ...options, source: path });
}

/** One document (or two, the second a PlatformSpec); a top-level `implementation` marks the v1 format. */
function specFromDocuments(src: YamlSource): ComponentSpec {
  const docs = src.documents;
  if (docs.length !== 1 && docs.length !== 2) {
    throw src.fail(`expected one YAML document (or two: a PipelineSpec and its PlatformSpec), got ${docs.length}`);
  }
  const [first, second] = docs;
  if (!isMapping(first)) throw src.fail('the YAML document must be a mapping (a component.yaml or a compiled PipelineSpec)');
  if ('implementation' in first) {
    if (docs.length === 2) throw src.fail('a v1 component.yaml is a single YAML document', [], { document: 1 });
    return componentFromV1(first, src);
  }
  return componentFromIr(first, second, src);
}

/** Checks the interface the caller declared (to type calls) against the loaded one. */
function checkDeclaredInterface(spec: ComponentSpec, declared: LoadComponentOptions<IODecl, IODecl>, src: YamlSource): void {
  if (declared.inputs) {
    for (const [name, type] of Object.entries(declared.inputs)) {
      const actual = spec.inputs[name];
      if (!actual) throw src.fail(`declared input '${name}' is not an input of the YAML${listOf(spec.inputs)}`);
      const why = typeMismatch(type, actual);
      if (why) throw src.fail(`declared input '${name}' is ${why}`);
      if (type.optional && !actual.optional) throw src.fail(`declared input '${name}' is optional, but the YAML requires it`);
    }
    for (const [name, type] of Object.entries(spec.inputs)) {
      const filledByBackend = type.kind === 'parameter' && type.parameterType === 'TASK_FINAL_STATUS';
      if (!type.optional && !filledByBackend && !(name in declared.inputs)) {
        throw src.fail(`required input '${name}' is missing from the declared inputs`);
      }
    }
  }
  if (declared.outputs) {
    for (const [name, type] of Object.entries(declared.outputs)) {
      const actual = spec.outputs[name];
      if (!actual) throw src.fail(`declared output '${name}' is not an output of the YAML${listOf(spec.outputs)}`);
      const why = typeMismatch(type, actual);
      if (why) throw src.fail(`declared output '${name}' is ${why}`);
    }
  }
}

function describeType(type: IOType): string {
  if (type.kind === 'parameter') return type.parameterType;
  return type.isList ? `a list of ${type.schemaTitle}` : type.schemaTitle;
}

function typeMismatch(declared: IOType, actual: IOType): string | undefined {
  const same =
    declared.kind === 'parameter'
      ? actual.kind === 'parameter' && declared.parameterType === actual.parameterType
      : actual.kind === 'artifact' && declared.schemaTitle === actual.schemaTitle && declared.isList === actual.isList;
  return same ? undefined : `${describeType(declared)}, but the YAML has ${describeType(actual)}`;
}

function listOf(decl: Readonly<Record<string, IOType>>): string {
  const names = Object.keys(decl);
  return names.length ? ` (it has: ${names.join(', ')})` : ' (it has none)';
}
