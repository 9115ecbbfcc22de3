/**
 * Runs a DAG as the KFP backend does: each task starts when the tasks it waits for have ended, and then
 *
 * - is SKIPPED when one of them failed or was skipped, unless its trigger strategy is
 *   ALL_UPSTREAM_TASKS_COMPLETED (an exit task, or `ignoreUpstreamFailure()`), which runs after them whatever
 *   their state;
 * - has its inputs resolved, and is SKIPPED when its trigger condition (If/Elif/Else) is false;
 * - runs: a loop runs its DAG per item, a DAG task runs its DAG, an importer imports, a container task goes
 *   to the launcher (through the cache and its retries).
 *
 * Tasks that do not depend on a failed task go on running. A DAG fails when one of its tasks failed; its
 * outputs come from its tasks (`valueFromParameter`, the branch that ran for `valueFromOneof` and
 * artifact selectors).
 */
import type { IrComponentSpec, IrTaskSpec } from '../ir/types.js';
import { conditionHolds } from './conditions.js';
import { runContainerTask } from './container-task.js';
import type { LocalTaskState } from './events.js';
import { runImporter } from './importer.js';
import type { RuntimeArtifact } from './launch-types.js';
import { iterationInputs, runLoop } from './loops.js';
import { fillInputPlaceholders, InputError, resolveInputs, upstreamBlocker, type ResolvedInputs } from './resolve-inputs.js';
import { childPath, succeeded, type DagScope, type FailureCause, type RunContext, type TaskOutcome } from './run-context.js';
import { upstreamOf } from './task-dependencies.js';

/** How a DAG ended, and its outputs. */
export interface DagResult {
  readonly state: 'SUCCEEDED' | 'FAILED';
  readonly parameters: Record<string, unknown>;
  readonly artifacts: Record<string, RuntimeArtifact[]>;
  /** For a failed DAG: which task failed first, and why. */
  readonly cause?: FailureCause;
}

/** A failure as one line: `task 'a/b' failed: why`. */
export function describeFailure(cause: FailureCause): string {
  return `task '${cause.task}' failed: ${cause.reason}`;
}

const ended = (state: TaskOutcome['state'], message?: string): TaskOutcome => ({
  state,
  parameters: {},
  artifacts: {},
  ...(message !== undefined ? { message } : {}),
});

/** Runs every task of the DAG of `scope` and returns how the DAG ended. */
export async function runDag(ctx: RunContext, scope: DagScope): Promise<DagResult> {
  const tasks = scope.component.dag?.tasks ?? {};
  for (const name of Object.keys(tasks)) ctx.emit({ type: 'task-state', task: childPath(scope, name), state: 'PENDING' });

  const started = new Map<string, Promise<TaskOutcome>>();
  const start = (name: string): Promise<TaskOutcome> => {
    let running = started.get(name);
    if (!running) {
      running = (async () => {
        await Promise.all(upstreamOf(tasks[name]).map(start));
        const outcome = await runTaskSafely(ctx, scope, name, tasks[name]);
        scope.outcomes.set(name, outcome);
        ctx.emit({
          type: 'task-state',
          task: childPath(scope, name),
          state: outcome.state as LocalTaskState,
          ...(outcome.message !== undefined ? { message: outcome.message } : {}),
        });
        return outcome;
      })();
      started.set(name, running);
    }
    return running;
  };
  await Promise.all(Object.keys(tasks).map(start));

  const failed = Object.keys(tasks).find((name) => scope.outcomes.get(name)?.state === 'FAILED');
  const outputs = dagOutputs(scope);
  if (failed === undefined) return { state: 'SUCCEEDED', ...outputs };
  const outcome = scope.outcomes.get(failed)!;
  const cause = outcome.cause ?? { task: childPath(scope, failed), reason: outcome.message?.split('\n')[0] || 'failed' };
  return { state: 'FAILED', ...outputs, cause };
}

/** Runs a task; an unexpected error fails the task rather than the whole run. */
async function runTaskSafely(ctx: RunContext, scope: DagScope, name: string, task: IrTaskSpec): Promise<TaskOutcome> {
  try {
    return await runTask(ctx, scope, name, task);
  } catch (e) {
    return ended('FAILED', e instanceof Error ? e.message : String(e));
  }
}

async function runTask(ctx: RunContext, scope: DagScope, name: string, task: IrTaskSpec): Promise<TaskOutcome> {
  const path = childPath(scope, name);
  if (ctx.signal?.aborted) return ended('SKIPPED', 'the run was cancelled');
  if (task.triggerPolicy?.strategy !== 'ALL_UPSTREAM_TASKS_COMPLETED') {
    const blocker = upstreamBlocker(scope, upstreamOf(task));
    if (blocker) return ended('SKIPPED', blocker);
  }

  const component = ctx.spec.components[task.componentRef.name];
  let inputs: ResolvedInputs;
  try {
    inputs = resolveInputs(ctx, scope, name, task, component, iterationInputs(task));
  } catch (e) {
    if (e instanceof InputError) return ended('FAILED', e.message);
    throw e;
  }

  const condition = task.triggerPolicy?.condition;
  if (condition) {
    let holds: boolean;
    try {
      holds = conditionHolds(condition, inputs.parameters);
    } catch (e) {
      return ended('FAILED', `cannot evaluate the condition ${condition}: ${(e as Error).message}`);
    }
    if (!holds) return ended('SKIPPED', `condition is false: ${condition}`);
  }

  if (task.parameterIterator || task.artifactIterator) {
    ctx.emit({ type: 'task-state', task: path, state: 'RUNNING' });
    try {
      const result = await runLoop(task, component, inputs, (index, iteration) => runDag(ctx, scopeOf(`${path}[${index}]`, component, iteration)));
      return { state: result.state, parameters: result.parameters, artifacts: result.artifacts, ...failureOf(result.cause) };
    } catch (e) {
      if (e instanceof InputError) return ended('FAILED', e.message);
      throw e;
    }
  }
  if (component.dag) {
    ctx.emit({ type: 'task-state', task: path, state: 'RUNNING' });
    const result = await runDag(ctx, scopeOf(path, component, inputs));
    return { state: result.state, parameters: result.parameters, artifacts: result.artifacts, ...failureOf(result.cause) };
  }

  const executor = ctx.spec.deploymentSpec.executors[component.executorLabel!];
  if ('importer' in executor) {
    ctx.emit({ type: 'task-state', task: path, state: 'RUNNING' });
    try {
      return runImporter(ctx, path, executor.importer, component, inputs);
    } catch (e) {
      if (e instanceof InputError) return ended('FAILED', e.message);
      throw e;
    }
  }
  const filled = { parameters: fillInputPlaceholders(inputs.parameters), artifacts: inputs.artifacts };
  return runContainerTask(ctx, { path, spec: task, component, container: executor.container, inputs: filled });
}

/** The message and cause of a DAG or loop task that failed. */
function failureOf(cause: FailureCause | undefined): Pick<TaskOutcome, 'message' | 'cause'> {
  return cause ? { message: describeFailure(cause), cause } : {};
}

function scopeOf(path: string, component: IrComponentSpec, inputs: ResolvedInputs): DagScope {
  return { path, component, parameters: inputs.parameters, artifacts: inputs.artifacts, outcomes: new Map() };
}

interface ParameterSelector {
  producerSubtask: string;
  outputParameterKey: string;
}
interface ArtifactSelector {
  producerSubtask: string;
  outputArtifactKey: string;
}

/** The DAG's outputs, from the tasks that produced them (for a OneOf, the first branch that ran). */
function dagOutputs(scope: DagScope): { parameters: Record<string, unknown>; artifacts: Record<string, RuntimeArtifact[]> } {
  const outputs = scope.component.dag?.outputs ?? {};
  const parameters: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries((outputs.parameters ?? {}) as Record<string, Record<string, unknown>>)) {
    const selectors: ParameterSelector[] = spec.valueFromParameter
      ? [spec.valueFromParameter as ParameterSelector]
      : (((spec.valueFromOneof as { parameterSelectors?: ParameterSelector[] } | undefined)?.parameterSelectors ?? []) as ParameterSelector[]);
    for (const s of selectors) {
      const outcome = scope.outcomes.get(s.producerSubtask);
      if (succeeded(outcome) && s.outputParameterKey in outcome!.parameters) {
        parameters[name] = outcome!.parameters[s.outputParameterKey];
        break;
      }
    }
  }
  const artifacts: Record<string, RuntimeArtifact[]> = {};
  for (const [name, spec] of Object.entries((outputs.artifacts ?? {}) as Record<string, { artifactSelectors?: ArtifactSelector[] }>)) {
    for (const s of spec.artifactSelectors ?? []) {
      const outcome = scope.outcomes.get(s.producerSubtask);
      if (succeeded(outcome) && s.outputArtifactKey in outcome!.artifacts) {
        artifacts[name] = outcome!.artifacts[s.outputArtifactKey];
        break;
      }
    }
  }
  return { parameters, artifacts };
}
