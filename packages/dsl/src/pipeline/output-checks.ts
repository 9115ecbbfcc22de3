/**
 * What a pipeline body may return: values of its own tasks, taken at the top level of the body. A value
 * made inside an If/Elif/Else branch, a ParallelFor or an ExitHandler may not exist when the pipeline ends
 * (bring it out with OneOf or Collected instead).
 */
import type { Channel } from '../channels/channel.js';
import { channelScopeProblem } from './channel-scope.js';
import type { BuildState } from './context.js';
import type { GroupKind, GroupNode } from './graph.js';

const BLOCK_IN_WORDS: Record<GroupKind, string> = {
  pipeline: 'the pipeline',
  condition: 'an If/Elif/Else branch',
  'condition-branches': 'an If/Elif/Else chain',
  'for-loop': 'a ParallelFor',
  'exit-handler': 'an ExitHandler',
};

/** The outermost block below the root that holds `group` (undefined when `group` is the root). */
function outermostBlock(group: GroupNode): GroupNode | undefined {
  let block: GroupNode | undefined;
  for (let g: GroupNode | undefined = group; g && g.groupKind !== 'pipeline'; g = g.parent) block = g;
  return block;
}

/** Why `channel` cannot be returned from the body of the pipeline `state` built; undefined when it can. */
export function pipelineOutputProblem(state: BuildState, channel: Channel): string | undefined {
  const root = state.groups[0];
  const scope = channelScopeProblem(state, channel, root);
  if (scope) return scope;
  const src = channel.source;
  const block =
    src.kind === 'task-output' ? outermostBlock(src.task.parent) : src.kind === 'oneof' ? outermostBlock(src.group.parent!) : undefined;
  if (!block) return undefined;
  const what = src.kind === 'task-output' ? `task '${src.task.component.name}'` : 'a OneOf of branches';
  return `it comes from ${what} inside ${BLOCK_IN_WORDS[block.groupKind]}; return values only from the top level of the pipeline body (bring them out with OneOf or Collected)`;
}
