/**
 * Runs a compiled pipeline on this machine, with the semantics of the KFP backend: the DAGs, conditions,
 * loops, exit handlers, retries and caching of the IR, each container task run by the local launcher. The
 * run reports what happens as {@link LocalRunEvent}s and keeps its files under the output root (see
 * ./outputs-layout.ts).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { ComponentSpec } from '@kfp-ts/dsl';
import type { PipelineSpec, PlatformSpec } from '../ir/types.js';
import { TaskCache } from './cache.js';
import { describeFailure, runDag } from './dag-runner.js';
import { LocalRunError } from './errors.js';
import type { LocalRunEvent, LocalRunListener, LocalRunState, LocalTaskState } from './events.js';
import { ignoredSettingsWarning } from './ignored-settings.js';
import { launchTask } from './launch/index.js';
import type { RuntimeArtifact } from './launch-types.js';
import { Limiter } from './limiter.js';
import { cacheDir, createRunDir } from './outputs-layout.js';
import { pipelineArguments } from './pipeline-arguments.js';
import { retryWaitScale } from './retry.js';
import type { LaunchTask, RunContext } from './run-context.js';
import { checkDags } from './task-dependencies.js';

export interface LocalRunOptions {
  /** Pipeline input values by name (an input artifact takes the path of a local file). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Where runs keep their files (default `./local_outputs`). */
  readonly outputRoot?: string;
  /** The run's id and folder name (default `<pipeline name>-<yyyymmdd-hhmmss>`); it must be new. */
  readonly runId?: string;
  /** How many container tasks may run at once (default: the number of CPUs). */
  readonly parallelism?: number;
  /** Use the task cache (default true); false runs every task. */
  readonly cache?: boolean;
  /** Receives the run's events, in order. */
  readonly onEvent?: LocalRunListener;
  /** Multiplies the waits between retries (default `$KFP_TS_LOCAL_RETRY_WAIT_SCALE`, else 1). */
  readonly retryWaitScale?: number;
  /** Extra environment variables for every task. */
  readonly env?: Readonly<Record<string, string>>;
  /** Cancels the run: running tasks are stopped, the others skipped. */
  readonly signal?: AbortSignal;
  /** The pipeline's TypeScript components (from its source), to run them without their images. */
  readonly tsComponents?: ReadonlyMap<string, ComponentSpec>;
  /** Runs one container task (default: the local launcher). */
  readonly launch?: LaunchTask;
}

export interface LocalRunResult {
  readonly runId: string;
  readonly state: LocalRunState;
  /** The pipeline's outputs: parameters as values, artifacts as local paths. */
  readonly outputs: Record<string, unknown>;
  /** The run's folder (absolute). */
  readonly runDir: string;
  /** Why a run that did not succeed failed, in one line: the first task that failed, and why. */
  readonly error?: string;
}

/** A UTC time as `2024-05-01T12:00:00Z`. */
const utcSeconds = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');

/** The pipeline's outputs for people: artifacts as their paths (one path, or a list for a list output). */
function presentOutputs(spec: PipelineSpec, parameters: Record<string, unknown>, artifacts: Record<string, RuntimeArtifact[]>): Record<string, unknown> {
  const listOutputs = spec.root.outputDefinitions?.artifacts ?? {};
  const out: Record<string, unknown> = { ...parameters };
  for (const [name, list] of Object.entries(artifacts)) {
    out[name] = listOutputs[name]?.isArtifactList || list.length !== 1 ? list.map((a) => a.uri) : list[0].uri;
  }
  return out;
}

/**
 * Runs a compiled pipeline locally.
 *
 * @example
 * import { compile, runLocal } from '@kfp-ts/compiler';
 * import { pipeline, t, tsComponent } from '@kfp-ts/dsl';
 * export const double = tsComponent({ name: 'double', inputs: { n: t.integer() }, outputs: { twice: t.integer() }, run: ({ n }) => ({ twice: 2 * n }) });
 * export const doubling = pipeline({ name: 'doubling', inputs: { n: t.integer() } }, ({ n }) => double({ n }).outputs.twice);
 * export async function runDoubling(): Promise<Record<string, unknown>> {
 *   const { pipelineSpec, platformSpec } = compile(doubling);
 *   const run = await runLocal(pipelineSpec, platformSpec, { params: { n: 21 }, outputRoot: 'local_outputs' });
 *   return run.outputs; // { Output: 42 } when run.state is 'SUCCEEDED'
 * }
 *
 * @throws LocalRunError before the run starts, when the pipeline cannot run (a bad or missing input, a
 * broken DAG); a task's failure does not throw: the run ends FAILED.
 */
export async function runLocal(spec: PipelineSpec, platformSpec?: PlatformSpec, options: LocalRunOptions = {}): Promise<LocalRunResult> {
  const started = new Date();
  const pipelineName = spec.pipelineInfo?.name ?? 'pipeline';
  checkDags(spec);
  const root = pipelineArguments(spec, options.params ?? {});
  const parallelism = options.parallelism ?? availableParallelism();
  if (!Number.isInteger(parallelism) || parallelism < 1) throw new LocalRunError(`parallelism must be a whole number of 1 or more, not ${parallelism}`);
  const scale = retryWaitScale(options.retryWaitScale);
  const outputRoot = resolve(options.outputRoot ?? 'local_outputs');
  const { runId, runDir } = createRunDir(outputRoot, pipelineName, options.runId);

  const taskStates: Record<string, { state: LocalTaskState; message?: string }> = {};
  const emit: LocalRunListener = (event: LocalRunEvent) => {
    if (event.type === 'task-state') taskStates[event.task] = { state: event.state, ...(event.message ? { message: event.message } : {}) };
    options.onEvent?.(event);
  };
  const ctx: RunContext = {
    spec,
    runId,
    runDir,
    runInfo: { runName: runId, runId: randomUUID(), pipelineRoot: outputRoot, createTime: utcSeconds(started) },
    emit,
    launch: options.launch ?? launchTask,
    slots: new Limiter(parallelism),
    ...(options.cache === false ? {} : { cache: new TaskCache(cacheDir(outputRoot, pipelineName)) }),
    retryWaitScale: scale,
    ...(options.tsComponents ? { tsComponents: options.tsComponents } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    workspaceDir: join(runDir, 'workspace'),
  };

  emit({ type: 'run-started', runId, pipelineName, outputDir: runDir });
  const ignored = ignoredSettingsWarning(spec, platformSpec);
  if (ignored) emit({ type: 'warning', message: ignored });

  const result = await runDag(ctx, { path: '', component: spec.root, parameters: root.parameters, artifacts: root.artifacts, outcomes: new Map() });
  const state: LocalRunState = result.state === 'SUCCEEDED' && !options.signal?.aborted ? 'SUCCEEDED' : 'FAILED';
  const outputs = presentOutputs(spec, result.parameters, result.artifacts);
  const durationMs = Date.now() - started.getTime();

  const error = result.cause ? describeFailure(result.cause) : state === 'FAILED' ? 'the run was cancelled' : undefined;

  const summary = { runId, pipelineName, state, startedAt: started.toISOString(), durationMs, ...(error ? { error } : {}), outputs, tasks: taskStates };
  writeFileSync(join(runDir, 'run.json'), JSON.stringify(summary, null, 2) + '\n');
  emit({ type: 'run-finished', state, durationMs, outputs });
  return { runId, state, outputs, runDir, ...(error ? { error } : {}) };
}
