/**
 * ONNX model checks with ONNX Runtime (CPU) and Triton model repositories. `onnxruntime-node` is loaded
 * only when a model is validated.
 */
export { parseNpy, readNpy, formatNpy, writeNpy, type FloatTensor } from './npy.js';
export { loadReferenceSamples, type ReferenceSample } from './reference-samples.js';
export { overlapScores, sigmoid, type OverlapScores } from './segmentation-metrics.js';
export {
  validateOnnxModel,
  requireValid,
  validationMetrics,
  OnnxValidationError,
  type OnnxValidationOptions,
  type OnnxValidationReport,
  type DeclaredValue,
  type DynamicAxes,
  type InferenceCheck,
} from './validate.js';
export {
  tritonConfigText,
  tritonConfigFromReport,
  writeTritonRepository,
  type TritonModelConfig,
  type TritonTensor,
  type TritonRepositoryFiles,
} from './triton.js';
export { prepareTritonModel, type PrepareTritonModelOptions } from './prepare-triton-model.js';
