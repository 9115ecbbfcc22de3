/**
 * @packageDocumentation
 * Prebuilt kfp-ts components and the library code they call: MLflow tracking and registry, datasets on
 * S3/MinIO, a metrics quality gate, ONNX checks, Ray jobs, KServe deployment.
 *
 * @module @kfp-ts/components
 */
export * from './mlflow/index.js';
export * from './s3/index.js';
export * from './gate/index.js';
export * from './onnx/index.js';
export * from './onnx/export-component.js';
export * from './http/index.js';
export * from './k8s/index.js';
export * from './ray/index.js';
export * from './kserve/index.js';
export * from './steps/index.js';
export { KFP_TASK_IDENTITY } from './steps/task-identity.js';
export { RAY_JOB_ENV, RESULTS_FILE, DEFAULT_RAY_IMAGE, type RayResults } from './steps/ray-results.js';
export { POLYP_SEARCH_SPACE } from './steps/ray-tune.js';
