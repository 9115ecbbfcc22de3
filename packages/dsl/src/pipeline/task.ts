/**
 * A task: one call of a component inside a pipeline, with its output channels and its settings.
 */
import { ArtifactChannel, hasChannelTokens, isChannel, ParameterChannel, type Channel } from '../channels/channel.js';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import type { ComponentSpec } from '../components/component-spec.js';
import type { HasSingleOutput, IODecl, OutputChannels, ChannelFor } from '../components/typing.js';
import type { TaskNode } from './graph.js';
import type { Dynamic, RetryPolicy, TaskConfig } from './task-config.js';
import { acceleratorCountProblem, cpuProblem, durationProblem, memoryProblem } from './quantities.js';
import { currentBuild, isBuilding } from './context.js';
import { valueScopeProblem } from './channel-scope.js';
import { installKubernetesMethods, type KubernetesTaskMethods } from '../kubernetes/task-methods.js';

const TASK_BRAND = Symbol.for('kfp-ts.task');

/** The methods and outputs every task has (Kubernetes settings included). */
export interface TaskBase<O extends IODecl> extends KubernetesTaskMethods {
  /** The task's graph node (read by the compiler). */
  readonly node: TaskNode;
  /** The task's outputs, by name. */
  readonly outputs: OutputChannels<O>;
  /** Runs this task only after `tasks` have finished. */
  after(...tasks: TaskBase<IODecl>[]): this;
  /** The name shown for the task in the KFP UI. */
  setDisplayName(name: string): this;
  /** CPU request: cores (`'0.5'`) or millicores (`'500m'`). */
  setCpuRequest(cpu: Dynamic<string>): this;
  /** CPU limit: cores (`'2'`) or millicores (`'1500m'`). */
  setCpuLimit(cpu: Dynamic<string>): this;
  /** Memory request, e.g. `'512Mi'` or `'4G'`. */
  setMemoryRequest(memory: Dynamic<string>): this;
  /** Memory limit, e.g. `'512Mi'` or `'4G'`. */
  setMemoryLimit(memory: Dynamic<string>): this;
  /** Accelerator resource type, e.g. `'nvidia.com/gpu'`. */
  setAcceleratorType(type: Dynamic<string>): this;
  /** How many accelerators the task gets (a whole number). */
  setAcceleratorLimit(count: Dynamic<number | string>): this;
  /**
   * Sets accelerator type and count together.
   *
   * @example
   * import { containerComponent, pipeline } from '@kfp-ts/dsl';
   * const train = containerComponent({ name: 'train', image: 'ghcr.io/acme/train:1.0' });
   * export const training = pipeline({ name: 'training' }, () => {
   *   train().setGpu('nvidia.com/gpu', 2);
   * });
   */
  setGpu(type: Dynamic<string>, count: Dynamic<number | string>): this;
  /** Sets an environment variable in the task's container. */
  setEnvVariable(name: string, value: string): this;
  /** Turns result caching on or off; a cache key makes results reusable across otherwise different tasks. */
  setCachingOptions(enableCaching: boolean, cacheKey?: string): this;
  /** Retries the task when it fails. */
  setRetry(policy: RetryPolicy): this;
  /** Runs the task even when upstream tasks failed (inputs from them fall back to their defaults). */
  ignoreUpstreamFailure(): this;
  /** Replaces the image of the task's container; a string parameter (pipeline input or task output) picks it at run time. */
  setContainerImage(image: Dynamic<string>): this;
}

/**
 * A task. `output` exists only when the component has exactly one output; otherwise use `outputs.<name>`.
 */
export type Task<O extends IODecl> = TaskBase<O> &
  (HasSingleOutput<O> extends true ? { readonly output: ChannelFor<O[keyof O]> } : unknown);

/** True for tasks made by any copy of this module. */
export function isTask(value: unknown): value is TaskBase<IODecl> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TASK_BRAND] === true;
}

class PipelineTask implements TaskBase<IODecl> {
  readonly [TASK_BRAND] = true;
  readonly node: TaskNode;
  readonly outputs: OutputChannels<IODecl>;

  constructor(node: TaskNode) {
    this.node = node;
    const outputs: Record<string, Channel> = {};
    for (const [name, type] of Object.entries(node.component.outputs)) {
      const source = { kind: 'task-output' as const, task: node, output: name };
      outputs[name] =
        type.kind === 'parameter'
          ? new ParameterChannel(type.parameterType, source, type.itemType)
          : new ArtifactChannel(type.schemaTitle, type.schemaVersion, type.isList, source);
    }
    this.outputs = Object.freeze(outputs) as OutputChannels<IODecl>;
  }

  /** The only output; an error when the component has none or several. */
  get output(): Channel {
    const names = Object.keys(this.outputs);
    if (names.length !== 1) {
      throw this.error(
        names.length === 0
          ? `component '${this.node.component.name}' has no outputs, so its task has no .output`
          : `component '${this.node.component.name}' has ${names.length} outputs (${names.join(', ')}); use .outputs.<name> instead of .output`,
      );
    }
    return this.outputs[names[0]];
  }

  private error(message: string, field?: string): KfpDefinitionError {
    return new KfpDefinitionError(message, { task: this.node.component.name, field, location: callerLocation() });
  }

  private configure(update: Partial<TaskConfig>): this {
    Object.assign(this.node.config, update);
    return this;
  }

  /** A channel given to a setting must be usable where the task is (same pipeline, inside its loop). */
  private checkScope(field: string, value: unknown): void {
    if (!isBuilding()) return;
    const problem = valueScopeProblem(currentBuild('a task setting'), value, this.node.parent);
    if (problem) throw this.error(problem, field);
  }

  private checkDynamic(field: string, value: unknown, problem?: (v: string) => string | undefined): void {
    this.checkScope(field, value);
    if (isChannel(value)) {
      if (value.channelKind !== 'parameter') throw this.error('an artifact cannot be used as a resource setting', field);
      if (value.source.kind === 'collected') throw this.error('a Collected list cannot be used as a resource setting', field);
      // The backend reads these settings as text: a number or other value would arrive empty.
      if (value.parameterType !== 'STRING' && value.source.kind !== 'loop-item') {
        throw this.error(`a setting taken from a pipeline value must be a STRING parameter, got ${value.parameterType}`, field);
      }
      return;
    }
    if (typeof value !== 'string') throw this.error(`expected a string, got ${JSON.stringify(value)}`, field);
    const p = problem?.(value);
    if (p) throw this.error(p, field);
  }

  after(...tasks: TaskBase<IODecl>[]): this {
    for (const t of tasks) {
      if (!isTask(t)) throw this.error('after() takes tasks (the results of component calls)', 'after');
      if (t.node === this.node) throw this.error('a task cannot run after itself', 'after');
      if (isBuilding() && !currentBuild('after()').tasks.includes(t.node)) {
        throw this.error(`task '${t.node.component.name}' belongs to another pipeline; after() takes tasks of the same pipeline`, 'after');
      }
      if (!this.node.after.includes(t.node)) this.node.after.push(t.node);
    }
    return this;
  }

  setDisplayName(name: string): this {
    if (typeof name !== 'string' || name === '') throw this.error('the display name must be a non-empty string', 'displayName');
    return this.configure({ displayName: name });
  }

  setCpuRequest(cpu: Dynamic<string>): this {
    this.checkDynamic('cpuRequest', cpu, cpuProblem);
    return this.configure({ cpuRequest: cpu });
  }

  setCpuLimit(cpu: Dynamic<string>): this {
    this.checkDynamic('cpuLimit', cpu, cpuProblem);
    return this.configure({ cpuLimit: cpu });
  }

  setMemoryRequest(memory: Dynamic<string>): this {
    this.checkDynamic('memoryRequest', memory, memoryProblem);
    return this.configure({ memoryRequest: memory });
  }

  setMemoryLimit(memory: Dynamic<string>): this {
    this.checkDynamic('memoryLimit', memory, memoryProblem);
    return this.configure({ memoryLimit: memory });
  }

  setAcceleratorType(type: Dynamic<string>): this {
    this.checkDynamic('acceleratorType', type, (v) => (v.trim() === '' ? 'the accelerator type must not be empty' : undefined));
    return this.configure({ acceleratorType: type });
  }

  setAcceleratorLimit(count: Dynamic<number | string>): this {
    const value = typeof count === 'number' ? String(count) : count;
    if (typeof count === 'number' && !Number.isInteger(count)) {
      throw this.error(`'${count}' is not an accelerator count: use a whole number of at least 1`, 'acceleratorLimit');
    }
    this.checkDynamic('acceleratorLimit', value, acceleratorCountProblem);
    return this.configure({ acceleratorLimit: value });
  }

  setGpu(type: Dynamic<string>, count: Dynamic<number | string>): this {
    return this.setAcceleratorType(type).setAcceleratorLimit(count);
  }

  setEnvVariable(name: string, value: string): this {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw this.error(`'${name}' is not a valid environment variable name`, 'env');
    if (typeof value !== 'string') throw this.error(`the value of '${name}' must be a string`, 'env');
    return this.configure({ env: { ...this.node.config.env, [name]: value } });
  }

  setCachingOptions(enableCaching: boolean, cacheKey?: string): this {
    if (typeof enableCaching !== 'boolean') throw this.error('setCachingOptions takes true or false', 'cachingOptions');
    if (cacheKey !== undefined && typeof cacheKey !== 'string') throw this.error('the cache key must be a string', 'cachingOptions');
    // Each call replaces both settings, as in the Python SDK: no key given clears an earlier one.
    return this.configure({ enableCaching, cacheKey });
  }

  setRetry(policy: RetryPolicy): this {
    const { maxRetryCount, backoffDuration, backoffFactor, backoffMaxDuration } = policy;
    if (!Number.isInteger(maxRetryCount) || maxRetryCount < 0) {
      throw this.error(`maxRetryCount must be a whole number of at least 0, got ${maxRetryCount}`, 'retryPolicy');
    }
    for (const [field, d] of [['backoffDuration', backoffDuration], ['backoffMaxDuration', backoffMaxDuration]] as const) {
      if (d === undefined) continue;
      const problem = typeof d === 'string' ? durationProblem(d) : `expected a duration string such as '30s', got ${JSON.stringify(d)}`;
      if (problem) throw this.error(problem, `retryPolicy.${field}`);
    }
    if (backoffFactor !== undefined && !(backoffFactor > 0)) {
      throw this.error(`backoffFactor must be a positive number, got ${backoffFactor}`, 'retryPolicy.backoffFactor');
    }
    return this.configure({ retry: { ...policy } });
  }

  ignoreUpstreamFailure(): this {
    // An input fed by a task that failed gets no value: it must be able to fall back to its default.
    for (const [name, value] of Object.entries(this.node.args)) {
      if (!isChannel(value) || value.source.kind !== 'task-output') continue;
      const type = this.node.component.inputs[name];
      if (type?.kind === 'parameter' && !type.hasDefault && !type.optional) {
        throw this.error(
          `ignoreUpstreamFailure() needs a default value on every input fed by an upstream task, in case that task fails; input '${name}' (fed by task '${value.source.task.component.name}') has none`,
          name,
        );
      }
    }
    return this.configure({ ignoreUpstreamFailure: true });
  }

  setContainerImage(image: Dynamic<string>): this {
    this.checkDynamic('containerImage', image, (v) => {
      if (v.trim() === '') return 'the image must be a non-empty string';
      // The backend substitutes a whole value only, never a value inside a longer text.
      if (hasChannelTokens(v)) return 'the image cannot be a template literal with pipeline values in it; pass the channel itself, or build the name in a component and pass its output';
      return undefined;
    });
    if (this.node.component.implementation.kind !== 'container') {
      throw this.error('only tasks of container components have an image to replace', 'containerImage');
    }
    return this.configure({ containerImage: image });
  }
}

// The Kubernetes methods live in their own module; tasks get them through the prototype.
interface PipelineTask extends KubernetesTaskMethods {}
installKubernetesMethods(PipelineTask.prototype);

/** Adds a task for `component` with `args` to the pipeline being built. */
export function createTask(component: ComponentSpec, args: Record<string, unknown>): PipelineTask {
  const state = currentBuild(`component '${component.name}'`);
  const parent = state.open[state.open.length - 1];
  for (const [input, value] of Object.entries(args)) {
    const problem = valueScopeProblem(state, value, parent);
    if (problem) {
      throw new KfpDefinitionError(`input '${input}': ${problem}`, { task: component.name, field: input, location: callerLocation() });
    }
  }
  const node: TaskNode = {
    nodeKind: 'task',
    index: state.tasks.length,
    component,
    args,
    config: {},
    after: [],
    parent,
    location: callerLocation(),
  };
  state.tasks.push(node);
  parent.children.push(node);
  return new PipelineTask(node);
}
