/**
 * @packageDocumentation
 * kfp-ts authoring DSL: declare components and pipelines for Kubeflow Pipelines v2 with typed inputs and
 * outputs. Compile them with `@kfp-ts/compiler` (or `npx kfp-ts compile`).
 *
 * @module @kfp-ts/dsl
 */
export * as t from './types/index.js';
export type { IOType } from './types/index.js';
export type { ParameterType, ParameterTypeName, ParameterValueOf, TaskFinalStatusValue } from './types/parameters.js';
export { valueFitsParameterType } from './types/parameters.js';
export type { ArtifactType, SystemSchemaTitle } from './types/artifacts.js';

export {
  ArtifactChannel,
  ParameterChannel,
  isChannel,
  channelById,
  channelsInString,
  hasChannelTokens,
  CHANNEL_TOKEN_PATTERN,
} from './channels/channel.js';
export type { Channel, ChannelSource, Condition } from './channels/channel.js';

export { makeComponent, isComponent, channelMismatch } from './components/component.js';
export type { Component } from './components/component.js';
export type { ComponentSpec, ComponentImplementation, ContainerSpec, ImporterSpec, IrComponentSource } from './components/component-spec.js';
export type {
  ArgumentFor,
  ChannelFor,
  ComponentArguments,
  IODecl,
  ItemChannel,
  OutputChannels,
} from './components/typing.js';
export type { KfpTypeError } from './components/type-errors.js';
export { containerComponent } from './components/container-component.js';
export type { ContainerComponentOptions, CommandLine } from './components/container-component.js';
export { pythonComponent, DEFAULT_KFP_VERSION } from './components/python-component.js';
export type { PythonComponentOptions } from './components/python-component.js';
export { tsComponent, isTsComponent, DEFAULT_NODE_IMAGE } from './components/ts-component.js';
export type { TsComponent, TsComponentOptions } from './components/ts-component.js';
export type {
  InputArtifact,
  OutputArtifact,
  MetricsOutput,
  ClassificationMetricsOutput,
  HtmlOutput,
  MarkdownOutput,
  OutputArtifactFor,
  RunFunction,
  RunInputs,
  RunInputValue,
  RunOutputs,
  RunResult,
} from './components/ts-component-io.js';
export type { TypeScriptSource, NpmPackage } from './components/component-spec.js';
export { importer } from './components/importer.js';
export type { ImporterOptions } from './components/importer.js';
export { loadComponentFromText, loadComponentFromFile } from './components/load-yaml.js';
export type { LoadComponentOptions, LoadedInputs, LoadedOutputs } from './components/load-yaml.js';
export {
  concat,
  ifPresent,
  runtime,
  ConcatPlaceholder,
  IfPresentPlaceholder,
  InputArtifactPlaceholder,
  InputArtifactListPlaceholder,
  InputValuePlaceholder,
  OutputArtifactPlaceholder,
  OutputParameterPlaceholder,
} from './components/placeholders.js';
export type { CommandPart } from './components/placeholders.js';

export { pipeline, isPipeline } from './pipeline/pipeline.js';
export type { Pipeline, PipelineOptions, PipelineOutputs, InputChannels } from './pipeline/pipeline.js';
export { asPipeline } from './pipeline/component-pipeline.js';
export type { AnyComponent } from './pipeline/component-pipeline.js';
export { isTask } from './pipeline/task.js';
export type { Task, TaskBase } from './pipeline/task.js';
export type { TaskConfig, RetryPolicy, Dynamic } from './pipeline/task-config.js';
export { durationSeconds } from './pipeline/quantities.js';
export type { GroupNode, GroupKind, LoopItems, PipelineGraph, TaskNode, ArgumentValue } from './pipeline/graph.js';
export { enclosingGroups } from './pipeline/context.js';

export { If } from './control/condition.js';
export type { ConditionChain } from './control/condition.js';
export { ParallelFor } from './control/parallel-for.js';
export type { LoopItem, ParallelForOptions } from './control/parallel-for.js';
export { Collected } from './control/collected.js';
export { OneOf } from './control/one-of.js';
export { ExitHandler } from './control/exit-handler.js';

export { createPvc, deletePvc, workspacePath, WORKSPACE_MOUNT_PATH } from './kubernetes/index.js';
export type {
  DefaultKeysAsEnv,
  DefaultKeysAsVolume,
  DynamicValue,
  EmptyDirMount,
  EphemeralVolume,
  GpuScheduling,
  InitContainer,
  KeysAsEnv,
  KeysAsVolume,
  KubernetesConfig,
  KubernetesTaskMethods,
  NodeAffinityTerm,
  NodeSelectorRequirement,
  OptionalResource,
  PvcMount,
  SecurityContext,
  TaskDefaults,
  Toleration,
  WorkspaceConfig,
} from './kubernetes/index.js';

export { KfpDefinitionError, isKfpDefinitionError, callerLocation } from './errors.js';
export type { ErrorContext, SourceLocation } from './errors.js';
export { pythonJsonDumps } from './python-json.js';
