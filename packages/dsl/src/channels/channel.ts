/**
 * Channels: typed references to values that exist only when the pipeline runs — a pipeline parameter, a
 * task's output, a loop item, a fan-in of loop outputs, or the first branch output that ran (OneOf).
 *
 * A channel turned into a string (for example inside a template literal) becomes a token that the
 * compiler recognizes, so `\`hello ${task.output}\`` works as an f-string does in the Python SDK.
 */
import { KfpDefinitionError } from '../errors.js';
import type { ParameterTypeName, ParameterValueOf } from '../types/parameters.js';
import type { GroupNode, TaskNode } from '../pipeline/graph.js';

/** Where a channel's value comes from. */
export type ChannelSource =
  | { kind: 'pipeline-input'; name: string }
  | { kind: 'task-output'; task: TaskNode; output: string }
  | { kind: 'loop-item'; loop: GroupNode; field?: string }
  | { kind: 'collected'; inner: Channel; loop: GroupNode }
  | { kind: 'oneof'; branches: Channel[]; group: GroupNode; index: number };

const CHANNEL_BRAND = Symbol.for('kfp-ts.channel');
const REGISTRY_KEY = Symbol.for('kfp-ts.channel-registry');

interface ChannelRegistry {
  next: number;
  byId: Map<number, Channel>;
}

/** One registry per process, shared by every copy of this module that gets loaded. */
function registry(): ChannelRegistry {
  const g = globalThis as unknown as Record<symbol, ChannelRegistry | undefined>;
  return (g[REGISTRY_KEY] ??= { next: 1, byId: new Map() });
}

/** The pattern of a channel token inside a string. */
export const CHANNEL_TOKEN_PATTERN = /\{\{kfp-ts-channel:(\d+)\}\}/g;

/** Looks a channel up by the id in its string token. */
export function channelById(id: number): Channel | undefined {
  return registry().byId.get(id);
}

abstract class ChannelBase {
  /** Process-unique id, used in the channel's string token. */
  readonly id: number;
  readonly source: ChannelSource;
  readonly [CHANNEL_BRAND] = true;

  constructor(source: ChannelSource) {
    const reg = registry();
    this.id = reg.next++;
    this.source = source;
    reg.byId.set(this.id, this as unknown as Channel);
  }

  toString(): string {
    return `{{kfp-ts-channel:${this.id}}}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** A runtime value comparable in a condition: a constant or another parameter channel. */
export type Comparable<P extends ParameterTypeName> = ParameterValueOf[P] | ParameterChannel<ParameterTypeName>;

/** A condition for `If`/`Elif`: a comparison of a parameter channel with a constant or another channel. */
export interface Condition {
  readonly kind: 'condition';
  readonly op: '==' | '!=' | '<' | '<=' | '>' | '>=';
  readonly left: ParameterChannel | ParameterValueOf[ParameterTypeName];
  readonly right: ParameterChannel | ParameterValueOf[ParameterTypeName];
}

/** A reference to a parameter value: `P` is its IR parameter type. */
export class ParameterChannel<P extends ParameterTypeName = ParameterTypeName> extends ChannelBase {
  readonly channelKind = 'parameter' as const;
  readonly parameterType: P;
  /** For a list whose element type was declared: that type (it types the items of a ParallelFor over it). */
  readonly itemType?: ParameterTypeName;

  constructor(parameterType: P, source: ChannelSource, itemType?: ParameterTypeName) {
    super(source);
    this.parameterType = parameterType;
    if (itemType !== undefined) this.itemType = itemType;
  }

  /** `this == value` */
  eq(value: Comparable<P>): Condition {
    return { kind: 'condition', op: '==', left: this, right: value };
  }
  /** `this != value` */
  ne(value: Comparable<P>): Condition {
    return { kind: 'condition', op: '!=', left: this, right: value };
  }
  /** `this < value` */
  lt(value: Comparable<P>): Condition {
    return { kind: 'condition', op: '<', left: this, right: value };
  }
  /** `this <= value` */
  le(value: Comparable<P>): Condition {
    return { kind: 'condition', op: '<=', left: this, right: value };
  }
  /** `this > value` */
  gt(value: Comparable<P>): Condition {
    return { kind: 'condition', op: '>', left: this, right: value };
  }
  /** `this >= value` */
  ge(value: Comparable<P>): Condition {
    return { kind: 'condition', op: '>=', left: this, right: value };
  }
}

/** A reference to an artifact (or a list of artifacts when `L` is true) of schema title `S`. */
export class ArtifactChannel<S extends string = string, L extends boolean = boolean> extends ChannelBase {
  readonly channelKind = 'artifact' as const;
  readonly schemaTitle: S;
  readonly schemaVersion: string;
  readonly isList: L;

  constructor(schemaTitle: S, schemaVersion: string, isList: L, source: ChannelSource) {
    super(source);
    this.schemaTitle = schemaTitle;
    this.schemaVersion = schemaVersion;
    this.isList = isList;
  }
}

/** Any channel. */
export type Channel = ParameterChannel | ArtifactChannel;

/** True for channels made by any copy of this module. */
export function isChannel(value: unknown): value is Channel {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CHANNEL_BRAND] === true;
}

/** True when a string holds at least one channel token (a template literal with channels in it). */
export function hasChannelTokens(text: string): boolean {
  CHANNEL_TOKEN_PATTERN.lastIndex = 0;
  return CHANNEL_TOKEN_PATTERN.test(text);
}

/** The channels referenced by tokens in a string, in order of appearance, without repeats. */
export function channelsInString(text: string): Channel[] {
  const found: Channel[] = [];
  for (const m of text.matchAll(CHANNEL_TOKEN_PATTERN)) {
    const ch = channelById(Number(m[1]));
    if (!ch) throw new KfpDefinitionError(`the string '${text}' refers to an unknown channel token ${m[0]}`);
    if (!found.includes(ch)) found.push(ch);
  }
  return found;
}
