/**
 * A component as users see it: a function that, called inside a pipeline body, adds a task. Its `spec`
 * carries the definition the compiler reads.
 */
import { isChannel, type Channel } from '../channels/channel.js';
import { valueFitsParameterType } from '../types/parameters.js';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import type { IOType } from '../types/index.js';
import { createTask, type Task } from '../pipeline/task.js';
import type { ComponentSpec } from './component-spec.js';
import type { ArgumentNames, CallParameters, IODecl } from './typing.js';

const COMPONENT_BRAND = Symbol.for('kfp-ts.component');

/** A callable component with inputs `I` and outputs `O`. */
export interface Component<I extends IODecl = IODecl, O extends IODecl = IODecl> {
  <A extends ArgumentNames<I> = {}>(...args: CallParameters<I, A>): Task<O>;
  /** The component's definition. */
  readonly spec: ComponentSpec;
  /** Phantom: declared inputs and outputs, for type inference. */
  readonly __io?: { inputs: I; outputs: O };
}

/** True for components made by any copy of this module. */
export function isComponent(value: unknown): value is Component {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[COMPONENT_BRAND] === true;
}

/** Wraps a definition as a callable component. */
export function makeComponent<I extends IODecl, O extends IODecl>(spec: ComponentSpec): Component<I, O> {
  const call = (args: Record<string, unknown> = {}) => {
    checkArguments(spec, args);
    return createTask(spec, { ...args });
  };
  Object.defineProperty(call, 'name', { value: spec.name });
  Object.defineProperty(call, 'spec', { value: spec, enumerable: true });
  Object.defineProperty(call, COMPONENT_BRAND, { value: true });
  return call as unknown as Component<I, O>;
}

/** Whether a channel may feed an input of type `type`; returns the reason when it may not. */
export function channelMismatch(channel: Channel, type: IOType): string | undefined {
  if (type.kind === 'parameter') {
    if (channel.channelKind !== 'parameter') return `an artifact (${channel.schemaTitle}) cannot feed a parameter input`;
    // A task final status is a JSON object: it may feed a STRUCT input (as in the Python SDK).
    const from = channel.parameterType === 'TASK_FINAL_STATUS' ? 'STRUCT' : channel.parameterType;
    const to = type.parameterType;
    // Loop items over lists of undeclared element type carry no precise type; the backend converts.
    if (from === to || (from === 'NUMBER_INTEGER' && to === 'NUMBER_DOUBLE') || channel.source.kind === 'loop-item') return undefined;
    return `a ${from} value cannot feed a ${to} input`;
  }
  if (channel.channelKind !== 'artifact') return `a parameter (${channel.parameterType}) cannot feed an artifact input`;
  const generic = channel.schemaTitle === 'system.Artifact' || type.schemaTitle === 'system.Artifact';
  if (!generic && channel.schemaTitle !== type.schemaTitle) {
    return `a ${channel.schemaTitle} artifact cannot feed a ${type.schemaTitle} input`;
  }
  if (channel.isList && !type.isList) return 'a list of artifacts cannot feed a single-artifact input';
  if (!channel.isList && type.isList) {
    return 'a single artifact cannot feed a list-of-artifacts input; pass Collected(...) or an array of artifacts';
  }
  return undefined;
}

/** Checks arguments at call time, for callers that bypass the type checker (JavaScript, casts, loaded YAML). */
function checkArguments(spec: ComponentSpec, args: Record<string, unknown>): void {
  const fail = (message: string, field?: string) =>
    new KfpDefinitionError(message, { task: spec.name, field, location: callerLocation() });
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw fail('a component is called with one object of named arguments');
  }
  for (const name of Object.keys(args)) {
    if (!(name in spec.inputs)) {
      const known = Object.keys(spec.inputs);
      throw fail(
        `component '${spec.name}' has no input '${name}'` + (known.length ? ` (its inputs: ${known.join(', ')})` : ' (it has no inputs)'),
        name,
      );
    }
  }
  for (const [name, type] of Object.entries(spec.inputs)) {
    const value = args[name];
    if (type.kind === 'parameter' && type.parameterType === 'TASK_FINAL_STATUS') {
      if (value !== undefined) throw fail('a task final status input is filled by the backend and cannot be passed', name);
      continue;
    }
    if (value === undefined) {
      if (!type.optional) throw fail(`missing required input '${name}' of component '${spec.name}'`, name);
      continue;
    }
    if (isChannel(value)) {
      const why = channelMismatch(value, type);
      if (why) throw fail(why, name);
      continue;
    }
    if (type.kind === 'artifact') {
      const items = Array.isArray(value) ? value : [value];
      if (type.isList && Array.isArray(value) && items.every(isChannel)) {
        for (const item of items) {
          const why = channelMismatch(item, { ...type, isList: false } as IOType);
          if (why) throw fail(why, name);
        }
        continue;
      }
      throw fail(`artifact input '${name}' needs an artifact from a task, an importer or a pipeline input, got ${describe(value)}`, name);
    }
    if (typeof value === 'string' && type.parameterType === 'STRING') continue;
    if (!valueFitsParameterType(type.parameterType, value)) throw fail(`input '${name}' is ${type.parameterType}, got ${describe(value)}`, name);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `${typeof value} ${JSON.stringify(value)}`;
}
