/**
 * Channel references as the compiler sees them: a name, an optional producer (a task, or a group that
 * surfaces a fan-in or OneOf value), and a type. The IR names every carried value after them:
 * `pipelinechannel--<producer>-<name>` or `pipelinechannel--<name>`.
 */
import { channelsInString, isChannel, type Channel, type GroupNode, type TaskNode } from '@kfp-ts/dsl';
import type { IrArtifactTypeSchema, IrParameterType } from '../ir/types.js';
import { channelInputName } from './names.js';

/** The type a channel carries. */
export type ChannelType =
  | { kind: 'parameter'; parameterType: IrParameterType }
  | { kind: 'artifact'; artifactType: IrArtifactTypeSchema; isList: boolean };

/** A reference to a runtime value, resolved for one consumer. */
export interface ChannelRef {
  /** The DSL channel (for loop items, the item or field channel). */
  readonly channel: Channel;
  /** The name part: an output key, a parameter name, `loop-item-param-N`, `…-loop-item`, `…-subvar-k`. */
  readonly name: string;
  /** What produces it: a task, or a group surfacing a Collected/OneOf value; none for pipeline inputs. */
  readonly producer?: TaskNode | GroupNode;
  readonly type: ChannelType;
  /** For loop items and their fields: the loop. */
  readonly loop?: GroupNode;
  /** For a field of a loop item: the field and the item it is taken from. */
  readonly field?: { key: string; item: ChannelRef };
  /** For a loop item over a channel: the list iterated over. */
  readonly items?: ChannelRef;
}

/** Resolves names of producers (tasks and groups) for one pipeline. */
export interface NameScope {
  taskName(task: TaskNode): string;
  groupName(group: GroupNode): string;
}

export function producerName(scope: NameScope, producer: TaskNode | GroupNode): string {
  return producer.nodeKind === 'task' ? scope.taskName(producer) : scope.groupName(producer);
}

/** `<producer>-<name>` or `<name>`. */
export function fullName(scope: NameScope, ref: ChannelRef): string {
  return ref.producer ? `${producerName(scope, ref.producer)}-${ref.name}` : ref.name;
}

/** The `pipelinechannel--…` input name that carries `ref`. */
export function inputNameOf(scope: NameScope, ref: ChannelRef): string {
  return channelInputName(fullName(scope, ref));
}

/** The loop item ref a loop group declares (`pipelinechannel--loop-item-param-N`, `…-loop-item`). */
export function loopItemRef(scope: NameScope, loop: GroupNode, resolve: (c: Channel) => ChannelRef): ChannelRef {
  const item = loop.loopItem!;
  const items = loop.loopItems!;
  if (items.kind === 'literal') {
    return { channel: item, name: `loop-item-param-${loop.loopItemNameCode}`, type: typeOfChannel(item), loop };
  }
  const over = resolve(items.channel);
  return {
    channel: item,
    name: `${over.name}-loop-item`,
    ...(over.producer ? { producer: over.producer } : {}),
    type: typeOfChannel(item),
    loop,
    items: over,
  };
}

export function typeOfChannel(ch: Channel): ChannelType {
  return ch.channelKind === 'parameter'
    ? { kind: 'parameter', parameterType: ch.parameterType as IrParameterType }
    : { kind: 'artifact', artifactType: { schemaTitle: ch.schemaTitle, schemaVersion: ch.schemaVersion }, isList: ch.isList };
}

/** Every channel referenced by a value: the value itself, or tokens inside strings, lists and objects (keys too). */
export function channelsInValue(value: unknown, out: Channel[] = []): Channel[] {
  if (isChannel(value)) {
    if (!out.includes(value)) out.push(value);
  } else if (typeof value === 'string') {
    for (const ch of channelsInString(value)) if (!out.includes(ch)) out.push(ch);
  } else if (Array.isArray(value)) {
    for (const v of value) channelsInValue(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      channelsInValue(k, out);
      channelsInValue(v, out);
    }
  }
  return out;
}
