/**
 * @packageDocumentation
 * kfp-ts compiler: pipelines declared with `@kfp-ts/dsl` → Kubeflow Pipelines v2 IR YAML, plus the
 * strict validation of IR documents that `kfp-ts validate` exposes.
 *
 * @module @kfp-ts/compiler
 */
export { compile, compileToFile, compileToYaml } from './compile.js';
export type { CompileOptions } from './compile.js';
export { buildPipelineSpec, DEFAULT_SDK_VERSION, SCHEMA_VERSION } from './build/pipeline-spec.js';
export { toYaml, sortKeys } from './emit/yaml.js';
export { validateDocuments, validateYamlText } from './validate/validate.js';
export type { SchemaIssue } from './validate/validate.js';
export { validatePipelineSpecSchema, validatePlatformSpecSchema } from './validate/schema.js';
export { pipelineSpecSchema } from './ir/pipeline-spec.schema.js';
export { platformSpecSchema } from './ir/platform-spec.schema.js';
export { writeBuildContext } from './build/ts-component/build-context.js';
export type { BuildContext, BuildContextOptions } from './build/ts-component/build-context.js';
export { MAX_EMBEDDED_BUNDLE_BYTES, IMAGE_ENTRY } from './build/ts-component/container.js';
export { pipelineGraph, groupHeading, allNodes } from './graph/model.js';
export type { PipelineGraph, GraphDag, GraphNode, GraphTask, GraphGroup, GraphEdge, GraphBadge, GroupKind, BadgeKind } from './graph/model.js';
export { graphToMermaid } from './graph/mermaid.js';
export { graphToSvg } from './graph/svg.js';
export { graphToHtml } from './graph/html.js';
export { runLocal } from './local/run-local.js';
export type { LocalRunOptions, LocalRunResult } from './local/run-local.js';
export { loadLocalPipeline } from './local/load-pipeline-file.js';
export type { LocalPipeline } from './local/load-pipeline-file.js';
export { LocalRunError } from './local/errors.js';
export type { LocalRunEvent, LocalRunListener, LocalRunState, LocalTaskState } from './local/events.js';
export type * from './ir/types.js';
export * from './client/index.js';
