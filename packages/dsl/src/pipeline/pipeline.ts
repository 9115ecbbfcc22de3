/**
 * `pipeline()`: declares a pipeline from typed inputs and a body that calls components. The body runs once,
 * when the pipeline is declared (as the Python SDK does), recording a graph. A pipeline is also a
 * component: call it inside another pipeline's body.
 */
import { ArtifactChannel, isChannel, ParameterChannel, type Channel } from '../channels/channel.js';
import { callerLocation, isKfpDefinitionError, KfpDefinitionError } from '../errors.js';
import { makeComponent, type Component } from '../components/component.js';
import { checkComponentInterface } from '../components/interface-checks.js';
import type { ChannelFor, IODecl } from '../components/typing.js';
import { artifactList, customArtifact, type ArtifactType } from '../types/artifacts.js';
import { parameterOf, type ParameterType, type ParameterTypeName } from '../types/parameters.js';
import type { IOType } from '../types/index.js';
import { withBuild } from './context.js';
import { pipelineOutputProblem } from './output-checks.js';
import type { PipelineGraph } from './graph.js';
import { applyTaskDefaults, prepareTaskDefaults, type TaskDefaults } from '../kubernetes/task-defaults.js';
import { checkedWorkspace, type WorkspaceConfig } from '../kubernetes/workspace.js';

/** The channels a pipeline body receives, one per declared input. */
export type InputChannels<I extends IODecl> = { readonly [K in keyof I]: ChannelFor<I[K]> };

/** What a pipeline body may return: nothing, one channel (output `Output`) or named channels. */
export type PipelineReturn = void | Channel | Readonly<Record<string, Channel>>;

type TypeOfChannel<C> = C extends ParameterChannel<infer P>
  ? ParameterType<P, false>
  : C extends ArtifactChannel<infer S, infer L>
    ? ArtifactType<S, L, false>
    : never;

/** The outputs a pipeline declares, derived from what its body returns. */
export type PipelineOutputs<R> = R extends Channel
  ? { Output: TypeOfChannel<R> }
  : R extends Readonly<Record<string, Channel>>
    ? { [K in keyof R]: TypeOfChannel<R[K]> }
    : {};

export interface PipelineOptions<I extends IODecl> {
  /** The pipeline's name: lowercase letters, digits and '-' after compilation (it is sanitized as in Python). */
  name: string;
  description?: string;
  /** The name shown in the KFP UI. */
  displayName?: string;
  /** Where runs store artifacts unless the run says otherwise, e.g. `s3://bucket/pipelines` (`pipeline_root` in Python). */
  pipelineRoot?: string;
  /** The pipeline's parameters and input artifacts. */
  inputs?: I;
  /**
   * Declared types of the outputs the body returns, to describe them
   * (`{ Output: t.dataset().describe('The joined dataset.') }`). Optional: without it the types come from
   * the returned channels. When given, it must name exactly the returned outputs, with matching types.
   */
  outputs?: Readonly<Record<string, IOType>>;
  /**
   * Settings every container task of this pipeline gets unless it sets its own (resources, GPU scheduling,
   * environment, Secrets, node selection, tolerations, …).
   */
  taskDefaults?: TaskDefaults;
  /** A volume shared by all tasks of a run, reached through `workspacePath` (kfp's `PipelineConfig(workspace=…)`). */
  workspace?: WorkspaceConfig;
}

/** A declared pipeline: a component whose implementation is a graph of tasks. */
export type Pipeline<I extends IODecl = IODecl, O extends IODecl = IODecl> = Component<I, O> & {
  /** The recorded graph. */
  readonly graph: PipelineGraph;
};

const PIPELINE_BRAND = Symbol.for('kfp-ts.pipeline');

/** True for pipelines made by any copy of this module. */
export function isPipeline(value: unknown): value is Pipeline {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[PIPELINE_BRAND] === true;
}

/**
 * Declares a pipeline.
 *
 * @example
 * import { containerComponent, pipeline, t } from '@kfp-ts/dsl';
 *
 * const echo = containerComponent({
 *   name: 'echo',
 *   inputs: { text: t.string() },
 *   image: 'alpine:3.20',
 *   command: ['echo'],
 *   args: ({ inputs }) => [inputs.text],
 * });
 *
 * export const hello = pipeline(
 *   { name: 'hello', inputs: { text: t.string().default('hi') } },
 *   ({ text }) => {
 *     echo({ text });
 *   },
 * );
 */
export function pipeline<I extends IODecl = {}, R extends PipelineReturn = void>(
  options: PipelineOptions<I>,
  body: (inputs: InputChannels<I>) => R,
): Pipeline<I, PipelineOutputs<R>> {
  const location = callerLocation();
  const inputs = (options.inputs ?? {}) as I;
  if (typeof options.name !== 'string' || options.name.trim() === '') {
    throw new KfpDefinitionError('a pipeline needs a non-empty name', { field: 'name', location });
  }
  if (!/[A-Za-z0-9]/.test(options.name)) {
    // The backend's name keeps only lowercase letters, digits and '-': nothing would be left.
    throw new KfpDefinitionError(
      `invalid pipeline name ${JSON.stringify(options.name)}: it must contain at least one letter or digit (other characters become '-')`,
      { pipeline: options.name, field: 'name', location },
    );
  }
  checkComponentInterface(options.name, inputs, {}, location);
  const taskDefaults = options.taskDefaults && prepareTaskDefaults(options.taskDefaults, options.name, location);
  const workspace = options.workspace && checkedWorkspace(options.workspace, options.name, location);

  const inputChannels: Record<string, Channel> = {};
  for (const [name, type] of Object.entries(inputs) as [string, IOType][]) {
    const source = { kind: 'pipeline-input' as const, name };
    inputChannels[name] =
      type.kind === 'parameter'
        ? new ParameterChannel(type.parameterType as ParameterTypeName, source, type.itemType)
        : new ArtifactChannel(type.schemaTitle, type.schemaVersion, type.isList, source);
  }

  let built;
  try {
    built = withBuild(options.name, location, (state) => {
      state.inputChannels = Object.values(inputChannels);
      return body(inputChannels as InputChannels<I>);
    });
  } catch (e) {
    if (isKfpDefinitionError(e) && !e.context.pipeline) {
      throw new KfpDefinitionError(e.message, { ...e.context, pipeline: options.name });
    }
    throw e;
  }
  const { state, result } = built;
  if (taskDefaults) applyTaskDefaults(state.tasks, taskDefaults);
  const outputs = pipelineOutputs(options.name, result, location);
  for (const [key, channel] of Object.entries(outputs)) {
    const problem = pipelineOutputProblem(state, channel);
    if (problem) throw new KfpDefinitionError(`pipeline output '${key}': ${problem}`, { pipeline: options.name, field: key, location });
  }
  const outputTypes = declaredOutputTypes(options.name, outputs, options.outputs, location);

  const graph: PipelineGraph = {
    name: options.name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
    ...(options.pipelineRoot !== undefined ? { pipelineRoot: options.pipelineRoot } : {}),
    inputs,
    outputs,
    ...(options.outputs !== undefined ? { outputTypes } : {}),
    root: state.groups[0],
    tasks: state.tasks,
    groups: state.groups,
    inputChannels,
    ...(workspace ? { workspace } : {}),
    ...(location ? { location } : {}),
  };

  const component = makeComponent<I, PipelineOutputs<R>>({
    name: options.name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    inputs,
    outputs: outputTypes,
    implementation: { kind: 'graph', graph: () => graph },
  });
  Object.defineProperty(component, 'graph', { value: graph, enumerable: true });
  Object.defineProperty(component, PIPELINE_BRAND, { value: true });
  return component as Pipeline<I, PipelineOutputs<R>>;
}

function pipelineOutputs(name: string, result: unknown, location: ReturnType<typeof callerLocation>): Record<string, Channel> {
  if (result === undefined || result === null) return {};
  if (isChannel(result)) return { Output: result };
  if (typeof result === 'object' && !Array.isArray(result)) {
    const out: Record<string, Channel> = {};
    for (const [key, value] of Object.entries(result)) {
      if (!isChannel(value)) {
        throw new KfpDefinitionError(
          `pipeline output '${key}' must be a task output (a channel), got ${typeof value}`,
          { pipeline: name, field: key, location },
        );
      }
      out[key] = value;
    }
    return out;
  }
  throw new KfpDefinitionError(
    'a pipeline body returns nothing, one task output, or an object of named task outputs',
    { pipeline: name, location },
  );
}

/** The declared type matching a channel (for pipeline outputs). */
function typeOfChannel(ch: Channel): IOType {
  if (ch.channelKind === 'parameter') return parameterOf(ch.parameterType);
  const single = customArtifact(ch.schemaTitle, ch.schemaVersion);
  return ch.isList ? artifactList(single) : single;
}

/** The pipeline's output types: the declared ones (checked against what the body returned), else the channels' types. */
function declaredOutputTypes(
  name: string,
  outputs: Record<string, Channel>,
  declared: Readonly<Record<string, IOType>> | undefined,
  location: ReturnType<typeof callerLocation>,
): Record<string, IOType> {
  const types: Record<string, IOType> = {};
  for (const [key, ch] of Object.entries(outputs)) types[key] = typeOfChannel(ch);
  if (declared === undefined) return types;
  const fail = (message: string, field?: string) => new KfpDefinitionError(message, { pipeline: name, field, location });
  for (const key of Object.keys(declared)) {
    if (!(key in outputs)) throw fail(`output '${key}' is declared but the body does not return it`, key);
  }
  for (const [key, actual] of Object.entries(types)) {
    const want = declared[key];
    if (!want) throw fail(`the body returns output '${key}', which is not among the declared outputs`, key);
    const same =
      want.kind === 'parameter'
        ? actual.kind === 'parameter' && actual.parameterType === want.parameterType
        : actual.kind === 'artifact' && actual.isList === want.isList && (want.schemaTitle === 'system.Artifact' || actual.schemaTitle === want.schemaTitle);
    if (!same) throw fail(`output '${key}' is declared as ${describeType(want)} but the body returns ${describeType(actual)}`, key);
    types[key] = want;
  }
  return types;
}

function describeType(type: IOType): string {
  if (type.kind === 'parameter') return type.parameterType;
  return type.isList ? `a list of ${type.schemaTitle}` : type.schemaTitle;
}
