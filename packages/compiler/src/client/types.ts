/**
 * The KFP REST API v2beta1 resources the client reads and writes, as the API serves them in JSON
 * (snake_case field names, enums as strings, timestamps as RFC 3339 strings). Only the fields the client
 * uses are typed; the server may send more.
 */

/** A pipeline: a named group of versions. */
export interface KfpPipeline {
  pipeline_id: string;
  name?: string;
  display_name?: string;
  description?: string;
  created_at?: string;
  namespace?: string;
}

/** One uploaded pipeline spec of a pipeline. */
export interface KfpPipelineVersion {
  pipeline_id: string;
  pipeline_version_id: string;
  name?: string;
  display_name?: string;
  description?: string;
  created_at?: string;
}

/** An experiment groups runs; the API names it by `display_name`. */
export interface KfpExperiment {
  experiment_id: string;
  display_name: string;
  description?: string;
  created_at?: string;
  namespace?: string;
  storage_state?: 'STORAGE_STATE_UNSPECIFIED' | 'AVAILABLE' | 'ARCHIVED';
}

/** The state of a run or of one of its tasks. */
export type KfpRuntimeState =
  | 'RUNTIME_STATE_UNSPECIFIED'
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'SKIPPED'
  | 'FAILED'
  | 'CANCELING'
  | 'CANCELED'
  | 'PAUSED';

/** The states after which a run does not change any more. */
export const TERMINAL_RUN_STATES: readonly KfpRuntimeState[] = ['SUCCEEDED', 'FAILED', 'CANCELED', 'SKIPPED'];

/** The `google.rpc.Status` the API uses for errors. */
export interface KfpStatus {
  code?: number;
  message?: string;
}

/** One task (or DAG, driver, executor) of a run, from `run_details.task_details`. */
export interface KfpTaskDetail {
  task_id?: string;
  display_name?: string;
  state?: KfpRuntimeState;
  start_time?: string;
  end_time?: string;
  parent_task_id?: string;
  error?: KfpStatus;
}

/** A run of a pipeline version. */
export interface KfpRun {
  run_id: string;
  experiment_id?: string;
  display_name?: string;
  description?: string;
  pipeline_version_reference?: { pipeline_id?: string; pipeline_version_id?: string };
  runtime_config?: { parameters?: Record<string, unknown>; pipeline_root?: string };
  service_account?: string;
  created_at?: string;
  finished_at?: string;
  state?: KfpRuntimeState;
  error?: KfpStatus;
  run_details?: { task_details?: KfpTaskDetail[] };
}
