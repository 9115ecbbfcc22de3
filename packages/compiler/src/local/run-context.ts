/**
 * What the parts of a local run share: the pipeline, the run's identity and folder, the way tasks are
 * launched, and the outcome of each task as the DAGs record them.
 */
import type { ComponentSpec } from '@kfp-ts/dsl';
import type { IrComponentSpec, PipelineSpec } from '../ir/types.js';
import type { TaskCache } from './cache.js';
import type { LocalRunListener } from './events.js';
import type { LocalLaunchRequest, LocalLaunchResult, LocalRunInfo, RuntimeArtifact } from './launch-types.js';
import type { Limiter } from './limiter.js';

/** Runs one container executor (the real launcher, or a stand-in in tests). */
export type LaunchTask = (request: LocalLaunchRequest) => Promise<LocalLaunchResult>;

export interface RunContext {
  readonly spec: PipelineSpec;
  readonly runId: string;
  readonly runDir: string;
  /** What the runtime placeholders stand for. */
  readonly runInfo: LocalRunInfo;
  readonly emit: LocalRunListener;
  readonly launch: LaunchTask;
  /** Caps how many container tasks run at once. */
  readonly slots: Limiter;
  /** The task cache, or undefined when caching is off for the run. */
  readonly cache?: TaskCache;
  /** Multiplies retry waits. */
  readonly retryWaitScale: number;
  /** The pipeline's TypeScript components, when it was loaded from its source. */
  readonly tsComponents?: ReadonlyMap<string, ComponentSpec>;
  /** Extra environment for every task. */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** The folder standing in for the pipeline's workspace volume (`{{$.workspace_path}}`). */
  readonly workspaceDir: string;
}

/** How a task ended, as its DAG records it. */
export type TaskEndState = 'SUCCEEDED' | 'CACHED' | 'FAILED' | 'SKIPPED';

export interface TaskOutcome {
  readonly state: TaskEndState;
  /** Output parameters (for a DAG task: the DAG's outputs; for a loop: lists across iterations). */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly artifacts: Readonly<Record<string, RuntimeArtifact[]>>;
  /** Why it failed or was skipped. */
  readonly message?: string;
  /** For a DAG or loop task that failed: the task inside it that failed first, and why (one line). */
  readonly cause?: FailureCause;
}

/** The task at the root of a failure, and why it failed. */
export interface FailureCause {
  readonly task: string;
  readonly reason: string;
}

/** One execution of a DAG: a pipeline, a nested pipeline, a condition's branch, one loop iteration. */
export interface DagScope {
  /** The DAG's path: '' for the root, `for-loop-2[0]` for an iteration, `exit-handler-1/condition-3`, … */
  readonly path: string;
  readonly component: IrComponentSpec;
  /** The DAG's input parameters; null stands for an optional input given no value. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly artifacts: Readonly<Record<string, RuntimeArtifact[]>>;
  /** The outcome of each of its tasks that has ended, by task name. */
  readonly outcomes: Map<string, TaskOutcome>;
}

/** A task's path: its DAG's path and its name. */
export function childPath(scope: DagScope | string, name: string): string {
  const prefix = typeof scope === 'string' ? scope : scope.path;
  return prefix ? `${prefix}/${name}` : name;
}

/** True when the task ran to success or was served from the cache. */
export const succeeded = (outcome: TaskOutcome | undefined): boolean => outcome?.state === 'SUCCEEDED' || outcome?.state === 'CACHED';

