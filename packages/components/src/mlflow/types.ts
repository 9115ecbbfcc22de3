/**
 * The JSON shapes of the MLflow REST API (2.0 endpoints) that the client reads and writes. Field names are
 * the wire names. int64 fields may arrive as numbers or as strings (protobuf JSON), so they are read with
 * `Number(...)` where a number is needed.
 */

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: 'active' | 'deleted';
  tags?: KeyValue[];
}

export interface KeyValue {
  key: string;
  value: string;
}

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface RunInfo {
  run_id: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id: string;
  status: RunStatus;
  start_time?: number | string;
  end_time?: number | string;
  artifact_uri: string;
  lifecycle_stage?: 'active' | 'deleted';
}

export interface WireMetric {
  key: string;
  /** A number, or `"NaN"`, `"Infinity"`, `"-Infinity"` (protobuf JSON for non-finite doubles). */
  value: number | string;
  timestamp: number;
  step: number;
}

export interface RunData {
  metrics?: WireMetric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

export interface Run {
  info: RunInfo;
  data?: RunData;
}

export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export interface ModelVersion {
  name: string;
  version: string;
  source?: string;
  run_id?: string;
  status?: ModelVersionStatus;
  status_message?: string;
  tags?: KeyValue[];
  aliases?: string[];
  creation_timestamp?: number | string;
}

export interface RegisteredModel {
  name: string;
  aliases?: Array<{ alias: string; version: string }>;
  tags?: KeyValue[];
}
