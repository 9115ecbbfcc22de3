/**
 * ParallelFor: runs a body once per item of a list, in parallel. The list is literal, a pipeline parameter,
 * a task output, or a field of an outer loop's item. (Lists of artifacts cannot be iterated: the KFP backend
 * does not support it.)
 */
import { ArtifactChannel, isChannel, ParameterChannel, type Channel } from '../channels/channel.js';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import type { ItemChannel } from '../components/typing.js';
import { channelScopeProblem } from '../pipeline/channel-scope.js';
import { currentBuild, nextGroupId, openGroup } from '../pipeline/context.js';
import type { GroupNode, LoopItems } from '../pipeline/graph.js';
import type { ParameterTypeName } from '../types/parameters.js';

/** The current item of a loop; for items that are objects, `get(key)` gives one field. */
export interface LoopItem<V> extends ItemChannel<V> {
  /** One field of the item (the item must be an object); for a literal list, one of its items' keys. */
  get<K extends LoopItemField<V>>(key: K): ItemChannel<V extends Record<string, unknown> ? (K extends keyof V ? V[K] : unknown) : any>;
}

/** The field names `LoopItem.get` accepts: the keys of literal object items, any name when the items' type is unknown. */
export type LoopItemField<V> = unknown extends V ? string : V extends Record<string, unknown> ? keyof V & string : string;

export interface ParallelForOptions {
  /** How many iterations may run at once; 0 or unset means no limit. */
  parallelism?: number;
  /** A display name for the loop. */
  name?: string;
}

/** The IR parameter type of a JavaScript value, as Python names the type of a loop's first item. */
function parameterTypeOfValue(value: unknown): ParameterTypeName {
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return Number.isInteger(value) ? 'NUMBER_INTEGER' : 'NUMBER_DOUBLE';
  if (Array.isArray(value)) return 'LIST';
  if (typeof value === 'object' && value !== null) return 'STRUCT';
  return 'STRING';
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function makeLoopItem(loop: GroupNode, itemType: ParameterTypeName, fieldType: (key: string) => ParameterTypeName): LoopItem<any> {
  const item = new ParameterChannel(itemType, { kind: 'loop-item', loop }) as unknown as LoopItem<any>;
  const fields = new Map<string, ParameterChannel>();
  Object.defineProperty(item, 'get', {
    value: (key: string) => {
      if (typeof key !== 'string' || !FIELD_NAME.test(key)) {
        throw new KfpDefinitionError(`loop item field '${String(key)}' must be a letter or '_' followed by letters, digits or '_'`, {
          location: callerLocation(),
        });
      }
      let field = fields.get(key);
      if (!field) {
        field = new ParameterChannel(fieldType(key), { kind: 'loop-item', loop, field: key });
        fields.set(key, field);
      }
      return field;
    },
  });
  return item;
}

/**
 * Runs `body` once per item, in parallel, and returns what `body` returned (for `Collected`).
 *
 * @example
 * import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
 * const train = pythonComponent({
 *   functionName: 'train',
 *   source: 'def train(lr: float, epochs: int):\n    print(lr, epochs)\n',
 *   inputs: { lr: t.float(), epochs: t.integer() },
 * });
 *
 * export const sweep = pipeline({ name: 'sweep' }, () => {
 *   const grid = [{ lr: 0.1, epochs: 5 }, { lr: 0.01, epochs: 10 }];
 *   ParallelFor(grid, (point) => {
 *     train({ lr: point.get('lr'), epochs: point.get('epochs') });
 *   }, { parallelism: 2 });
 * });
 */
export function ParallelFor<V, R>(items: readonly V[], body: (item: LoopItem<V>) => R, options?: ParallelForOptions): R;
export function ParallelFor<R>(items: ParameterChannel<'LIST'> | ItemChannel<any>, body: (item: LoopItem<any>) => R, options?: ParallelForOptions): R;
export function ParallelFor(items: unknown, body: (item: any) => unknown, options: ParallelForOptions = {}): unknown {
  const location = callerLocation();
  const fail = (message: string, field?: string) => new KfpDefinitionError(message, { field, location });
  const parallelism = options.parallelism ?? 0;
  if (!Number.isInteger(parallelism) || parallelism < 0) {
    throw fail(`ParallelFor parallelism must be a whole number >= 0, got ${parallelism}`, 'parallelism');
  }
  const state = currentBuild('ParallelFor');

  let loopItems: LoopItems;
  let nameCode: number | undefined;
  if (Array.isArray(items)) {
    if (items.length === 0) throw fail('ParallelFor got an empty list of items', 'items');
    if (items.some(isChannel)) throw fail('ParallelFor items must be all constants, or one channel holding a list', 'items');
    const first = items[0];
    if (first && typeof first === 'object' && !Array.isArray(first)) {
      for (const key of Object.keys(first)) {
        if (!FIELD_NAME.test(key)) throw fail(`loop item field '${key}' must be a letter or '_' followed by letters, digits or '_'`, 'items');
      }
    }
    loopItems = { kind: 'literal', values: [...items] };
    nameCode = nextGroupId(state); // Python spends a group number on a literal loop's item name
  } else if (isChannel(items)) {
    if (items.channelKind === 'parameter' && items.parameterType !== 'LIST' && items.source.kind !== 'loop-item') {
      throw fail(`ParallelFor cannot iterate over a single ${items.parameterType} parameter; it needs a list`, 'items');
    }
    if (items.channelKind === 'artifact') {
      throw fail(
        'ParallelFor cannot iterate over artifacts: the KFP backend does not support it; loop over a list parameter (e.g. of URIs) instead',
        'items',
      );
    }
    const problem = channelScopeProblem(state, items, state.open[state.open.length - 1]);
    if (problem) throw fail(`ParallelFor items: ${problem}`, 'items');
    loopItems = { kind: 'channel', channel: items };
  } else {
    throw fail('ParallelFor items must be a list of constants or a channel holding a list', 'items');
  }

  const { result } = openGroup(
    'for-loop',
    {
      loopItems,
      parallelism,
      ...(nameCode !== undefined ? { loopItemNameCode: nameCode } : {}),
      ...(options.name !== undefined ? { displayName: options.name } : {}),
      ...(location ? { location } : {}),
    },
    (group) => {
      group.loopItem = itemChannel(group, loopItems);
      return body(group.loopItem);
    },
    'ParallelFor',
  );
  return result;
}

function itemChannel(loop: GroupNode, items: LoopItems): Channel {
  if (items.kind === 'literal') {
    const first = items.values[0];
    const firstFieldType = (key: string) => {
      // Python types every field by the value type of the first item's first field.
      if (first && typeof first === 'object' && !Array.isArray(first)) {
        const values = Object.values(first as Record<string, unknown>);
        if (values.length && key in (first as object)) return parameterTypeOfValue(values[0]);
      }
      return 'STRING' as const;
    };
    return makeLoopItem(loop, parameterTypeOfValue(first), firstFieldType);
  }
  const ch = items.channel;
  if (ch.channelKind === 'artifact') {
    return new ArtifactChannel(ch.schemaTitle, ch.schemaVersion, false, { kind: 'loop-item', loop });
  }
  // Items take the list's declared element type (`t.list(t.integer())`); undeclared, they are strings, as in Python.
  return makeLoopItem(loop, ch.itemType ?? 'STRING', () => 'STRING');
}
