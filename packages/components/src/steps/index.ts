/**
 * The prebuilt polyp-segmentation steps as typed kfp-ts components. The TypeScript steps run in one
 * image ({@link POLYP_COMPONENTS_IMAGE}); the ONNX export is a Python component in a PyTorch image.
 */
export { POLYP_COMPONENTS_IMAGE } from './image.js';
export { inspectDatasetStep } from './inspect-dataset.js';
export { qualityGateStep } from './quality-gate.js';
export { validateOnnxStep } from './validate-onnx.js';
export { deployKServeStep } from './deploy-kserve.js';
export { rayTrainStep } from './ray-train.js';
export { rayTuneStep } from './ray-tune.js';
export { mlflowLogRunStep } from './mlflow-log-run.js';
export { mlflowRegisterModelStep } from './mlflow-register-model.js';
export { mlflowFinalStatusStep } from './mlflow-final-status.js';
