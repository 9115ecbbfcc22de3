/**
 * TypeScript shapes of the KFP v2 IR documents this compiler writes (the protobuf JSON mapping of
 * `PipelineSpec` and the Kubernetes `PlatformSpec`), limited to what kfp-ts emits. The JSON Schemas in
 * this folder are the strict, complete description used for validation.
 */

import type { ParameterTypeName } from '@kfp-ts/dsl';

/** The IR's parameter type names (the DSL uses the same names). */
export type IrParameterType = ParameterTypeName;

export interface IrArtifactTypeSchema {
  schemaTitle: string;
  schemaVersion: string;
}

export interface IrParameterSpec {
  parameterType: IrParameterType;
  defaultValue?: unknown;
  isOptional?: boolean;
  description?: string;
}

export interface IrArtifactSpec {
  artifactType: IrArtifactTypeSchema;
  isArtifactList?: boolean;
  isOptional?: boolean;
  description?: string;
}

export interface IrInputsSpec {
  parameters?: Record<string, IrParameterSpec>;
  artifacts?: Record<string, IrArtifactSpec>;
}

export interface IrOutputsSpec {
  parameters?: Record<string, { parameterType: IrParameterType; description?: string }>;
  artifacts?: Record<string, IrArtifactSpec>;
}

export type IrParameterInput =
  | { componentInputParameter: string; parameterExpressionSelector?: string }
  | { taskOutputParameter: { producerTask: string; outputParameterKey: string }; parameterExpressionSelector?: string }
  | { runtimeValue: { constant: unknown } }
  | { taskFinalStatus: { producerTask: string } };

export type IrArtifactInput =
  | { componentInputArtifact: string }
  | { taskOutputArtifact: { producerTask: string; outputArtifactKey: string } };

export interface IrTaskSpec {
  taskInfo: { name: string };
  componentRef: { name: string };
  inputs?: { parameters?: Record<string, IrParameterInput>; artifacts?: Record<string, IrArtifactInput> };
  dependentTasks?: string[];
  cachingOptions?: { enableCache?: boolean; cacheKey?: string };
  triggerPolicy?: { condition?: string; strategy?: string };
  parameterIterator?: { items: { raw?: string; inputParameter?: string }; itemInput: string };
  artifactIterator?: { items: { inputArtifact: string }; itemInput: string };
  iteratorPolicy?: { parallelismLimit: number };
  retryPolicy?: Record<string, unknown>;
}

export interface IrDagOutputs {
  parameters?: Record<string, unknown>;
  artifacts?: Record<string, unknown>;
}

export interface IrComponentSpec {
  executorLabel?: string;
  dag?: { tasks: Record<string, IrTaskSpec>; outputs?: IrDagOutputs };
  inputDefinitions?: IrInputsSpec;
  outputDefinitions?: IrOutputsSpec;
  description?: string;
}

export interface IrContainerSpec {
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value: string }[];
  resources?: Record<string, unknown>;
}

export type IrExecutor = { container: IrContainerSpec } | { importer: Record<string, unknown> };

export interface PipelineSpec {
  pipelineInfo: { name: string; description?: string; displayName?: string };
  components: Record<string, IrComponentSpec>;
  deploymentSpec: { executors: Record<string, IrExecutor> };
  root: IrComponentSpec;
  schemaVersion: string;
  sdkVersion: string;
  defaultPipelineRoot?: string;
}

export interface PlatformSpec {
  platforms: { kubernetes: { deploymentSpec?: { executors: Record<string, unknown> }; pipelineConfig?: Record<string, unknown> } };
}

/** What the compiler produces: the PipelineSpec and, when a task has Kubernetes settings, the PlatformSpec. */
export interface CompiledPipeline {
  pipelineSpec: PipelineSpec;
  platformSpec?: PlatformSpec;
  /** Problems worth a look that do not stop compilation (e.g. a credential passed as a plain parameter). */
  warnings?: string[];
}
