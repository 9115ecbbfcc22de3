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
