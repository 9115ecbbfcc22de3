/**
 * If / Elif / Else. Each branch body runs at once, inside its condition group; `Elif` and `Else` chain on
 * the value `If` returns, and the branch bodies' return values are collected for `OneOf`.
 *
 * Numbering follows the Python SDK: an `If` gets the next group number; when an `Elif`/`Else` follows, a
 * `condition-branches` group is made around the chain and swaps numbers with the `If`.
 */
import { isChannel, type Condition } from '../channels/channel.js';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import { valueScopeProblem } from '../pipeline/channel-scope.js';
import { currentBuild, nextGroupId, openGroup, runInGroup } from '../pipeline/context.js';
import type { GroupNode } from '../pipeline/graph.js';

/** The chain an `If` starts: add `Elif` branches, end with `Else`. */
export interface ConditionChain<Rs extends unknown[]> {
  /** What each branch body returned, in branch order. */
  readonly results: Rs;
  /** The branch groups, in order. */
  readonly branches: readonly GroupNode[];
  /** A branch that runs when every earlier condition is false and `condition` is true. */
  Elif<R>(condition: Condition, body: () => R, name?: string): ConditionChain<[...Rs, R]>;
  /** The branch that runs when every earlier condition is false. */
  Else<R>(body: () => R, name?: string): { readonly results: [...Rs, R]; readonly branches: readonly GroupNode[] };
}

function checkCondition(condition: unknown, what: string): asserts condition is Condition {
  if (typeof condition === 'boolean') {
    throw new KfpDefinitionError(
      `${what} got the constant ${condition} as its condition; compare a task output or pipeline parameter instead, e.g. task.output.eq('heads')`,
      { location: callerLocation() },
    );
  }
  const c = condition as Condition | undefined;
  if (!c || c.kind !== 'condition') {
    throw new KfpDefinitionError(`${what} needs a condition such as task.output.eq('heads') or params.n.gt(5)`, {
      location: callerLocation(),
    });
  }
  if (!isChannel(c.left) && !isChannel(c.right)) {
    throw new KfpDefinitionError(`${what}: at least one side of the condition must be a task output or pipeline parameter`, {
      location: callerLocation(),
    });
  }
  for (const side of [c.left, c.right] as unknown[]) checkOperand(side, what);
  const state = currentBuild(what);
  const problem = valueScopeProblem(state, [c.left, c.right], state.open[state.open.length - 1]);
  if (problem) throw new KfpDefinitionError(`${what}: ${problem}`, { location: callerLocation() });
}

/** A condition compares single values: string, number or boolean parameters and constants. */
function checkOperand(side: unknown, what: string): void {
  const fail = (message: string) => new KfpDefinitionError(`${what}: ${message}`, { location: callerLocation() });
  if (isChannel(side)) {
    if (side.channelKind !== 'parameter') throw fail('a condition cannot compare an artifact; compare a parameter instead');
    if (side.parameterType === 'LIST' || side.parameterType === 'STRUCT') {
      throw fail(`a condition compares single values; this side is a ${side.parameterType} parameter`);
    }
    return;
  }
  const ok = typeof side === 'string' || typeof side === 'boolean' || (typeof side === 'number' && Number.isFinite(side));
  if (!ok) throw fail(`a condition can compare only strings, finite numbers and booleans, got ${String(side)}`);
}

/**
 * Runs `body`'s tasks only when `condition` holds at run time.
 *
 * @example
 * import { If, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
 * const flip = pythonComponent({
 *   functionName: 'flip',
 *   source: 'def flip() -> str:\n    import random\n    return random.choice(["heads", "tails"])\n',
 *   outputs: { Output: t.string() },
 * });
 * const say = pythonComponent({ functionName: 'say', source: 'def say(text: str):\n    print(text)\n', inputs: { text: t.string() } });
 *
 * export const coin = pipeline({ name: 'coin' }, () => {
 *   const side = flip().output;
 *   If(side.eq('heads'), () => {
 *     say({ text: 'heads' });
 *   }).Else(() => {
 *     say({ text: 'tails' });
 *   });
 * });
 */
export function If<R>(condition: Condition, body: () => R, name?: string): ConditionChain<[R]> {
  checkCondition(condition, 'If');
  const location = callerLocation();
  const { group, result } = openGroup(
    'condition',
    { condition, negatedConditions: [], ...(name !== undefined ? { displayName: name } : {}), ...(location ? { location } : {}) },
    () => body(),
    'If',
  );
  return makeChain([group], [result], { wrapper: undefined });
}

function makeChain<Rs extends unknown[]>(branches: GroupNode[], results: Rs, shared: { wrapper?: GroupNode; closed?: boolean }): ConditionChain<Rs> {
  const last = branches[branches.length - 1];
  const addBranch = <R>(kind: 'Elif' | 'Else', condition: Condition | undefined, body: () => R, name?: string) => {
    if (shared.closed) throw new KfpDefinitionError(`${kind} cannot follow an Else`, { location: callerLocation() });
    if (kind === 'Elif') checkCondition(condition, 'Elif');
    const state = currentBuild(kind);
    const parent = shared.wrapper ?? last.parent!;
    // Tasks may be created in between (they stay outside the chain, as in the Python SDK); other blocks may not.
    const lastBlock = parent.children.filter((c) => c.nodeKind === 'group').pop();
    if (lastBlock !== last || state.open[state.open.length - 1] !== (shared.wrapper ? shared.wrapper.parent : last.parent)) {
      throw new KfpDefinitionError(`${kind} must follow its If or Elif in the same block, with no other If, ParallelFor or ExitHandler in between`, {
        location: callerLocation(),
      });
    }
    if (!shared.wrapper) shared.wrapper = wrapInBranches(last);
    const earlier = [...(last.negatedConditions ?? []), last.condition!];
    const location = callerLocation();
    const fields: Partial<GroupNode> = {
      negatedConditions: earlier,
      ...(condition ? { condition } : { isElse: true }),
      ...(name !== undefined ? { displayName: name } : {}),
      ...(location ? { location } : {}),
    };
    const wrapper = shared.wrapper;
    const { group, result } = runInGroup(state, wrapper, () => openGroup('condition', fields, () => body(), kind));
    if (kind === 'Else') shared.closed = true;
    return { group, result };
  };
  return {
    results,
    branches,
    Elif<R>(condition: Condition, body: () => R, name?: string) {
      const { group, result } = addBranch('Elif', condition, body, name);
      return makeChain<[...Rs, R]>([...branches, group], [...results, result] as [...Rs, R], shared);
    },
    Else<R>(body: () => R, name?: string) {
      const { group, result } = addBranch('Else', undefined, body, name);
      return { results: [...results, result] as [...Rs, R], branches: [...branches, group] };
    },
  };
}

/** Puts an `If` group inside a new `condition-branches` group, swapping their numbers as Python does. */
function wrapInBranches(ifGroup: GroupNode): GroupNode {
  const state = currentBuild('Elif');
  const parent = ifGroup.parent!;
  const wrapper: GroupNode = { nodeKind: 'group', groupKind: 'condition-branches', id: nextGroupId(state), parent, children: [] };
  [wrapper.id, ifGroup.id] = [ifGroup.id, wrapper.id];
  parent.children.splice(parent.children.indexOf(ifGroup), 1, wrapper);
  wrapper.children.push(ifGroup);
  ifGroup.parent = wrapper;
  state.groups.push(wrapper);
  return wrapper;
}
