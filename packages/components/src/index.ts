export * from './mlflow/index.js';
export * from './s3/index.js';
export * from './gate/index.js';
export * from './onnx/index.js';
