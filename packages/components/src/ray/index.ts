/** Ray training: KubeRay RayJobs, and jobs on an existing Ray cluster through the Ray Jobs REST API. */
export { POLYP_RAY_DEFAULTS, polypTrainingEntrypoint, shellQuote } from './defaults.js';
export {
  buildRayJob,
  specHash,
  MAX_RAY_JOB_NAME_LENGTH,
  SPEC_HASH_ANNOTATION,
  type RayJobOptions,
  type RayJobManifest,
  type RayJobStatus,
  type RayPodOptions,
  type RayWorkerGroupOptions,
} from './rayjob-manifest.js';
export {
  runRayJob,
  ensureRayJob,
  waitForRayJob,
  rayJobTerminalState,
  RayJobFailedError,
  RayJobTimeoutError,
  RayJobConflictError,
  type RunRayJobOptions,
  type RayJobOutcome,
  type RayJobCleanup,
} from './rayjob.js';
export {
  RayJobsClient,
  runRayClusterJob,
  RayClusterJobFailedError,
  RayClusterJobTimeoutError,
  RaySubmissionConflictError,
  TERMINAL_RAY_JOB_STATES,
  tail,
  withScheme,
  type RayJobsClientOptions,
  type RayJobSubmitRequest,
  type RayJobSubmitResponse,
  type RayJobDetails,
  type RayJobState,
  type RayVersionInfo,
  type RunRayClusterJobOptions,
  type RayClusterJobResult,
} from './ray-jobs-api.js';
