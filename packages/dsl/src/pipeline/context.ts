/**
 * The pipeline being built. Component calls and control-flow blocks register themselves in the innermost
 * open group, as in the Python SDK's `with` blocks.
 */
import { callerLocation, KfpDefinitionError } from '../errors.js';
import type { Channel } from '../channels/channel.js';
import type { GroupKind, GroupNode, PipelineGraph, TaskNode } from './graph.js';
import type { SourceLocation } from '../errors.js';

/** A pipeline under construction. */
export interface BuildState {
  readonly pipelineName: string;
  readonly tasks: TaskNode[];
  readonly groups: GroupNode[];
  /** The last group number handed out (Python's `get_next_group_id`). */
  lastGroupId: number;
  /** Innermost group last. */
  readonly open: GroupNode[];
  /** The channels of the pipeline's own inputs (a channel of another pipeline's input cannot be used here). */
  inputChannels?: readonly Channel[];
}

const STACK_KEY = Symbol.for('kfp-ts.build-stack');

/** The stack of pipelines being built (a pipeline used as a component is built inside another). */
function stack(): BuildState[] {
  const g = globalThis as unknown as Record<symbol, BuildState[] | undefined>;
  return (g[STACK_KEY] ??= []);
}

/** The pipeline currently being built, or an error naming what needed one. */
export function currentBuild(what: string): BuildState {
  const s = stack();
  const top = s[s.length - 1];
  if (!top) {
    throw new KfpDefinitionError(
      `${what} can only be used inside a pipeline body (the function given to pipeline())`,
      { location: callerLocation() },
    );
  }
  return top;
}

/** True while some pipeline body runs. */
export function isBuilding(): boolean {
  return stack().length > 0;
}

/** Runs `body` with a fresh build state for `pipelineName`, and returns that state with the body's result. */
export function withBuild<R>(pipelineName: string, location: SourceLocation | undefined, body: (state: BuildState) => R): { state: BuildState; result: R } {
  const root: GroupNode = { nodeKind: 'group', groupKind: 'pipeline', id: 0, children: [], location };
  const state: BuildState = { pipelineName, tasks: [], groups: [root], lastGroupId: 0, open: [root] };
  const s = stack();
  s.push(state);
  try {
    return { state, result: body(state) };
  } finally {
    s.pop();
  }
}

/** Creates a group in the innermost open group and runs `body` inside it. */
export function openGroup<R>(
  groupKind: GroupKind,
  fields: Partial<GroupNode>,
  body: (group: GroupNode) => R,
  what: string,
): { group: GroupNode; result: R } {
  const state = currentBuild(what);
  const parent = state.open[state.open.length - 1];
  const group: GroupNode = {
    ...fields,
    nodeKind: 'group',
    groupKind,
    id: nextGroupId(state),
    parent,
    children: [],
  };
  state.groups.push(group);
  parent.children.push(group);
  return { group, result: runInGroup(state, group, body) };
}

/** Hands out the next group number. */
export function nextGroupId(state: BuildState): number {
  state.lastGroupId += 1;
  return state.lastGroupId;
}

/** Runs `body` with `group` as the innermost open group. */
export function runInGroup<R>(state: BuildState, group: GroupNode, body: (group: GroupNode) => R): R {
  state.open.push(group);
  try {
    return body(group);
  } finally {
    state.open.pop();
  }
}

/** The groups enclosing `node`, outermost (the root) first, `node`'s own parent last. */
export function enclosingGroups(node: TaskNode | GroupNode): GroupNode[] {
  const chain: GroupNode[] = [];
  for (let g = node.parent; g; g = g.parent) chain.unshift(g);
  return chain;
}

export type { PipelineGraph };
