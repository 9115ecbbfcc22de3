/**
 * Type-level plumbing: from declared inputs/outputs to the argument type of a component call and the
 * output channels of its task. Mistakes in wiring become TypeScript errors here.
 */
import type { ArtifactChannel, ParameterChannel } from '../channels/channel.js';
import type { ArtifactType } from '../types/artifacts.js';
import type { ParameterType, ParameterTypeName } from '../types/parameters.js';
import type { IOType } from '../types/index.js';
import type { CheckedArguments } from './type-errors.js';

/** Declared inputs or outputs, by name. */
export type IODecl = Record<string, IOType>;

/**
 * A loop item whose element type is known only as a TypeScript value type (`V`); `any` when the loop runs
 * over a list whose element type is not declared.
 */
export interface ItemChannel<V> extends ParameterChannel<ParameterTypeName> {
  /**
   * Phantom (never set at run time): the item's value type. Required, so that an ordinary channel of
   * another type does not pass for a loop item.
   */
  readonly __itemValue: V;
}

/** What an input parameter of IR type `P` accepts. */
export type ParameterArgument<P extends ParameterTypeName> = P extends 'STRING'
  ? string | ParameterChannel<'STRING'> | ItemChannel<string>
  : P extends 'NUMBER_INTEGER'
    ? number | ParameterChannel<'NUMBER_INTEGER'> | ItemChannel<number>
    : P extends 'NUMBER_DOUBLE'
      ? number | ParameterChannel<'NUMBER_DOUBLE'> | ParameterChannel<'NUMBER_INTEGER'> | ItemChannel<number>
      : P extends 'BOOLEAN'
        ? boolean | ParameterChannel<'BOOLEAN'> | ItemChannel<boolean>
        : P extends 'LIST'
          ? readonly unknown[] | ParameterChannel<'LIST'> | ItemChannel<readonly unknown[]>
          : P extends 'STRUCT'
            ? // A task final status is a JSON object, so it may feed a STRUCT input too.
              | Readonly<Record<string, unknown>>
              | ParameterChannel<'STRUCT'>
              | ParameterChannel<'TASK_FINAL_STATUS'>
              | ItemChannel<Readonly<Record<string, unknown>>>
            : never;

/**
 * What an artifact input accepts. A generic `system.Artifact` input accepts any artifact; otherwise the
 * schema titles must match. A list input accepts a list channel (from `Collected`) or an array of channels.
 */
export type ArtifactArgument<S extends string, L extends boolean> = L extends true
  ? ArtifactChannel<S extends 'system.Artifact' ? string : S | 'system.Artifact', true> | readonly ArtifactChannel<S extends 'system.Artifact' ? string : S | 'system.Artifact', false>[]
  : ArtifactChannel<S extends 'system.Artifact' ? string : S | 'system.Artifact', false>;

/** What an input of type `T` accepts. */
export type ArgumentFor<T> = T extends ParameterType<infer P, boolean>
  ? ParameterArgument<P>
  : T extends ArtifactType<infer S, infer L, boolean>
    ? ArtifactArgument<S, L>
    : never;

/** Inputs the caller must pass. */
export type RequiredInputNames<I extends IODecl> = {
  [K in keyof I]: I[K] extends { optional: true } ? never : K;
}[keyof I] &
  string;

/** Inputs filled by the backend, which a caller never passes. */
type BackendFilledNames<I extends IODecl> = {
  [K in keyof I]: I[K] extends ParameterType<'TASK_FINAL_STATUS', boolean> ? K : never;
}[keyof I];

/** Inputs the caller may pass or omit. */
export type OptionalInputNames<I extends IODecl> = Exclude<keyof I, RequiredInputNames<I> | BackendFilledNames<I>> & string;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The argument object of a component call. */
export type ComponentArguments<I extends IODecl> = Simplify<
  { [K in RequiredInputNames<I>]: ArgumentFor<I[K]> } & { [K in OptionalInputNames<I>]?: ArgumentFor<I[K]> }
>;

/** The channel a task output of type `T` gives. */
export type ChannelFor<T> = T extends ParameterType<infer P, boolean>
  ? ParameterChannel<P>
  : T extends ArtifactType<infer S, infer L, boolean>
    ? ArtifactChannel<S, L>
    : never;

/** The output channels of a task, by output name. */
export type OutputChannels<O extends IODecl> = { readonly [K in keyof O]: ChannelFor<O[K]> };

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/** True when `O` declares exactly one output (false when its outputs are known only at run time). */
export type HasSingleOutput<O extends IODecl> = [keyof O] extends [never]
  ? false
  : string extends keyof O
    ? false
    : true extends IsUnion<keyof O>
      ? false
      : true;

/**
 * The parameters of a component call with argument object `A`, checked by {@link CheckedArguments} for
 * readable errors: none needed when every input is optional. A component whose inputs are known only at
 * run time (`Component` without type arguments) takes any object; it is checked when called.
 */
export type CallParameters<I extends IODecl, A> = string extends keyof I
  ? [RequiredInputNames<I>] extends [never]
    ? [args?: Readonly<Record<string, unknown>>]
    : [args: Readonly<Record<string, unknown>>]
  : [RequiredInputNames<I>] extends [never]
    ? [args?: A & CheckedArguments<I, A>]
    : [args: A & CheckedArguments<I, A>];

/** What a component call's argument object may name: the component's inputs. */
export type ArgumentNames<I extends IODecl> = { readonly [K in keyof I]?: unknown };
