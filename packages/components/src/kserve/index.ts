/** Model serving with KServe: InferenceService deployment, readiness, and an Open Inference Protocol smoke test. */
export { POLYP_KSERVE_DEFAULTS, POLYP_CPU_SERVICE, POLYP_GPU_SERVICE, POLYP_SMOKE_TEST } from './defaults.js';
export {
  buildInferenceService,
  DEPLOYMENT_MODE_ANNOTATION,
  type InferenceServiceOptions,
  type InferenceServiceManifest,
  type InferenceServiceStatus,
  type KServeDeploymentMode,
  type TransformerOptions,
} from './inference-service-manifest.js';
export {
  deployInferenceService,
  applyInferenceService,
  waitForInferenceServiceReady,
  isReady,
  failingCondition,
  InferenceServiceNotReadyError,
  InferenceServiceFailedError,
  type DeployInferenceServiceOptions,
  type DeployedInferenceService,
  type FailingCondition,
} from './inference-service.js';
export {
  OpenInferenceClient,
  smokeTestModel,
  concreteShape,
  shapeMatches,
  SmokeTestError,
  type OpenInferenceClientOptions,
  type SmokeTestOptions,
  type SmokeTestResult,
  type InferDatatype,
  type InferRequest,
  type InferResponse,
  type InferTensor,
  type ModelMetadata,
  type TensorMetadata,
} from './open-inference.js';
