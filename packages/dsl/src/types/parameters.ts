/**
 * Parameter type descriptors. A descriptor is a small runtime object (what the compiler reads) that also
 * carries the TypeScript type of its values (what the type checker reads), in the manner of zod schemas.
 */

/** The IR's parameter type names. */
export type ParameterTypeName =
  | 'STRING'
  | 'NUMBER_INTEGER'
  | 'NUMBER_DOUBLE'
  | 'BOOLEAN'
  | 'LIST'
  | 'STRUCT'
  | 'TASK_FINAL_STATUS';

/** The JavaScript value a parameter of each IR type holds. */
export interface ParameterValueOf {
  STRING: string;
  NUMBER_INTEGER: number;
  NUMBER_DOUBLE: number;
  BOOLEAN: boolean;
  LIST: unknown[];
  STRUCT: Record<string, unknown>;
  TASK_FINAL_STATUS: TaskFinalStatusValue;
}

/** What a task's final status looks like to the exit task that receives it. */
export interface TaskFinalStatusValue {
  state: string;
  pipelineJobResourceName: string;
  pipelineTaskName: string;
  error: { code?: number; message?: string };
}

/**
 * A parameter input or output. `P` is the IR type; `Opt` is true when the input may be omitted (it has a
 * default or was declared optional).
 */
export interface ParameterType<P extends ParameterTypeName = ParameterTypeName, Opt extends boolean = boolean> {
  readonly kind: 'parameter';
  readonly parameterType: P;
  readonly optional: Opt;
  /** Present when a default was given (`null` is a valid default: "optional, no value"). */
  readonly hasDefault: boolean;
  readonly defaultValue?: ParameterValueOf[P] | null;
  readonly description?: string;
  /**
   * For a list: the IR type of its elements, when declared (`t.list(t.integer())`, `List[int]` in Python).
   * A ParallelFor over such a list gives items of that type; undeclared elements are strings.
   */
  readonly itemType?: ParameterTypeName;
  /** Returns a copy with a default value; the input becomes optional. */
  default<V extends ParameterValueOf[P] | null>(value: V): ParameterType<P, true> & DefaultOf<V>;
  /** Returns a copy marked optional, with no default value. */
  optionalInput(): ParameterType<P, true>;
  /** Returns a copy with a description (shown in the IR's input/output definitions). */
  describe(text: string): this;
}

/**
 * What `.default(v)` adds to a parameter's type: with a value other than `null`, the component's code
 * always receives a value (a TypeScript component's `run` sees `number`, not `number | undefined`).
 */
export type DefaultOf<V> = null extends V ? {} : { readonly hasDefault: true };

function makeParameter<P extends ParameterTypeName, Opt extends boolean>(
  parameterType: P,
  fields: { optional: Opt; hasDefault: boolean; defaultValue?: unknown; description?: string; itemType?: ParameterTypeName },
): ParameterType<P, Opt> {
  const self: ParameterType<P, Opt> = {
    kind: 'parameter',
    parameterType,
    optional: fields.optional,
    hasDefault: fields.hasDefault,
    ...(fields.hasDefault ? { defaultValue: fields.defaultValue as ParameterValueOf[P] | null } : {}),
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    ...(fields.itemType !== undefined ? { itemType: fields.itemType } : {}),
    // The returned copies carry narrower types than makeParameter can state (a known default, `this`).
    default: ((value: unknown) =>
      makeParameter(parameterType, { ...fields, optional: true, hasDefault: true, defaultValue: value })) as ParameterType<P, Opt>['default'],
    optionalInput: () => makeParameter(parameterType, { ...fields, optional: true }),
    describe: (text) => makeParameter(parameterType, { ...fields, description: text }) as never,
  };
  return Object.freeze(self);
}

const required = { optional: false as const, hasDefault: false };

const VALUE_TESTS: Partial<Record<ParameterTypeName, (v: unknown) => boolean>> = {
  STRING: (v) => typeof v === 'string',
  NUMBER_INTEGER: (v) => typeof v === 'number' && Number.isInteger(v),
  NUMBER_DOUBLE: (v) => typeof v === 'number' && Number.isFinite(v),
  BOOLEAN: (v) => typeof v === 'boolean',
  LIST: (v) => Array.isArray(v),
  STRUCT: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

/** True when a JavaScript value can be a constant of parameter type `p` (task final status values are not checked). */
export function valueFitsParameterType(p: ParameterTypeName, value: unknown): boolean {
  const test = VALUE_TESTS[p];
  return test ? test(value) : true;
}

/** A required parameter of IR type `p` (for types known only at run time, e.g. loaded from YAML). */
export const parameterOf = <P extends ParameterTypeName>(p: P): ParameterType<P, false> => makeParameter(p, required);

/** A string parameter (`str` in Python). */
export const string = (): ParameterType<'STRING', false> => makeParameter('STRING', required);
/** An integer parameter (`int` in Python). */
export const integer = (): ParameterType<'NUMBER_INTEGER', false> => makeParameter('NUMBER_INTEGER', required);
/** A floating-point parameter (`float` in Python). */
export const float = (): ParameterType<'NUMBER_DOUBLE', false> => makeParameter('NUMBER_DOUBLE', required);
/** A boolean parameter (`bool` in Python). */
export const boolean = (): ParameterType<'BOOLEAN', false> => makeParameter('BOOLEAN', required);
/**
 * A JSON list parameter (`list` in Python); `t.list(t.integer())` also declares the elements' type
 * (`List[int]`), which types the items of a ParallelFor over it.
 */
export const list = (items?: ParameterType): ParameterType<'LIST', false> =>
  makeParameter('LIST', items ? { ...required, itemType: items.parameterType } : required);
/** A JSON object parameter (`dict` in Python). */
export const struct = (): ParameterType<'STRUCT', false> => makeParameter('STRUCT', required);
/**
 * The final status of the tasks an exit handler guards (`dsl.PipelineTaskFinalStatus` in Python).
 * Only an exit task may declare it; the backend fills it, so callers never pass it.
 */
export const taskFinalStatus = (): ParameterType<'TASK_FINAL_STATUS', true> =>
  makeParameter('TASK_FINAL_STATUS', { optional: true, hasDefault: false });
