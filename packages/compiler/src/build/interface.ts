/**
 * A component's interface in the IR: `inputDefinitions` and `outputDefinitions` from declared types.
 */
import type { IOType } from '@kfp-ts/dsl';
import type { IrArtifactSpec, IrInputsSpec, IrOutputsSpec, IrParameterSpec } from '../ir/types.js';

function artifactSpec(type: Extract<IOType, { kind: 'artifact' }>, withOptional: boolean): IrArtifactSpec {
  return {
    artifactType: { schemaTitle: type.schemaTitle, schemaVersion: type.schemaVersion },
    ...(type.isList ? { isArtifactList: true } : {}),
    ...(withOptional && type.optional ? { isOptional: true } : {}),
    ...(type.description ? { description: type.description } : {}),
  };
}

/** `inputDefinitions` for declared inputs; `defaults` override default values (compile-time parameters). */
export function inputDefinitions(inputs: Readonly<Record<string, IOType>>, defaults?: Record<string, unknown>): IrInputsSpec | undefined {
  const parameters: Record<string, IrParameterSpec> = {};
  const artifacts: Record<string, IrArtifactSpec> = {};
  for (const [name, type] of Object.entries(inputs)) {
    if (type.kind === 'artifact') {
      artifacts[name] = artifactSpec(type, true);
      continue;
    }
    const spec: IrParameterSpec = { parameterType: type.parameterType };
    if (type.optional) spec.isOptional = true;
    if (type.hasDefault && type.defaultValue !== null && type.defaultValue !== undefined) spec.defaultValue = type.defaultValue;
    if (defaults && name in defaults) spec.defaultValue = defaults[name];
    if (type.description) spec.description = type.description;
    parameters[name] = spec;
  }
  return definitions(parameters, artifacts);
}

/** `outputDefinitions` for declared outputs. */
export function outputDefinitions(outputs: Readonly<Record<string, IOType>>): IrOutputsSpec | undefined {
  const parameters: Record<string, { parameterType: IrParameterSpec['parameterType']; description?: string }> = {};
  const artifacts: Record<string, IrArtifactSpec> = {};
  for (const [name, type] of Object.entries(outputs)) {
    if (type.kind === 'artifact') artifacts[name] = artifactSpec(type, false);
    else parameters[name] = { parameterType: type.parameterType, ...(type.description ? { description: type.description } : {}) };
  }
  return definitions(parameters, artifacts);
}

function definitions<P, A>(parameters: Record<string, P>, artifacts: Record<string, A>) {
  const out: { parameters?: Record<string, P>; artifacts?: Record<string, A> } = {};
  if (Object.keys(parameters).length) out.parameters = parameters;
  if (Object.keys(artifacts).length) out.artifacts = artifacts;
  return Object.keys(out).length ? out : undefined;
}
