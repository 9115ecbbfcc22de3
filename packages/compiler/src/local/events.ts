/**
 * What a local run reports while it goes: the progress view and the end-of-run summary are built from
 * these events alone, so the engine never prints.
 */

/** A task's state in a local run, named as in the KFP UI where the two overlap. */
export type LocalTaskState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'CACHED';

/** A run's final state. */
export type LocalRunState = 'SUCCEEDED' | 'FAILED';

export type LocalRunEvent =
  | {
      readonly type: 'run-started';
      readonly runId: string;
      readonly pipelineName: string;
      /** The run's folder, `./local_outputs/<run>`. */
      readonly outputDir: string;
    }
  | {
      readonly type: 'task-state';
      /** The task's path in the DAG, e.g. `train` or `for-loop-2[1]/condition-3/train`. */
      readonly task: string;
      readonly state: LocalTaskState;
      /** 1 for the first attempt; higher for retries. */
      readonly attempt?: number;
      /** Why a task failed or was skipped, in one line. */
      readonly message?: string;
    }
  | { readonly type: 'task-log'; readonly task: string; readonly stream: 'stdout' | 'stderr'; readonly line: string }
  | { readonly type: 'warning'; readonly message: string }
  | {
      readonly type: 'run-finished';
      readonly state: LocalRunState;
      readonly durationMs: number;
      /** The pipeline's outputs (parameters as values, artifacts as their local paths). */
      readonly outputs?: Readonly<Record<string, unknown>>;
    };

/** Receives a run's events in order. */
export type LocalRunListener = (event: LocalRunEvent) => void;
