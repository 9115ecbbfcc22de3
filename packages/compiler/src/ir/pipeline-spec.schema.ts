/**
 * JSON Schema (draft-07, for ajv) of the first YAML document a KFP v2 compiler writes: `PipelineSpec` from
 * kubeflow/pipelines `api/v2alpha1/pipeline_spec.proto`, in the protobuf JSON mapping the Python compiler emits:
 * lowerCamelCase field names, enums by name, int64 as an integer or a decimal string.
 *
 * Strict on purpose: every message rejects unknown fields, so a misspelt or snake_case field fails here instead of
 * being dropped without a word by the backend's proto parser. Fields marked deprecated in the proto are still
 * accepted: older goldens use them.
 */
import type { SchemaObject } from 'ajv';

// ---------------------------------------------------------------------------------------------------------------
// Building blocks for proto messages in their JSON mapping (shared with the PlatformSpec schema).
// ---------------------------------------------------------------------------------------------------------------

/** A proto message: an object holding only the listed fields. */
export function message(fields: Record<string, SchemaObject>, extra: SchemaObject = {}): SchemaObject {
  return { type: 'object', properties: fields, additionalProperties: false, ...extra };
}

/** A proto `map<string, V>`: any key, each value checked. */
export function mapOf(values: SchemaObject): SchemaObject {
  return { type: 'object', additionalProperties: values };
}

/** A proto `repeated` field. */
export function repeated(items: SchemaObject): SchemaObject {
  return { type: 'array', items };
}

export function ref(definition: string): SchemaObject {
  return { $ref: `#/definitions/${definition}` };
}

/**
 * A proto enum by name. The zero (`*_UNSPECIFIED`) names are left out: proto3 JSON never writes a zero enum, so one
 * in a document means the writer meant something else.
 */
export function enumOf(...names: string[]): SchemaObject {
  return { enum: names };
}

/**
 * A proto `oneof`: at most one member may be present; with `required`, exactly one (for groups the backend cannot
 * do without, such as where a task input comes from). Each branch only tests presence, so the validator can name
 * the members in its message; the members' own shapes live in `properties`.
 */
export function oneof(members: string[], options: { required: boolean }): SchemaObject {
  const present = members.map((member) => ({ required: [member] }));
  return { oneOf: options.required ? present : [{ not: { anyOf: present } }, ...present] };
}

export const string: SchemaObject = { type: 'string' };
export const bool: SchemaObject = { type: 'boolean' };
export const strings: SchemaObject = repeated(string);
export const stringMap: SchemaObject = mapOf(string);

// `description` doubles as the noun of the validator's message ("must be <description>").
export const int32: SchemaObject = {
  type: 'integer',
  minimum: -2147483648,
  maximum: 2147483647,
  description: 'a 32-bit integer',
};

/** int64 is written as a decimal string by protobuf JSON (the Python compiler does so); parsers also take a number. */
export const int64: SchemaObject = {
  type: ['integer', 'string'],
  pattern: '^-?[0-9]+$',
  description: 'an integer or a string of decimal digits (proto int64)',
};

/** double: a JSON number, or one of the three strings protobuf JSON uses for non-finite values. */
export const double: SchemaObject = {
  type: ['number', 'string'],
  pattern: '^(NaN|-?Infinity)$',
  description: 'a number',
};

/** google.protobuf.Duration: seconds with up to nine decimals and an `s` suffix, e.g. "3600s". */
export const duration: SchemaObject = {
  type: 'string',
  pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$',
  description: 'a duration such as "3600s" (google.protobuf.Duration)',
};

/** google.protobuf.Value: any JSON value, null included. */
export const anyValue: SchemaObject = {};

/** google.protobuf.Struct: any JSON object. */
export const struct: SchemaObject = { type: 'object' };

// ---------------------------------------------------------------------------------------------------------------
// Messages of pipeline_spec.proto, in the order a reader meets them in a document.
// ---------------------------------------------------------------------------------------------------------------

const parameterType = enumOf(
  'NUMBER_DOUBLE',
  'NUMBER_INTEGER',
  'STRING',
  'BOOLEAN',
  'LIST',
  'STRUCT',
  'TASK_FINAL_STATUS',
  'TASK_CONFIG',
);

/** PrimitiveType.PrimitiveTypeEnum: the deprecated `type` of schemaVersion 2.0.0 documents. */
const primitiveType = enumOf('INT', 'DOUBLE', 'STRING');

/** Definitions shared by reference; also reused by the PlatformSpec schema (it embeds InputParameterSpec). */
export const pipelineSpecDefinitions: Record<string, SchemaObject> = {
  PipelineInfo: message(
    { name: string, displayName: string, description: string },
    { required: ['name'] },
  ),

  ComponentSpec: message(
    {
      inputDefinitions: ref('ComponentInputsSpec'),
      outputDefinitions: ref('ComponentOutputsSpec'),
      dag: ref('DagSpec'),
      executorLabel: string,
      singlePlatformSpecs: repeated(ref('SinglePlatformSpec')),
      taskConfigPassthroughs: repeated(
        message({
          field: enumOf(
            'RESOURCES',
            'ENV',
            'KUBERNETES_AFFINITY',
            'KUBERNETES_TOLERATIONS',
            'KUBERNETES_NODE_SELECTOR',
            'KUBERNETES_VOLUMES',
          ),
          applyToTask: bool,
        }),
      ),
    },
    // oneof implementation: a component is either a DAG or runs one executor.
    oneof(['dag', 'executorLabel'], { required: true }),
  ),

  ComponentInputsSpec: message({
    artifacts: mapOf(
      message(
        {
          artifactType: ref('ArtifactTypeSchema'),
          isArtifactList: bool,
          isOptional: bool,
          description: string,
        },
        { required: ['artifactType'] },
      ),
    ),
    parameters: mapOf(
      message({
        type: primitiveType,
        parameterType,
        defaultValue: anyValue,
        isOptional: bool,
        description: string,
        // Literal[...] constraint: the only values the parameter accepts.
        literals: repeated(anyValue),
      }),
    ),
  }),

  ComponentOutputsSpec: message({
    artifacts: mapOf(
      message(
        {
          artifactType: ref('ArtifactTypeSchema'),
          properties: mapOf(ref('ValueOrRuntimeParameter')),
          customProperties: mapOf(ref('ValueOrRuntimeParameter')),
          metadata: struct,
          isArtifactList: bool,
          description: string,
        },
        { required: ['artifactType'] },
      ),
    ),
    parameters: mapOf(message({ type: primitiveType, parameterType, description: string })),
  }),

  ArtifactTypeSchema: message(
    { schemaTitle: string, schemaUri: string, instanceSchema: string, schemaVersion: string },
    oneof(['schemaTitle', 'schemaUri', 'instanceSchema'], { required: true }),
  ),

  DagSpec: message({ tasks: mapOf(ref('PipelineTaskSpec')), outputs: ref('DagOutputsSpec') }),

  DagOutputsSpec: message({
    artifacts: mapOf(message({ artifactSelectors: repeated(ref('ArtifactSelectorSpec')) })),
    // DagOutputParameterSpec; field 3 (a map-of-selectors kind) is reserved, so MapParameterSelectorsSpec is unused.
    parameters: mapOf(
      message(
        {
          valueFromParameter: ref('ParameterSelectorSpec'),
          valueFromOneof: message({ parameterSelectors: repeated(ref('ParameterSelectorSpec')) }),
        },
        oneof(['valueFromParameter', 'valueFromOneof'], { required: true }),
      ),
    ),
  }),

  ArtifactSelectorSpec: message(
    { producerSubtask: string, outputArtifactKey: string },
    { required: ['producerSubtask', 'outputArtifactKey'] },
  ),

  ParameterSelectorSpec: message(
    { producerSubtask: string, outputParameterKey: string },
    { required: ['producerSubtask', 'outputParameterKey'] },
  ),

  PipelineTaskSpec: message(
    {
      taskInfo: message({ name: string }, { required: ['name'] }),
      inputs: ref('TaskInputsSpec'),
      dependentTasks: strings,
      cachingOptions: message({ enableCache: bool, cacheKey: string }),
      componentRef: message({ name: string }, { required: ['name'] }),
      triggerPolicy: message({
        condition: string,
        strategy: enumOf('ALL_UPSTREAM_TASKS_SUCCEEDED', 'ALL_UPSTREAM_TASKS_COMPLETED'),
      }),
      // The KFP backend rejects artifactIterator today, but it is part of the proto and of one corpus golden.
      artifactIterator: ref('ArtifactIteratorSpec'),
      parameterIterator: ref('ParameterIteratorSpec'),
      retryPolicy: message({
        maxRetryCount: int32,
        backoffDuration: duration,
        backoffFactor: double,
        backoffMaxDuration: duration,
      }),
      iteratorPolicy: message({ parallelismLimit: int32 }),
    },
    {
      required: ['taskInfo', 'componentRef'],
      ...oneof(['artifactIterator', 'parameterIterator'], { required: false }),
    },
  ),

  ArtifactIteratorSpec: message(
    {
      items: message({ inputArtifact: string }, { required: ['inputArtifact'] }),
      itemInput: string,
    },
    { required: ['items', 'itemInput'] },
  ),

  ParameterIteratorSpec: message(
    {
      items: message(
        // raw: a JSON array literal as a string; inputParameter: the name of an input holding one.
        { raw: string, inputParameter: string },
        oneof(['raw', 'inputParameter'], { required: true }),
      ),
      itemInput: string,
    },
    { required: ['items', 'itemInput'] },
  ),

  TaskInputsSpec: message({
    parameters: mapOf(ref('InputParameterSpec')),
    artifacts: mapOf(ref('InputArtifactSpec')),
  }),

  InputParameterSpec: message(
    {
      taskOutputParameter: ref('TaskOutputParameterSpec'),
      runtimeValue: ref('ValueOrRuntimeParameter'),
      componentInputParameter: string,
      taskFinalStatus: message({ producerTask: string }, { required: ['producerTask'] }),
      // A CEL expression applied to the value found through the kind above (e.g. to pick a struct field).
      parameterExpressionSelector: string,
    },
    oneof(['taskOutputParameter', 'runtimeValue', 'componentInputParameter', 'taskFinalStatus'], { required: true }),
  ),

  TaskOutputParameterSpec: message(
    { producerTask: string, outputParameterKey: string },
    { required: ['producerTask', 'outputParameterKey'] },
  ),

  InputArtifactSpec: message(
    {
      taskOutputArtifact: message(
        { producerTask: string, outputArtifactKey: string },
        { required: ['producerTask', 'outputArtifactKey'] },
      ),
      componentInputArtifact: string,
    },
    oneof(['taskOutputArtifact', 'componentInputArtifact'], { required: true }),
  ),

  ValueOrRuntimeParameter: message(
    {
      // Deprecated: the typed ml_pipelines.Value; `constant` (a google.protobuf.Value) replaced it.
      constantValue: ref('Value'),
      runtimeParameter: string,
      constant: anyValue,
    },
    oneof(['constantValue', 'runtimeParameter', 'constant'], { required: true }),
  ),

  /** ml_pipelines.Value (not google.protobuf.Value): one typed scalar. */
  Value: message(
    { intValue: int64, doubleValue: double, stringValue: string },
    oneof(['intValue', 'doubleValue', 'stringValue'], { required: true }),
  ),

  /**
   * PipelineSpec.deploymentSpec is a google.protobuf.Struct in the proto, but every compiler and the backend put a
   * PipelineDeploymentConfig there, so it is checked as one.
   */
  PipelineDeploymentConfig: message({ executors: mapOf(ref('ExecutorSpec')) }),

  ExecutorSpec: message(
    {
      container: ref('PipelineContainerSpec'),
      importer: ref('ImporterSpec'),
      resolver: ref('ResolverSpec'),
      // Deprecated Google Cloud AI Platform CustomJob, passed through as a Struct.
      customJob: message({ customJob: struct }),
    },
    oneof(['container', 'importer', 'resolver', 'customJob'], { required: true }),
  ),

  PipelineContainerSpec: message(
    {
      image: string,
      command: strings,
      args: strings,
      lifecycle: message({ preCacheCheck: message({ command: strings, args: strings }) }),
      resources: message({
        // Deprecated numeric forms (cores, GB); the resource* strings also take placeholders.
        cpuLimit: double,
        memoryLimit: double,
        cpuRequest: double,
        memoryRequest: double,
        resourceCpuLimit: string,
        resourceMemoryLimit: string,
        resourceCpuRequest: string,
        resourceMemoryRequest: string,
        accelerator: message({
          type: string, // deprecated: resourceType
          count: int64, // deprecated: resourceCount
          resourceType: string,
          resourceCount: string,
        }),
      }),
      env: repeated(message({ name: string, value: string }, { required: ['name'] })),
    },
    { required: ['image'] },
  ),

  ImporterSpec: message(
    {
      artifactUri: ref('ValueOrRuntimeParameter'),
      typeSchema: ref('ArtifactTypeSchema'),
      properties: mapOf(ref('ValueOrRuntimeParameter')),
      customProperties: mapOf(ref('ValueOrRuntimeParameter')),
      reimport: bool,
      metadata: struct,
      downloadToWorkspace: bool,
    },
    { required: ['artifactUri', 'typeSchema'] },
  ),

  ResolverSpec: message({
    outputArtifactQueries: mapOf(message({ filter: string, limit: int32 })),
  }),

  /** A component's platform-specific config; inside PipelineSpec the platform is not known, so executors are Structs. */
  SinglePlatformSpec: message({
    deploymentSpec: message({ executors: mapOf(struct) }),
    platform: string,
    config: struct,
    pipelineConfig: ref('PipelineConfig'),
  }),

  /** Pipeline-level options. The proto spells this field `pipelineConfig` itself, so its JSON name is unchanged. */
  PipelineConfig: message({
    resourceTtlOnCompletion: int32,
    workspace: ref('WorkspaceConfig'),
    resourceTtlOnSuccess: int32,
    resourceTtlOnFailure: int32,
    activeDeadlineSeconds: int32,
  }),

  WorkspaceConfig: message({
    size: string, // a Kubernetes quantity such as "250Gi"
    kubernetes: message({ pvcSpecPatch: struct }),
  }),
};

/** The first YAML document of a compiled pipeline. */
export const pipelineSpecSchema: SchemaObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'KFP v2 PipelineSpec',
  ...message(
    {
      pipelineInfo: ref('PipelineInfo'),
      deploymentSpec: ref('PipelineDeploymentConfig'),
      sdkVersion: string, // e.g. "kfp-2.15.2"
      schemaVersion: string, // "2.1.0" for current compilers
      components: mapOf(ref('ComponentSpec')),
      root: ref('ComponentSpec'),
      defaultPipelineRoot: string,
    },
    { required: ['pipelineInfo', 'root', 'schemaVersion'] },
  ),
  definitions: pipelineSpecDefinitions,
};
