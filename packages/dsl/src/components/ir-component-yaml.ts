/**
 * Compiled (IR) YAML → a component, as the Python SDK loads it. The component is named after
 * `pipelineInfo.name`. If the spec has an executor `exec-<name>`, the YAML is a single compiled component
 * and becomes a container component; otherwise it is a whole pipeline, kept as IR for the compiler to merge
 * in as a sub-pipeline.
 */
import { customArtifact, artifactList, type ArtifactType } from '../types/artifacts.js';
import { parameterOf, taskFinalStatus, type ParameterType, type ParameterTypeName } from '../types/parameters.js';
import type { IOType } from '../types/index.js';
import type { ComponentSpec, ContainerSpec } from './component-spec.js';
import { isMapping, type YamlPath, type YamlSource } from './yaml-source.js';

const PARAMETER_TYPES: readonly ParameterTypeName[] = ['STRING', 'NUMBER_INTEGER', 'NUMBER_DOUBLE', 'BOOLEAN', 'LIST', 'STRUCT', 'TASK_FINAL_STATUS'];

/** A name as the KFP compiler makes it Kubernetes-safe (component keys and executor labels use it). */
function k8sName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-0-9a-z]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Converts a parsed PipelineSpec document (and the PlatformSpec document, when there is one). */
export function componentFromIr(spec: Record<string, unknown>, platformSpec: unknown, src: YamlSource): ComponentSpec {
  const info = spec.pipelineInfo;
  if (!isMapping(info)) throw src.fail('missing: an IR YAML has pipelineInfo.name (a v1 component.yaml has implementation)', ['pipelineInfo']);
  if (typeof info.name !== 'string' || info.name === '') throw src.fail('must be a non-empty string', ['pipelineInfo', 'name']);
  const name = info.name;
  src.componentName = name;

  const components = spec.components ?? {};
  if (!isMapping(components)) throw src.fail('must be a mapping of component specs', ['components']);
  const deployment = spec.deploymentSpec ?? {};
  if (!isMapping(deployment)) throw src.fail('must be a mapping with executors', ['deploymentSpec']);
  const executors = deployment.executors ?? {};
  if (!isMapping(executors)) throw src.fail('must be a mapping of executors', ['deploymentSpec', 'executors']);
  if (!isMapping(spec.root)) throw src.fail('missing: the pipeline has no root component', ['root']);

  // The interface: the component's own spec when the YAML is one compiled component, else the pipeline's root.
  const key = `comp-${k8sName(name)}`;
  const interfacePath: YamlPath = key in components ? ['components', key] : ['root'];
  const interfaceSpec = key in components ? components[key] : spec.root;
  if (!isMapping(interfaceSpec)) throw src.fail('must be a component spec', interfacePath);
  const inputs = readInputs(interfaceSpec.inputDefinitions, [...interfacePath, 'inputDefinitions'], src);
  const outputs = readOutputs(interfaceSpec.outputDefinitions, [...interfacePath, 'outputDefinitions'], src);

  const label = `exec-${k8sName(name)}`;
  if (label in executors) {
    return { name, inputs, outputs, implementation: { kind: 'container', container: readContainer(executors[label], ['deploymentSpec', 'executors', label], src) } };
  }
  if (!isMapping(spec.root.dag)) throw src.fail(`missing: the YAML has no executor '${label}', so it must be a pipeline with a dag`, ['root', 'dag']);
  if (platformSpec !== undefined && platformSpec !== null && !isMapping(platformSpec)) {
    throw src.fail('the second YAML document (the PlatformSpec) must be a mapping', [], { document: 1 });
  }
  const hasPlatform = isMapping(platformSpec) && Object.keys(platformSpec).length > 0;
  return {
    name,
    inputs,
    outputs,
    implementation: { kind: 'ir', ir: { pipelineSpec: spec, ...(hasPlatform ? { platformSpec } : {}) } },
  };
}

/** A compiled executor's container. Resources are task settings, not part of the component, so they are dropped. */
function readContainer(executor: unknown, path: YamlPath, src: YamlSource): ContainerSpec {
  if (!isMapping(executor) || !isMapping(executor.container)) throw src.fail('must be a container executor', path);
  const c = executor.container;
  const at = [...path, 'container'];
  if (typeof c.image !== 'string' || c.image === '') throw src.fail('must be a non-empty string', [...at, 'image']);
  const strings = (value: unknown, field: string): string[] | undefined => {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw src.fail('must be a list of strings', [...at, field]);
    value.forEach((v, i) => {
      if (typeof v !== 'string') throw src.fail('must be a string', [...at, field, i]);
    });
    return value as string[];
  };
  const command = strings(c.command, 'command');
  const args = strings(c.args, 'args');
  // The IR writes env as a list of {name, value}; the DSL keeps it as a map.
  let env: Record<string, string> | undefined;
  if (c.env !== undefined && c.env !== null) {
    if (!Array.isArray(c.env)) throw src.fail('must be a list of {name, value}', [...at, 'env']);
    env = {};
    c.env.forEach((entry, i) => {
      if (!isMapping(entry) || typeof entry.name !== 'string' || (entry.value !== undefined && typeof entry.value !== 'string')) {
        throw src.fail('must be {name: <string>, value: <string>}', [...at, 'env', i]);
      }
      env![entry.name] = entry.value ?? '';
    });
  }
  return {
    image: c.image,
    ...(command?.length ? { command } : {}),
    ...(args?.length ? { args } : {}),
    ...(env && Object.keys(env).length ? { env } : {}),
  };
}

function definitions(value: unknown, path: YamlPath, src: YamlSource): { parameters: Record<string, unknown>; artifacts: Record<string, unknown> } {
  if (value === undefined || value === null) return { parameters: {}, artifacts: {} };
  if (!isMapping(value)) throw src.fail('must be a mapping with parameters and artifacts', path);
  const part = (key: string) => {
    const v = value[key] ?? {};
    if (!isMapping(v)) throw src.fail('must be a mapping', [...path, key]);
    return v;
  };
  return { parameters: part('parameters'), artifacts: part('artifacts') };
}

function parameterTypeOf(spec: unknown, path: YamlPath, src: YamlSource): ParameterTypeName {
  if (!isMapping(spec)) throw src.fail('must be a parameter spec', path);
  const type = spec.parameterType;
  if (typeof type !== 'string' || !(PARAMETER_TYPES as readonly string[]).includes(type)) {
    throw src.fail(`unknown parameter type ${JSON.stringify(type)} (expected one of: ${PARAMETER_TYPES.join(', ')})`, [...path, 'parameterType']);
  }
  return type as ParameterTypeName;
}

function artifactTypeOf(spec: unknown, path: YamlPath, src: YamlSource): ArtifactType {
  if (!isMapping(spec) || !isMapping(spec.artifactType)) throw src.fail('must be an artifact spec with artifactType', path);
  const { schemaTitle, schemaVersion } = spec.artifactType;
  if (typeof schemaTitle !== 'string' || schemaTitle === '') throw src.fail('must be a non-empty string', [...path, 'artifactType', 'schemaTitle']);
  if (typeof schemaVersion !== 'string' || schemaVersion === '') throw src.fail('must be a non-empty string', [...path, 'artifactType', 'schemaVersion']);
  const single = customArtifact(schemaTitle, schemaVersion);
  return spec.isArtifactList === true ? artifactList(single) : single;
}

/** Input types; descriptions are not carried over (the Python SDK drops them too). */
function readInputs(value: unknown, path: YamlPath, src: YamlSource): Record<string, IOType> {
  const { parameters, artifacts } = definitions(value, path, src);
  const inputs: Record<string, IOType> = {};
  for (const [name, spec] of Object.entries(parameters)) {
    const at = [...path, 'parameters', name];
    const type = parameterTypeOf(spec, at, src);
    if (type === 'TASK_FINAL_STATUS') {
      inputs[name] = taskFinalStatus();
      continue;
    }
    const s = spec as Record<string, unknown>;
    const hasDefault = 'defaultValue' in s && s.defaultValue !== null;
    // IR written by kfp <= 2.0.0b8 has defaults without isOptional.
    const optional = typeof s.isOptional === 'boolean' ? s.isOptional : 'defaultValue' in s;
    const base: ParameterType = parameterOf(type);
    inputs[name] = hasDefault ? base.default(s.defaultValue as never) : optional ? base.optionalInput() : base;
  }
  for (const [name, spec] of Object.entries(artifacts)) {
    const at = [...path, 'artifacts', name];
    if (name in inputs) throw src.fail(`'${name}' is both a parameter and an artifact`, at);
    const type = artifactTypeOf(spec, at, src);
    inputs[name] = (spec as Record<string, unknown>).isOptional === true ? type.optionalInput() : type;
  }
  return inputs;
}

function readOutputs(value: unknown, path: YamlPath, src: YamlSource): Record<string, IOType> {
  const { parameters, artifacts } = definitions(value, path, src);
  const outputs: Record<string, IOType> = {};
  for (const [name, spec] of Object.entries(parameters)) {
    const at = [...path, 'parameters', name];
    const type = parameterTypeOf(spec, at, src);
    if (type === 'TASK_FINAL_STATUS') throw src.fail('an output cannot be a task final status', [...at, 'parameterType']);
    outputs[name] = parameterOf(type);
  }
  for (const [name, spec] of Object.entries(artifacts)) {
    const at = [...path, 'artifacts', name];
    if (name in outputs) throw src.fail(`'${name}' is both a parameter and an artifact`, at);
    outputs[name] = artifactTypeOf(spec, at, src);
  }
  return outputs;
}
