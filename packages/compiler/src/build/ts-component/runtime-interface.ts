/**
 * A component's interface in the form the container runtime reads (`ComponentInterface` of
 * `@kfp-ts/runtime`): the declared types, optionality and defaults of its inputs and outputs.
 */
import type { ComponentSpec, IOType } from '@kfp-ts/dsl';
import type { ComponentInterface, IODeclaration } from '@kfp-ts/runtime';

function declaration(type: IOType): IODeclaration {
  if (type.kind === 'artifact') {
    return { kind: 'artifact', schemaTitle: type.schemaTitle, schemaVersion: type.schemaVersion, isList: type.isList, optional: type.optional };
  }
  return {
    kind: 'parameter',
    parameterType: type.parameterType,
    optional: type.optional,
    ...(type.hasDefault ? { hasDefault: true, defaultValue: type.defaultValue ?? null } : {}),
  };
}

export function runtimeInterface(spec: ComponentSpec): ComponentInterface {
  const map = (decl: Readonly<Record<string, IOType>>) => Object.fromEntries(Object.entries(decl).map(([name, type]) => [name, declaration(type)]));
  return { inputs: map(spec.inputs), outputs: map(spec.outputs) };
}
