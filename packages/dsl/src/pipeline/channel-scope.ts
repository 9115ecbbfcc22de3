/**
 * Where a channel may be used: only in the pipeline whose body made it, and a loop item only inside its
 * loop. Checked when a channel is handed to a task, a condition, a loop or a task setting, so the error
 * points at that line.
 */
import { channelsInString, isChannel, type Channel } from '../channels/channel.js';
import type { BuildState } from './context.js';
import type { GroupNode } from './graph.js';

/** Every channel a value refers to: the value itself, or tokens inside strings, lists and objects (keys too). */
export function channelsIn(value: unknown, out: Channel[] = []): Channel[] {
  if (isChannel(value)) {
    if (!out.includes(value)) out.push(value);
  } else if (typeof value === 'string') {
    for (const ch of channelsInString(value)) if (!out.includes(ch)) out.push(ch);
  } else if (Array.isArray(value)) {
    for (const v of value) channelsIn(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      channelsIn(k, out);
      channelsIn(v, out);
    }
  }
  return out;
}

/**
 * Why `channel` cannot be used by a consumer in group `at` of the pipeline `state` builds; undefined when
 * it can.
 */
export function channelScopeProblem(state: BuildState, channel: Channel, at: GroupNode): string | undefined {
  const src = channel.source;
  const foreign = (what: string) =>
    `${what} belongs to another pipeline; pass it into pipeline '${state.pipelineName}' as one of its inputs instead`;
  switch (src.kind) {
    case 'pipeline-input':
      return state.inputChannels && !state.inputChannels.includes(channel) ? foreign(`pipeline input '${src.name}'`) : undefined;
    case 'task-output':
      return state.tasks.includes(src.task) ? undefined : foreign(`output '${src.output}' of task '${src.task.component.name}'`);
    case 'loop-item':
      if (!state.groups.includes(src.loop)) return foreign('a ParallelFor loop item');
      if (!enclosedBy(at, src.loop)) {
        return 'a ParallelFor loop item is used outside its loop: use it only inside the loop body (fan loop results in with Collected)';
      }
      return undefined;
    case 'collected':
      return channelScopeProblem(state, src.inner, at);
    case 'oneof':
      return state.groups.includes(src.group) ? undefined : foreign('a OneOf value');
  }
}

/** True when `group` is `outer` or lies inside it. */
function enclosedBy(group: GroupNode, outer: GroupNode): boolean {
  for (let g: GroupNode | undefined = group; g; g = g.parent) if (g === outer) return true;
  return false;
}

/** The first scope problem among the channels a value refers to, for a consumer in group `at`. */
export function valueScopeProblem(state: BuildState, value: unknown, at: GroupNode): string | undefined {
  for (const ch of channelsIn(value)) {
    const problem = channelScopeProblem(state, ch, at);
    if (problem) return problem;
  }
  return undefined;
}
