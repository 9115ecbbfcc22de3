/**
 * Collected: the fan-in of a value produced inside a ParallelFor, as a list, for use after the loop.
 */
import { ArtifactChannel, isChannel, ParameterChannel } from '../channels/channel.js';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import { currentBuild, isBuilding } from '../pipeline/context.js';
import type { GroupNode } from '../pipeline/graph.js';

/**
 * The innermost loop around the task that produces `channel`; without a loop, the innermost block around
 * it (such a value can only be returned from the pipeline, which the compiler checks).
 */
function producingLoop(channel: ParameterChannel | ArtifactChannel): GroupNode | undefined {
  if (channel.source.kind !== 'task-output') return undefined;
  let innermostBlock: GroupNode | undefined;
  for (let g: GroupNode | undefined = channel.source.task.parent; g; g = g.parent) {
    if (g.groupKind === 'for-loop') return g;
    if (g.groupKind !== 'pipeline') innermostBlock ??= g;
  }
  return innermostBlock;
}

/**
 * Collects a loop task's output from every iteration into a list.
 *
 * As in the Python SDK, a pipeline may also return through `Collected` the output of a task inside an
 * If/Elif/Else branch with no loop around it: the pipeline output is then declared as a list.
 *
 * @example
 * import { Collected, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
 * const double = pythonComponent({
 *   functionName: 'double',
 *   source: 'def double(num: int) -> int:\n    return 2 * num\n',
 *   inputs: { num: t.integer() },
 *   outputs: { Output: t.integer() },
 * });
 * const total = pythonComponent({
 *   functionName: 'total',
 *   source: 'def total(nums: list) -> int:\n    return sum(nums)\n',
 *   inputs: { nums: t.list() },
 *   outputs: { Output: t.integer() },
 * });
 *
 * export const doubling = pipeline({ name: 'doubling' }, () => {
 *   const doubled = ParallelFor([1, 2, 3], (n) => double({ num: n }).output);
 *   return total({ nums: Collected(doubled) }).output;
 * });
 */
export function Collected(channel: ParameterChannel): ParameterChannel<'LIST'>;
export function Collected<S extends string>(channel: ArtifactChannel<S, false>): ArtifactChannel<S, true>;
export function Collected(channel: ParameterChannel | ArtifactChannel): ParameterChannel<'LIST'> | ArtifactChannel {
  const location = callerLocation();
  if (!isChannel(channel)) {
    throw new KfpDefinitionError('Collected takes the output of a task inside a ParallelFor', { location });
  }
  const loop = producingLoop(channel);
  if (!loop) {
    throw new KfpDefinitionError(
      'Collected can only gather the output of a task inside a ParallelFor (this output is not produced in a loop)',
      { location },
    );
  }
  if (loop.groupKind === 'for-loop' && isBuilding() && currentBuild('Collected').open.includes(loop)) {
    throw new KfpDefinitionError(
      'Collected is used inside the ParallelFor that produces the value; use it after that loop, where all its iterations are done',
      { location },
    );
  }
  const source = { kind: 'collected' as const, inner: channel, loop };
  return channel.channelKind === 'parameter'
    ? new ParameterChannel('LIST', source)
    : new ArtifactChannel(channel.schemaTitle, channel.schemaVersion, true, source);
}
