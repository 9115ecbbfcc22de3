/**
 * @packageDocumentation
 * The kfp-ts container runtime: the executor of TypeScript function components. The compiler bundles it
 * with a component's code; inside the container it reads the executor input the KFP launcher passes, maps
 * artifact URIs to the launcher's local paths, calls the component's `run`, and writes the output
 * parameters and the executor output file the launcher reads back.
 */
export { main, runFromCommandLine, parseArguments, reportEscapedErrors } from './main.js';
export type { EntryOptions } from './main.js';
export { registerComponent, registeredComponent, checkAuthoringCall } from './registry.js';
export { execute } from './executor.js';
export type { ExecutorOutput, RunFunction } from './executor.js';
export { parseExecutorInput } from './executor-input.js';
export type { ExecutorInput, RuntimeArtifact } from './executor-input.js';
export { localPathForUri, mountRoot, MOUNT_ROOT_ENV } from './local-paths.js';
export {
  OutputArtifact,
  MetricsArtifact,
  ClassificationMetricsArtifact,
  HtmlArtifact,
  MarkdownArtifact,
} from './artifacts.js';
export type { InputArtifact } from './artifacts.js';
export type { TaskFinalStatus } from './parameters.js';
export type { ComponentInterface, IODeclaration, ParameterDeclaration, ArtifactDeclaration, ParameterTypeName } from './interface.js';
export { ExecutorError } from './errors.js';
