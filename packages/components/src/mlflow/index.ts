/**
 * MLflow tracking and model registry over the REST API: what the polyp pipeline's logging and
 * registration components call.
 */
export {
  DEFAULT_TRACKING_URI,
  mlflowConnectionFromEnv,
  describeConnection,
  type MlflowAuth,
  type MlflowConnection,
  type MlflowConnectionOverrides,
} from './config.js';
export { MlflowApiError, MlflowValidationError, MlflowErrorCode, hasErrorCode } from './errors.js';
export { MlflowTransport, type MlflowCallOptions, type MlflowLogger, type ArtifactFileInfo } from './transport.js';
export { getOrCreateExperiment, getExperimentByName, type ExperimentOptions } from './experiments.js';
export { KFP_TAGS, identityKey, identityTags, type KfpTaskIdentity } from './identity.js';
export { ensureRun, findRunByIdentity, getRun, setRunStatus, type EnsureRunOptions, type EnsuredRun } from './runs.js';
export {
  LOG_BATCH_LIMITS,
  logRunData,
  planLogBatches,
  type LogBatch,
  type MetricPoint,
  type RunLogData,
} from './log-batch.js';
export { proxyRoot, uploadArtifacts, uploadArtifactContent, type UploadedArtifact } from './artifacts.js';
export {
  ensureRegisteredModel,
  getRegisteredModel,
  ensureModelVersion,
  findModelVersion,
  searchModelVersionsByRun,
  waitForModelVersionReady,
  setModelAlias,
  getModelVersionByAlias,
  checkAlias,
  type ModelVersionOptions,
  type EnsuredModelVersion,
} from './registry.js';
export { logTrainingRun, type TrainingRunSpec, type TrainingRunResult } from './log-training-run.js';
export {
  recordPipelineFinalStatus,
  mlflowStatusForKfpState,
  FINAL_STATUS_TAGS,
  type PipelineFinalStatus,
  type RecordedFinalStatus,
} from './final-status.js';
export type { Experiment, Run, RunInfo, RunStatus, ModelVersion, ModelVersionStatus, RegisteredModel } from './types.js';
