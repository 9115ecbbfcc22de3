/**
 * One container task of a local run: its folder and executor input, the cache lookup, then attempts through
 * the launcher (as many as its retry policy allows, with the policy's waits), and on success its outputs
 * recorded in the cache.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { IrComponentSpec, IrContainerSpec, IrTaskSpec } from '../ir/types.js';
import { cacheKey } from './cache.js';
import { LocalRunError } from './errors.js';
import { buildExecutorInput } from './executor-input.js';
import { PVC_STEP_IMAGES } from './ignored-settings.js';
import type { LocalLaunchResult } from './launch-types.js';
import { taskDir, taskFiles } from './outputs-layout.js';
import { typedOutputParameter } from './parameters.js';
import type { ResolvedInputs } from './resolve-inputs.js';
import { retryDelayMs, retrySettings, sleep } from './retry.js';
import type { RunContext, TaskOutcome } from './run-context.js';

export interface ContainerTask {
  /** The task's path in the DAG. */
  readonly path: string;
  readonly spec: IrTaskSpec;
  readonly component: IrComponentSpec;
  readonly container: IrContainerSpec;
  readonly inputs: ResolvedInputs;
}

/** The message of an error the launcher raised about a task, without the task's name in front. */
function launchErrorMessage(e: LocalRunError, path: string): string {
  const prefix = `task '${path}': `;
  return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

/** A failure's message: why, in the first line, then the last lines the task printed. */
function failureMessage(result: LocalLaunchResult, attempts: number): string {
  const why = (result.error ?? 'failed') + (attempts > 1 ? ` (after ${attempts} attempts)` : '');
  const tail = result.logTail.trimEnd();
  return tail ? `${why}\n${tail}` : why;
}

/** The outputs of a task that succeeded, parameters in their declared types. */
function typedOutputs(component: IrComponentSpec, result: LocalLaunchResult) {
  const types = component.outputDefinitions?.parameters ?? {};
  const parameters: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(result.outputParameters)) parameters[name] = typedOutputParameter(value, types[name]?.parameterType);
  return { parameters, artifacts: result.outputArtifacts };
}

/** PVC steps are the backend's own work: locally a PVC is not created (its mounts are ignored); its name passes on. */
function pvcStep(task: ContainerTask, ctx: RunContext, kind: 'create' | 'delete'): TaskOutcome {
  if (kind === 'delete') return { state: 'SUCCEEDED', parameters: {}, artifacts: {}, message: 'PVCs are not used locally' };
  const p = task.inputs.parameters;
  const name = typeof p.pvc_name === 'string' && p.pvc_name ? p.pvc_name : `${ctx.runId}-${typeof p.pvc_name_suffix === 'string' ? p.pvc_name_suffix.replace(/^-/, '') : 'pvc'}`;
  return { state: 'SUCCEEDED', parameters: { name }, artifacts: {}, message: 'PVCs are not created locally' };
}

export async function runContainerTask(ctx: RunContext, task: ContainerTask): Promise<TaskOutcome> {
  const { path, spec, component, container } = task;
  const pvcKind = PVC_STEP_IMAGES[container.image];
  if (pvcKind) return pvcStep(task, ctx, pvcKind);

  const dir = taskDir(ctx.runDir, path);
  mkdirSync(dir, { recursive: true });
  const executorInput = buildExecutorInput(dir, component, task.inputs);
  writeFileSync(taskFiles(dir).executorInput, JSON.stringify(executorInput, null, 2) + '\n');

  const outputParameterTypes = Object.fromEntries(
    Object.entries(component.outputDefinitions?.parameters ?? {}).map(([name, p]) => [name, p.parameterType]),
  );
  const key =
    ctx.cache && spec.cachingOptions?.enableCache
      ? cacheKey({ componentRef: spec.componentRef.name, customKey: spec.cachingOptions.cacheKey, executorInput, outputParameterTypes, container })
      : undefined;
  if (key) {
    const hit = ctx.cache!.get(key);
    if (hit) {
      return { state: 'CACHED', parameters: hit.outputParameters, artifacts: hit.outputArtifacts, message: `outputs of task '${hit.task}' in run ${hit.runId}` };
    }
  }

  const retry = retrySettings(spec.retryPolicy, path);
  let previousFailure: string | undefined;
  for (let attempt = 1; ; attempt++) {
    if (ctx.signal?.aborted) return { state: 'FAILED', parameters: {}, artifacts: {}, message: 'the run was cancelled' };
    // A task that cannot run here at all (no Docker, no Node.js) is not retried: another attempt would fail alike.
    let cannotRun: string | undefined;
    const result = await ctx.slots.run(async () => {
      ctx.emit({
        type: 'task-state',
        task: path,
        state: 'RUNNING',
        attempt,
        ...(previousFailure ? { message: `retry ${attempt - 1} of ${retry.maxRetryCount} after: ${previousFailure}` } : {}),
      });
      try {
        return await ctx.launch({
          task: path,
          componentName: spec.componentRef.name.replace(/^comp-/, ''),
          container,
          executorInput,
          taskDir: dir,
          onEvent: ctx.emit,
          componentSpec: component,
          run: ctx.runInfo,
          ...(ctx.env ? { env: ctx.env } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
          ...(ctx.tsComponents ? { tsComponents: ctx.tsComponents } : {}),
        });
      } catch (e) {
        if (!(e instanceof LocalRunError)) throw e;
        cannotRun = launchErrorMessage(e, path);
        return undefined;
      }
    });
    if (cannotRun !== undefined || !result) return { state: 'FAILED', parameters: {}, artifacts: {}, message: cannotRun ?? 'failed' };

    if (result.state === 'SUCCEEDED') {
      let outputs;
      try {
        outputs = typedOutputs(component, result);
      } catch (e) {
        return { state: 'FAILED', parameters: {}, artifacts: {}, message: `an output parameter is not of its type: ${(e as Error).message}` };
      }
      if (key) ctx.cache!.put(key, { outputParameters: outputs.parameters, outputArtifacts: outputs.artifacts, runId: ctx.runId, task: path });
      return { state: 'SUCCEEDED', ...outputs };
    }
    previousFailure = result.error ?? 'failed';
    if (attempt > retry.maxRetryCount || ctx.signal?.aborted) {
      return { state: 'FAILED', parameters: {}, artifacts: {}, message: failureMessage(result, attempt) };
    }
    await sleep(retryDelayMs(retry, attempt) * ctx.retryWaitScale, ctx.signal);
  }
}
