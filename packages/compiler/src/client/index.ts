/** Client of the Kubeflow Pipelines REST API v2beta1. */
export { KfpClient } from './kfp-client.js';
export type { KfpClientOptions, CreateRunRequest, WaitForRunOptions } from './kfp-client.js';
export type { KfpConnection } from './http.js';
export type { RetryPolicy } from './retry.js';
export { KfpApiError, KfpConnectionError, KfpWaitTimeoutError } from './errors.js';
export { TERMINAL_RUN_STATES } from './types.js';
export type { KfpExperiment, KfpPipeline, KfpPipelineVersion, KfpRun, KfpRuntimeState, KfpStatus, KfpTaskDetail } from './types.js';
