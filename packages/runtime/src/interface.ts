/**
 * A component's declared inputs and outputs, as the compiler embeds them next to the component's code. The
 * runtime reads values by these declarations: parameter types, defaults, which artifacts are lists.
 */

/** The IR's parameter type names. */
export type ParameterTypeName = 'STRING' | 'NUMBER_INTEGER' | 'NUMBER_DOUBLE' | 'BOOLEAN' | 'LIST' | 'STRUCT' | 'TASK_FINAL_STATUS';

/** A parameter input or output. */
export interface ParameterDeclaration {
  readonly kind: 'parameter';
  readonly parameterType: ParameterTypeName;
  /** The input may be omitted (it has a default or was declared optional). */
  readonly optional: boolean;
  /** Present when the input has a default value (`null` included). */
  readonly hasDefault?: boolean;
  readonly defaultValue?: unknown;
}

/** An artifact input or output. */
export interface ArtifactDeclaration {
  readonly kind: 'artifact';
  readonly schemaTitle: string;
  readonly schemaVersion: string;
  readonly isList: boolean;
  readonly optional: boolean;
}

export type IODeclaration = ParameterDeclaration | ArtifactDeclaration;

/** Everything the runtime needs to know about a component besides its code. */
export interface ComponentInterface {
  readonly inputs: Readonly<Record<string, IODeclaration>>;
  readonly outputs: Readonly<Record<string, IODeclaration>>;
}
