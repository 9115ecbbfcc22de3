/**
 * Readable type errors for component calls. Each argument is checked against its input's type; a
 * mismatch turns the expected type into a `KfpTypeError` whose text names the input and the problem, so
 * TypeScript reports e.g. `… is not assignable to type KfpTypeError<"input 'model' takes a system.Model
 * artifact; got a system.Dataset artifact">`.
 */
import type { ArtifactChannel, ParameterChannel } from '../channels/channel.js';
import type { ArtifactType } from '../types/artifacts.js';
import type { ParameterType, ParameterTypeName } from '../types/parameters.js';
import type { ArgumentFor, IODecl, ItemChannel, OptionalInputNames, RequiredInputNames } from './typing.js';

/** A type no value has: the type checker rejects the argument and shows `Message`. */
export interface KfpTypeError<Message extends string> {
  readonly 'kfp-ts type error': Message;
}

/** A value type in words (for loop items, whose value type is a TypeScript type). */
type ValueInWords<V> = [V] extends [string]
  ? 'string'
  : [V] extends [number]
    ? 'number'
    : [V] extends [boolean]
      ? 'boolean'
      : [V] extends [readonly unknown[]]
        ? 'list'
        : 'object';

/** What an argument is, in words. */
type ArgumentInWords<A> = A extends ArtifactChannel<infer S, infer L>
  ? L extends true
    ? `a list of ${S} artifacts`
    : `a ${S} artifact`
  : A extends ItemChannel<infer V>
    ? `a loop item of type ${ValueInWords<V>}`
    : A extends ParameterChannel<infer P>
      ? `a ${P} channel`
      : A extends string
        ? 'a string'
        : A extends number
          ? 'a number'
          : A extends boolean
            ? 'a boolean'
            : A extends readonly unknown[]
              ? 'a list'
              : A extends null | undefined
                ? 'no value'
                : 'an object';

/** The JavaScript constant an input parameter of IR type `P` takes, in words. */
type ConstantInWords<P extends ParameterTypeName> = P extends 'STRING'
  ? 'a string'
  : P extends 'NUMBER_INTEGER'
    ? 'a whole number'
    : P extends 'NUMBER_DOUBLE'
      ? 'a number'
      : P extends 'BOOLEAN'
        ? 'a boolean'
        : P extends 'LIST'
          ? 'a list'
          : 'an object';

/** What an input of type `T` takes, in words. */
type InputInWords<T> = T extends ParameterType<infer P, boolean>
  ? `${ConstantInWords<P>} or a ${P} channel`
  : T extends ArtifactType<infer S, infer L, boolean>
    ? L extends true
      ? `a list of ${S} artifacts (from Collected, or an array of channels)`
      : S extends 'system.Artifact'
        ? 'an artifact'
        : `a ${S} artifact`
    : never;

/** The argument itself when it fits input `K` of type `T`, else an error naming the input and the mismatch. */
type CheckedArgument<T, A, K extends PropertyKey> = T extends ParameterType<'TASK_FINAL_STATUS', boolean>
  ? KfpTypeError<`input '${K & string}' is a task final status: the backend fills it, so it is never passed`>
  : [T extends { optional: true } ? Exclude<A, undefined> : A] extends [ArgumentFor<T>]
    ? A
    : KfpTypeError<`input '${K & string}' takes ${InputInWords<T>}; got ${ArgumentInWords<A>}`>;

/**
 * The type a call's argument object `A` is checked against: every given argument must fit its input, no
 * unknown names, and every required input given (inputs not given yet keep their plain types, so editors
 * still complete them).
 */
export type CheckedArguments<I extends IODecl, A> = {
  [K in keyof A]: unknown extends A[K]
    ? A[K] // an argument of unknown type is checked when the component is called
    : K extends keyof I
      ? CheckedArgument<I[K], A[K], K>
      : KfpTypeError<`the component has no input '${K & string}'`>;
} & { [K in Exclude<RequiredInputNames<I>, keyof A>]: ArgumentFor<I[K]> } & {
  [K in Exclude<OptionalInputNames<I>, keyof A>]?: ArgumentFor<I[K]>;
};
