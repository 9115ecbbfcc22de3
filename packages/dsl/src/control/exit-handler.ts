/**
 * ExitHandler: a task that runs after a body of tasks, however they end (`dsl.ExitHandler` in Python).
 */
import { callerLocation, KfpDefinitionError } from '../errors.js';
import { channelsIn } from '../pipeline/channel-scope.js';
import { currentBuild, openGroup } from '../pipeline/context.js';
import type { GroupKind } from '../pipeline/graph.js';
import { isTask, type TaskBase } from '../pipeline/task.js';
import type { IODecl } from '../components/typing.js';

const GROUP_IN_WORDS: Record<GroupKind, string> = {
  pipeline: 'the pipeline',
  condition: 'an If/Elif/Else branch',
  'condition-branches': 'an If/Elif/Else chain',
  'for-loop': 'a ParallelFor',
  'exit-handler': 'another ExitHandler',
};

/**
 * Runs `body`; when its tasks finish, successfully or not, `exitTask` runs. The exit task may declare a
 * `t.taskFinalStatus()` input to learn how the body ended.
 *
 * @example
 * import { containerComponent, ExitHandler, pipeline } from '@kfp-ts/dsl';
 * const train = containerComponent({ name: 'train', image: 'ghcr.io/acme/train:1.0' });
 * const cleanup = containerComponent({ name: 'cleanup', image: 'alpine:3.20', command: ['echo', 'done'] });
 *
 * export const training = pipeline({ name: 'training' }, () => {
 *   ExitHandler(cleanup(), () => {
 *     train();
 *   });
 * });
 */
export function ExitHandler<R>(exitTask: TaskBase<IODecl>, body: () => R, name?: string): R {
  const location = callerLocation();
  const fail = (message: string) => new KfpDefinitionError(`ExitHandler: ${message}`, { location });
  if (!isTask(exitTask)) throw fail('the first argument must be a task (the result of a component call)');
  const state = currentBuild('ExitHandler');
  const node = exitTask.node;
  const parent = state.open[state.open.length - 1];
  if (parent.groupKind !== 'pipeline') {
    throw fail(`ExitHandler can only be used at the top level of a pipeline body, not inside ${GROUP_IN_WORDS[parent.groupKind]}`);
  }
  if (node.parent !== parent || parent.children[parent.children.length - 1] !== node) {
    throw fail('create the exit task just before the ExitHandler, in the same block (e.g. ExitHandler(cleanup(), () => …))');
  }
  if (node.after.length > 0) throw fail('the exit task cannot depend on other tasks (.after())');
  for (const [input, value] of Object.entries(node.args)) {
    if (channelsIn(value).some((ch) => ch.source.kind !== 'pipeline-input')) {
      throw fail(`the exit task can only take constants and pipeline inputs, not values produced by tasks (input '${input}')`);
    }
  }
  if (state.groups.some((g) => g.exitTask === node)) throw fail('this task is already the exit task of another ExitHandler');
  // The exit task belongs to no group's body; the compiler places it beside the exit handler.
  parent.children.pop();
  const { result } = openGroup(
    'exit-handler',
    { exitTask: node, ...(name !== undefined ? { displayName: name } : {}), ...(location ? { location } : {}) },
    () => body(),
    'ExitHandler',
  );
  return result;
}
