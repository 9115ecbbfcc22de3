/**
 * One pipeline graph → its IR: the root DAG, a component per task and per group, executors, and the
 * inputs that carry values into sub-DAGs. Follows the Python compiler's conventions step by step:
 *
 * 1. name tasks and groups;
 * 2. find the channels each task reads (arguments, resource settings, enclosing conditions);
 * 3. surface fan-ins (Collected) and OneOf values as group outputs;
 * 4. thread every channel into the groups between its producer and its consumer;
 * 5. lift dependencies to the first uncommon ancestors (siblings in one DAG);
 * 6. emit components, tasks and executors, parents before children, exit tasks last.
 */
import {
  durationSeconds,
  isChannel,
  isKfpDefinitionError,
  KfpDefinitionError,
  pythonJsonDumps,
  type Channel,
  type GroupNode,
  type ParameterChannel,
  type PipelineGraph,
  type TaskNode,
} from '@kfp-ts/dsl';
import type {
  IrComponentSpec,
  IrDagOutputs,
  IrInputsSpec,
  IrOutputsSpec,
  IrParameterInput,
  IrArtifactInput,
  IrTaskSpec,
} from '../ir/types.js';
import {
  channelsInValue,
  fullName,
  inputNameOf,
  loopItemRef,
  producerName,
  typeOfChannel,
  type ChannelRef,
  type ChannelType,
  type NameScope,
} from './channel-refs.js';
import { conditionChannels, renderBranchCondition } from './conditions.js';
import { containerExecutor, DYNAMIC_SETTINGS, importerExecutor } from './executor.js';
import { hasKubernetesConfig, kubernetesChannels, kubernetesExecutorConfig } from './platform-spec.js';
import { inputDefinitions, outputDefinitions } from './interface.js';
import { componentKey, executorLabel, makeUnique, parameterPlaceholder, sanitizeK8sName } from './names.js';
import { Topology, type GraphNode } from './topology.js';
import { findCycle } from './cycles.js';
import type { SpecAccumulator } from './spec-accumulator.js';

export interface GraphBuildOptions {
  /** Cache results unless a task says otherwise (the Python SDK's default). */
  enableCachingByDefault: boolean;
  /** Compiles a pipeline used as a component (memoized by the caller). */
  compileSubPipeline: (graph: PipelineGraph) => { accumulator: SpecAccumulator; root: IrComponentSpec };
}

/** A value surfaced as a group output (a fan-in or a OneOf). */
interface GroupOutput {
  type: ChannelType;
  oneOf: boolean;
  selectors: { producer: GraphNode; key: string }[];
}

/** Why one sibling depends on another: a task (in or under it) depends on `upstream` (in or under the other). */
interface DependencyReason {
  task: TaskNode;
  upstream: GraphNode;
}

const LOOP_SELECTOR = (key: string) => `parseJson(string_value)["${key}"]`;

export class GraphBuilder implements NameScope {
  private readonly topology: Topology;
  private readonly taskNames = new Map<TaskNode, string>();
  private readonly refCache = new Map<Channel, ChannelRef>();
  /** Channels threaded into each group, by input name. */
  private readonly groupInputs = new Map<GroupNode, Map<string, ChannelRef>>();
  private readonly groupOutputs = new Map<GroupNode, Map<string, GroupOutput>>();
  /** Dependencies between siblings: node → names it depends on. */
  private readonly dependencies = new Map<GraphNode, Set<string>>();
  /** The same dependencies as edges between nodes, each with the task-level dependency that caused it. */
  private readonly dependencyEdges = new Map<GraphNode, Map<GraphNode, DependencyReason>>();
  /** Per task: the refs its arguments and settings read (resolved for that task). */
  private readonly taskRefs = new Map<TaskNode, Map<Channel, ChannelRef>>();

  constructor(
    private readonly graph: PipelineGraph,
    private readonly options: GraphBuildOptions,
    private readonly out: SpecAccumulator,
  ) {
    this.topology = new Topology(graph);
    const taken = new Set<string>();
    const nextIndex = new Map<string, number>();
    for (const task of graph.tasks) {
      const name = makeUnique(sanitizeK8sName(task.component.name) || 'task', taken, nextIndex);
      taken.add(name);
      this.taskNames.set(task, name);
    }
  }

  // ---- naming ------------------------------------------------------------------------------------

  taskName(task: TaskNode): string {
    return this.taskNames.get(task)!;
  }

  groupName(group: GroupNode): string {
    return group.groupKind === 'pipeline' ? 'root' : `${group.groupKind}-${group.id}`;
  }

  private nodeName(node: GraphNode): string {
    return node.nodeKind === 'task' ? this.taskName(node) : this.groupName(node);
  }

  private displayName(node: GraphNode): string {
    return node.nodeKind === 'task' ? (node.config.displayName ?? this.taskName(node)) : (node.displayName ?? this.groupName(node));
  }

  private fail(message: string, node?: GraphNode, field?: string): KfpDefinitionError {
    return new KfpDefinitionError(message, {
      pipeline: this.graph.name,
      ...(node ? { task: this.nodeName(node) } : {}),
      ...(field ? { field } : {}),
      // Without a node, the error concerns the whole pipeline: point at its declaration.
      ...(node?.location ? { location: node.location } : this.graph.location ? { location: this.graph.location } : {}),
    });
  }

  // ---- channel references ------------------------------------------------------------------------

  /** The reference for a channel that needs no surfacing (everything but Collected/OneOf). */
  private baseRef(channel: Channel): ChannelRef {
    const cached = this.refCache.get(channel);
    if (cached) return cached;
    const src = channel.source;
    let ref: ChannelRef;
    switch (src.kind) {
      case 'pipeline-input':
        if (this.graph.inputChannels && this.graph.inputChannels[src.name] !== channel) {
          throw this.fail(`pipeline input '${src.name}' of another pipeline is used here; pass it in as an input of this pipeline instead`);
        }
        ref = { channel, name: src.name, type: typeOfChannel(channel) };
        break;
      case 'task-output':
        if (!this.taskNames.has(src.task)) {
          throw this.fail(`a channel from task '${src.task.component.name}' of another pipeline is used here; pass it in as a pipeline input instead`);
        }
        ref = { channel, name: src.output, producer: src.task, type: typeOfChannel(channel) };
        break;
      case 'loop-item': {
        const item = loopItemRef(this, src.loop, (c) => this.baseRef(c));
        if (src.field === undefined) {
          ref = item;
        } else {
          ref = {
            channel,
            name: `${item.name}-subvar-${src.field}`,
            ...(item.producer ? { producer: item.producer } : {}),
            type: typeOfChannel(channel),
            loop: src.loop,
            field: { key: src.field, item },
          };
        }
        break;
      }
      default:
        throw new Error(`channel of kind ${src.kind} needs a consumer to resolve`);
    }
    this.refCache.set(channel, ref);
    return ref;
  }

  /** The reference a consumer sees: fan-ins and OneOf values are surfaced through groups first. */
  private refFor(channel: Channel, consumer: GraphNode | 'pipeline-output'): ChannelRef {
    const src = channel.source;
    if (src.kind === 'collected') return this.surfaceCollected(channel, consumer);
    if (src.kind === 'oneof') return this.surfaceOneOf(channel);
    return this.baseRef(channel);
  }

  private addGroupOutput(group: GroupNode, name: string, output: GroupOutput): void {
    let outs = this.groupOutputs.get(group);
    if (!outs) this.groupOutputs.set(group, (outs = new Map()));
    outs.set(name, output);
  }

  private listType(type: ChannelType): ChannelType {
    return type.kind === 'parameter' ? { kind: 'parameter', parameterType: 'LIST' } : { ...type, isList: true };
  }

  /** Surfaces a `Collected` value through every group between its producer and the consumer. */
  private surfaceCollected(channel: Channel, consumer: GraphNode | 'pipeline-output'): ChannelRef {
    const src = channel.source as Extract<Channel['source'], { kind: 'collected' }>;
    const inner = this.baseRef(src.inner);
    const producer = inner.producer as TaskNode;
    let groups: GroupNode[];
    if (consumer === 'pipeline-output') {
      groups = this.topology.ancestors(producer).slice(1); // all but the root
    } else {
      const pair = this.topology.uncommon(producer, consumer);
      if (!pair) throw this.fail('Collected cannot feed an exit task', consumer);
      const up = pair[0].slice(0, -1) as GroupNode[];
      if (!up.some((g) => g.groupKind === 'for-loop')) {
        throw this.fail(
          `Collected can only fan in outputs of a task inside a ParallelFor to a task outside that ParallelFor; task '${this.taskName(producer)}' is not in a ParallelFor that leaves out task '${this.nodeName(consumer)}'`,
          consumer,
        );
      }
      if (up[0].groupKind === 'condition' || up[0].groupKind === 'exit-handler') {
        throw this.fail(
          `when Collected fans in outputs from a ParallelFor, that ParallelFor cannot be nested in ${up[0].groupKind === 'condition' ? 'an If/Elif/Else' : 'an ExitHandler'} unless the consumer is too: task '${this.nodeName(consumer)}' consumes from '${this.taskName(producer)}'`,
          consumer,
        );
      }
      groups = up;
    }
    const key = `pipelinechannel--${this.taskName(producer)}-${inner.name}`;
    let from: { producer: GraphNode; key: string } = { producer, key: inner.name };
    let outer: GroupNode | undefined;
    for (const g of [...groups].reverse()) {
      this.addGroupOutput(g, key, { type: this.listType(inner.type), oneOf: false, selectors: [from] });
      from = { producer: g, key };
      outer = g;
    }
    if (!outer) throw this.fail('Collected is used on an output that is not produced inside a ParallelFor');
    return { channel, name: key, producer: outer, type: this.listType(inner.type) };
  }

  /** Surfaces a `OneOf` value from each branch up to its `condition-branches` group. */
  private surfaceOneOf(channel: Channel): ChannelRef {
    const cached = this.refCache.get(channel);
    if (cached) return cached;
    const src = channel.source as Extract<Channel['source'], { kind: 'oneof' }>;
    const wrapper = src.group;
    const wrapperName = this.groupName(wrapper);
    const selectors: { producer: GraphNode; key: string }[] = [];
    let type: ChannelType | undefined;
    for (const branchChannel of src.branches) {
      const ref = this.baseRef(branchChannel);
      const producer = ref.producer as TaskNode;
      type ??= ref.type;
      const chain = this.topology.chain(producer)!;
      const between = chain.slice(chain.indexOf(wrapper) + 1, -1) as GroupNode[];
      const key = `pipelinechannel--${this.taskName(producer)}-${ref.name}`;
      let from: { producer: GraphNode; key: string } = { producer, key: ref.name };
      for (const g of [...between].reverse()) {
        this.addGroupOutput(g, key, { type: ref.type, oneOf: false, selectors: [from] });
        from = { producer: g, key };
      }
      selectors.push(from);
    }
    const name = `pipelinechannel--${wrapperName}-oneof-${src.index}`;
    this.addGroupOutput(wrapper, name, { type: type!, oneOf: true, selectors });
    const ref: ChannelRef = { channel, name, producer: wrapper, type: type! };
    this.refCache.set(channel, ref);
    return ref;
  }

  /** The chain a loop item or field is carried along: most specific first, the outermost list last. */
  private loopChain(ref: ChannelRef): ChannelRef[] {
    const chain: ChannelRef[] = [];
    let x: ChannelRef | undefined = ref;
    while (x && x.loop) {
      chain.push(x);
      x = x.field ? x.field.item : x.items;
    }
    if (x) chain.push(x);
    return chain;
  }

  /** True when `g` is a loop that makes `ref` (its list, or an outer value it narrows) unnecessary below it. */
  private loopNarrows(g: GroupNode, ref: ChannelRef): boolean {
    if (g.groupKind !== 'for-loop') return false;
    const loopArg = fullName(this, loopItemRef(this, g, (c) => this.baseRef(c)));
    const name = fullName(this, ref);
    // The Python compiler tests containment; a name followed by a '-' separator is the same relation
    // without matching unrelated names that merely contain each other.
    return loopArg === name || loopArg.startsWith(`${name}-`);
  }

  // ---- analysis ----------------------------------------------------------------------------------

  /**
   * The channels a task's arguments hold, those of its channel-valued settings, and those its Kubernetes
   * settings read (threaded like arguments, but not task inputs: the PlatformSpec refers to them directly).
   */
  private taskChannels(task: TaskNode): { data: Channel[]; settings: Channel[]; platform: Channel[] } {
    const data: Channel[] = [];
    for (const value of Object.values(task.args)) channelsInValue(value, data);
    const settings: Channel[] = [];
    for (const [field] of DYNAMIC_SETTINGS) {
      const v = task.config[field];
      if (isChannel(v) && !settings.includes(v)) settings.push(v);
    }
    const platform: Channel[] = kubernetesChannels(task.config.kubernetes).filter((c) => !data.includes(c) && !settings.includes(c));
    return { data, settings, platform };
  }

  /** Channels read by the conditions of every branch enclosing a task. */
  private enclosingConditionChannels(node: GraphNode): ParameterChannel[] {
    const out: ParameterChannel[] = [];
    for (const g of this.topology.ancestors(node)) {
      if (g.groupKind !== 'condition') continue;
      for (const ch of conditionChannels(g.negatedConditions ?? [], g.condition)) if (!out.includes(ch)) out.push(ch);
    }
    return out;
  }

  private addInput(group: GroupNode, ref: ChannelRef): void {
    let inputs = this.groupInputs.get(group);
    if (!inputs) this.groupInputs.set(group, (inputs = new Map()));
    const name = inputNameOf(this, ref);
    if (!inputs.has(name)) inputs.set(name, ref);
  }

  private addDependency(node: GraphNode, on: GraphNode, because: DependencyReason): void {
    let deps = this.dependencies.get(node);
    if (!deps) this.dependencies.set(node, (deps = new Set()));
    deps.add(this.nodeName(on));
    let edges = this.dependencyEdges.get(node);
    if (!edges) this.dependencyEdges.set(node, (edges = new Map()));
    if (!edges.has(on)) edges.set(on, because);
  }

  /** Siblings that wait for each other in a circle can never start: reject the cycle, naming its members. */
  private checkCycles(): void {
    const cycle = findCycle(this.dependencyEdges.keys(), (node) => this.dependencyEdges.get(node)?.keys() ?? []);
    if (!cycle) return;
    const name = (node: GraphNode) => `'${this.nodeName(node)}'`;
    const via: string[] = [];
    for (let i = 0; i + 1 < cycle.length; i++) {
      const because = this.dependencyEdges.get(cycle[i])!.get(cycle[i + 1])!;
      if (because.task !== cycle[i] || because.upstream !== cycle[i + 1]) {
        // A dependency lifted to enclosing blocks: name the tasks it comes from.
        const who = because.task === cycle[i] ? 'it' : `task ${name(because.task)} in ${name(cycle[i])}`;
        const whom = because.upstream === cycle[i + 1] ? name(cycle[i + 1]) : `${name(because.upstream)} in ${name(cycle[i + 1])}`;
        via.push(`${name(cycle[i])} waits for ${name(cycle[i + 1])} because ${who} waits for ${whom}`);
      }
    }
    const firstTask = cycle.find((n): n is TaskNode => n.nodeKind === 'task') ?? this.dependencyEdges.get(cycle[0])!.get(cycle[1])!.task;
    throw this.fail(
      `dependency cycle: ${cycle.map(name).join(' → ')}; each waits for the next (through .after() or by using its outputs), so none can start` +
        (via.length ? ` (${via.join('; ')})` : ''),
      firstTask,
    );
  }

  private analyze(): void {
    for (const task of this.graph.tasks) {
      const isExit = this.topology.exitTasks.has(task);
      const { data, settings, platform } = this.taskChannels(task);
      const conditionInputs = isExit ? [] : this.enclosingConditionChannels(task);
      const refs = new Map<Channel, ChannelRef>();
      const all = [...data, ...settings, ...platform, ...conditionInputs].filter((c, i, arr) => arr.indexOf(c) === i);
      for (const ch of all) {
        if (isExit && ch.source.kind !== 'pipeline-input') {
          throw this.fail('an exit task can only take constants and pipeline inputs, not task outputs or loop items', task);
        }
        const ref = this.refFor(ch, task);
        if (ref.loop && !this.topology.ancestors(task).includes(ref.loop)) {
          throw this.fail(
            `task '${this.taskName(task)}' uses the item of ParallelFor '${this.groupName(ref.loop)}' outside that loop; a loop item exists only inside its loop body`,
            task,
          );
        }
        refs.set(ch, ref);
      }
      this.taskRefs.set(task, refs);
      if (isExit) continue;

      // Thread each channel into the groups on the consumer's side.
      for (const ch of all) this.threadInto(task, refs.get(ch)!, data.includes(ch) || settings.includes(ch) || platform.includes(ch));

      // Dependencies: producers of data, settings and enclosing conditions, and `.after()`.
      const upstream = new Set<GraphNode>();
      for (const ch of all) {
        const ref = refs.get(ch)!;
        const producer = ref.field ? ref.field.item.producer : ref.producer;
        if (producer) upstream.add(producer);
      }
      for (const t of task.after) upstream.add(this.topology.exitTasks.has(t) ? t : t);
      const exchanged = [...data, ...platform];
      for (const up of upstream) this.dependOn(task, up, exchanged.some((c) => refs.get(c)!.producer === up && !refs.get(c)!.loop));
    }
  }

  /** Adds the inputs a channel needs on every group between its producer (or the root) and `task`. */
  private threadInto(task: TaskNode, ref: ChannelRef, readByTask: boolean): void {
    const chain = this.loopChain(ref);
    const producer = chain[chain.length - 1].producer ?? ref.producer;
    if (producer) {
      const pair = this.topology.uncommon(producer, task);
      if (!pair) throw this.fail(`task '${this.nodeName(producer)}' is an exit task; its outputs cannot be used`, task);
      for (const node of pair[1]) {
        if (node.nodeKind !== 'group') continue;
        this.addInput(node, chain[chain.length - 1]);
        if (this.loopNarrows(node, chain[chain.length - 1])) {
          chain.pop();
          if (!chain.length) break;
        }
      }
    } else if (ref.loop && ref.loop.loopItems?.kind === 'literal' && !chain[chain.length - 1].items && chain[chain.length - 1].loop) {
      // A literal-list item: threaded bottom-up, from the task to its loop.
      for (const g of [...this.topology.ancestors(task)].reverse()) {
        if (g.groupKind === 'pipeline') continue;
        this.addInput(g, chain[0]);
        if (this.loopNarrows(g, chain[0])) {
          chain.shift();
          if (!chain.length) break;
        }
      }
      // A task reads a field from the whole item (with a selector), so every group between the item's loop
      // and the task carries the item too. (The Python compiler leaves it out there, and the backend then
      // cannot resolve the task's input.)
      if (ref.field && readByTask) {
        for (const g of [...this.topology.ancestors(task)].reverse()) {
          if (g === ref.loop) break;
          this.addInput(g, ref.field.item);
        }
      }
    } else {
      // A pipeline input (or a loop over one): threaded top-down from the root.
      for (const g of this.topology.ancestors(task)) {
        if (g.groupKind === 'pipeline') {
          if (this.loopNarrows(g, chain[chain.length - 1])) chain.pop();
          continue;
        }
        this.addInput(g, chain[chain.length - 1]);
        if (this.loopNarrows(g, chain[chain.length - 1])) {
          chain.pop();
          if (!chain.length) break;
        }
      }
    }
  }

  /** Records that `task` runs after `upstream`, on the first uncommon ancestors of the two. */
  private dependOn(task: TaskNode, upstream: GraphNode, dataExchange: boolean): void {
    const pair = this.topology.uncommon(upstream, task);
    if (!pair) throw this.fail(`task '${this.nodeName(upstream)}' is an exit task; no task can depend on it`, task);
    const [up, down] = pair;
    const between = up.slice(0, -1) as GroupNode[];
    if (between.length) {
      const outer = between[0];
      if (outer.groupKind === 'condition' || outer.groupKind === 'exit-handler' || outer.groupKind === 'condition-branches') {
        const where = outer.groupKind === 'exit-handler' ? 'an ExitHandler' : 'an If/Elif/Else branch';
        throw this.fail(
          `task '${this.taskName(task)}' depends on task '${this.nodeName(upstream)}' inside ${where} that does not contain it; ` +
            'a task can only depend on tasks in its own or enclosing blocks (use OneOf for branch outputs)',
          task,
        );
      }
      if (outer.groupKind === 'for-loop' && dataExchange) {
        throw this.fail(
          `task '${this.taskName(task)}' uses an output of task '${this.nodeName(upstream)}' from inside a ParallelFor that does not contain it; fan the outputs in with Collected(...)`,
          task,
        );
      }
    }
    this.addDependency(down[0], up[0], { task, upstream });
  }

  // ---- inputs of tasks ---------------------------------------------------------------------------

  private isSibling(producer: GraphNode, dag: GroupNode): boolean {
    return producer.parent === dag;
  }

  /** A leaf task's input for a channel argument, as seen from `dag` (the task's parent). */
  private parameterInputFor(ref: ChannelRef, dag: GroupNode): IrParameterInput {
    if (ref.field) {
      return { componentInputParameter: inputNameOf(this, ref.field.item), parameterExpressionSelector: LOOP_SELECTOR(ref.field.key) };
    }
    if (ref.loop) return { componentInputParameter: inputNameOf(this, ref) };
    if (ref.producer && this.isSibling(ref.producer, dag)) {
      return { taskOutputParameter: { producerTask: producerName(this, ref.producer), outputParameterKey: ref.name } };
    }
    if (ref.producer) return { componentInputParameter: inputNameOf(this, ref) };
    return { componentInputParameter: dag.groupKind === 'pipeline' ? ref.name : inputNameOf(this, ref) };
  }

  private artifactInputFor(ref: ChannelRef, dag: GroupNode): IrArtifactInput {
    if (ref.loop) return { componentInputArtifact: inputNameOf(this, ref) };
    if (ref.producer && this.isSibling(ref.producer, dag)) {
      return { taskOutputArtifact: { producerTask: producerName(this, ref.producer), outputArtifactKey: ref.name } };
    }
    if (ref.producer) return { componentInputArtifact: inputNameOf(this, ref) };
    return { componentInputArtifact: dag.groupKind === 'pipeline' ? ref.name : inputNameOf(this, ref) };
  }

  /** A group task's input for a threaded channel, as seen from the group's parent DAG. */
  private groupInputFor(ref: ChannelRef, dag: GroupNode): { parameter?: IrParameterInput; artifact?: IrArtifactInput } {
    const atRoot = dag.groupKind === 'pipeline';
    if (ref.field) {
      const item = ref.field.item;
      return {
        parameter: {
          componentInputParameter: atRoot ? fullName(this, item) : inputNameOf(this, item),
          parameterExpressionSelector: LOOP_SELECTOR(ref.field.key),
        },
      };
    }
    const source = (): string => (atRoot ? fullName(this, ref) : inputNameOf(this, ref));
    if (ref.type.kind === 'artifact') {
      if (ref.producer && !ref.loop && this.isSibling(ref.producer, dag)) {
        return { artifact: { taskOutputArtifact: { producerTask: producerName(this, ref.producer), outputArtifactKey: ref.name } } };
      }
      return { artifact: { componentInputArtifact: source() } };
    }
    if (ref.producer && !ref.loop && this.isSibling(ref.producer, dag)) {
      return { parameter: { taskOutputParameter: { producerTask: producerName(this, ref.producer), outputParameterKey: ref.name } } };
    }
    return { parameter: { componentInputParameter: source() } };
  }

  /** Replaces channel tokens in a constant with input placeholders, collecting the channels found. */
  private substituteTokens(value: unknown, task: TaskNode, found: ChannelRef[]): unknown {
    if (isChannel(value)) throw new Error('unexpected channel inside a constant');
    if (typeof value === 'string') {
      let out = value;
      for (const ch of channelsInValue(value)) {
        const ref = this.taskRefs.get(task)!.get(ch) ?? this.refFor(ch, task);
        if (ref.type.kind === 'artifact') throw this.fail('an artifact cannot be placed inside a string; pass it to an artifact input', task);
        if (ch.source.kind === 'oneof') throw this.fail('a OneOf value cannot be placed inside a string', task);
        out = out.split(ch.toString()).join(parameterPlaceholder(inputNameOf(this, ref)));
        if (!found.includes(ref)) found.push(ref);
      }
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => this.substituteTokens(v, task, found));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.substituteTokens(k, task, found) as string] = this.substituteTokens(v, task, found);
      return out;
    }
    return value;
  }

  /** The `inputs` of a leaf task. */
  private leafInputs(task: TaskNode, dag: GroupNode, finalStatusProducer: string | undefined): IrTaskSpec['inputs'] {
    const parameters: Record<string, IrParameterInput> = {};
    const artifacts: Record<string, IrArtifactInput> = {};
    const injected: ChannelRef[] = [];
    const refs = this.taskRefs.get(task)!;
    const component = task.component;

    for (const [name, type] of Object.entries(component.inputs)) {
      // A component compiled on its own receives its task final status input from the pipeline's inputs.
      const passedThrough = isChannel(task.args[name]) && (task.args[name] as Channel).source.kind === 'pipeline-input';
      if (type.kind === 'parameter' && type.parameterType === 'TASK_FINAL_STATUS' && !passedThrough) {
        if (finalStatusProducer === undefined) {
          throw this.fail(
            `input '${name}' is a task final status, which only an exit task (or a task that ignores upstream failures) can receive`,
            task,
            name,
          );
        }
        parameters[name] = { taskFinalStatus: { producerTask: finalStatusProducer } };
        continue;
      }
      if (!(name in task.args)) continue;
      const value = task.args[name];
      if (isChannel(value)) {
        const ref = refs.get(value)!;
        if (type.kind === 'artifact') artifacts[name] = this.artifactInputFor(ref, dag);
        else parameters[name] = this.parameterInputFor(ref, dag);
        continue;
      }
      if (type.kind === 'artifact') {
        // A list of artifact channels for a list input is not expressible in the IR.
        throw this.fail(`artifact input '${name}' needs one channel (use Collected to make a list)`, task, name);
      }
      parameters[name] = { runtimeValue: { constant: this.substituteTokens(value, task, injected) } };
    }

    // Channel-valued settings: a phantom input holding the placeholder, as the Python compiler writes it.
    for (const [field, phantom] of DYNAMIC_SETTINGS) {
      const v = task.config[field];
      if (!isChannel(v)) continue;
      const ref = refs.get(v)!;
      if (phantom in component.inputs) {
        throw this.fail(`input '${phantom}' collides with the input the compiler adds to carry the task's ${field} setting; rename the input`, task, phantom);
      }
      parameters[phantom] = { runtimeValue: { constant: parameterPlaceholder(inputNameOf(this, ref)) } };
      if (!injected.includes(ref)) injected.push(ref);
    }

    for (const ref of injected) {
      const name = inputNameOf(this, ref);
      if (name in component.inputs) {
        throw this.fail(`input name '${name}' collides with an input the compiler adds to carry a channel`, task, name);
      }
      parameters[name] = this.parameterInputFor(ref, dag);
    }
    const inputs: IrTaskSpec['inputs'] = {};
    if (Object.keys(parameters).length) inputs.parameters = parameters;
    if (Object.keys(artifacts).length) inputs.artifacts = artifacts;
    return Object.keys(inputs).length ? inputs : undefined;
  }

  // ---- emission ----------------------------------------------------------------------------------

  private placeholderFor(task: TaskNode) {
    return (channel: ParameterChannel) => parameterPlaceholder(inputNameOf(this, this.taskRefs.get(task)!.get(channel)!));
  }

  private dependentTasks(node: GraphNode): string[] | undefined {
    const deps = this.dependencies.get(node);
    return deps && deps.size ? [...deps].sort() : undefined;
  }

  private retryPolicy(task: TaskNode): Record<string, unknown> | undefined {
    const r = task.config.retry;
    if (!r) return undefined;
    // Durations were checked when set. KFP 2.15.2 caps the back-off window at one hour.
    const backoff = durationSeconds(r.backoffDuration || '0s')!;
    const max = Math.min(durationSeconds(r.backoffMaxDuration || '3600s')!, 3600);
    return {
      ...(r.maxRetryCount ? { maxRetryCount: r.maxRetryCount } : {}),
      backoffDuration: `${backoff}s`,
      backoffFactor: r.backoffFactor || 2,
      backoffMaxDuration: `${max}s`,
    };
  }

  /** The task spec of a leaf task in `dag`, and its component (registered in the output). */
  private emitLeafTask(task: TaskNode, dag: GroupNode, exitGroup?: GroupNode): IrTaskSpec {
    const name = this.taskName(task);
    const component = task.component;
    const impl = component.implementation;
    const isExit = exitGroup !== undefined;

    let finalStatusProducer: string | undefined;
    const deps = isExit ? [this.groupName(exitGroup)] : this.dependentTasks(task);
    const hasFinalStatus = Object.values(component.inputs).some((t) => t.kind === 'parameter' && t.parameterType === 'TASK_FINAL_STATUS');
    if (isExit) finalStatusProducer = this.groupName(exitGroup);
    else if (hasFinalStatus && task.config.ignoreUpstreamFailure) {
      if (!deps || deps.length !== 1) {
        throw this.fail(
          `a task that ignores upstream failures and reads a task final status must depend on exactly one task in its own block; it depends on ${deps?.length ? deps.join(', ') : 'none'}`,
          task,
        );
      }
      finalStatusProducer = deps[0];
    }
    if (task.config.ignoreUpstreamFailure) this.checkIgnoreUpstreamFailure(task);

    const spec: IrTaskSpec = {
      taskInfo: { name: this.displayName(task) },
      componentRef: { name: '' },
    };
    const inputs = this.leafInputs(task, dag, finalStatusProducer);
    if (inputs) spec.inputs = inputs;
    if (deps) spec.dependentTasks = deps;
    spec.cachingOptions = {
      ...((task.config.enableCaching ?? this.options.enableCachingByDefault) ? { enableCache: true } : {}),
      ...(task.config.cacheKey ? { cacheKey: task.config.cacheKey } : {}),
    };
    if (isExit || task.config.ignoreUpstreamFailure) spec.triggerPolicy = { strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' };
    const retry = this.retryPolicy(task);
    if (retry) spec.retryPolicy = retry;

    let componentSpec: IrComponentSpec;
    if (impl.kind !== 'container' && hasKubernetesConfig(task.config.kubernetes)) {
      throw this.fail('Kubernetes settings can only be set on tasks of container components, not on pipelines used as components or importers', task);
    }
    if (impl.kind === 'graph' || impl.kind === 'ir') {
      if (Object.keys(task.config).some((k) => ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit', 'acceleratorType', 'acceleratorLimit', 'env', 'containerImage'].includes(k))) {
        throw this.fail('resources, environment variables and images can only be set on tasks of single-step components, not on pipelines used as components', task);
      }
      const sub = this.options.compileSubPipeline(impl.kind === 'graph' ? impl.graph() : irGraphMarker(impl));
      componentSpec = this.out.merge(sub.accumulator, sub.root);
    } else {
      const label = makeUnique(executorLabel(name), this.out.executorNames);
      if (impl.kind === 'container') {
        this.out.addExecutor(label, containerExecutor(component, task.config, this.placeholderFor(task)));
        const refs = this.taskRefs.get(task)!;
        const platform = kubernetesExecutorConfig(task.config.kubernetes, (ch) => this.parameterInputFor(refs.get(ch)!, dag));
        if (platform) this.out.platformExecutors[label] = platform;
      } else {
        const settings = ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit', 'acceleratorType', 'acceleratorLimit', 'env'];
        if (Object.keys(task.config).some((k) => settings.includes(k))) {
          throw this.fail('resources and environment variables cannot be set on an importer', task);
        }
        this.out.addExecutor(label, importerExecutor(impl.importer));
      }
      componentSpec = { executorLabel: label };
      const ins = inputDefinitions(component.inputs);
      if (ins) componentSpec.inputDefinitions = ins;
      const outs = outputDefinitions(component.outputs);
      if (outs) componentSpec.outputDefinitions = outs;
    }
    spec.componentRef.name = this.out.addComponent(componentKey(name), componentSpec);
    return spec;
  }

  private checkIgnoreUpstreamFailure(task: TaskNode): void {
    for (const [name, value] of Object.entries(task.args)) {
      if (!isChannel(value) || value.source.kind !== 'task-output') continue;
      const type = task.component.inputs[name];
      if (type.kind === 'parameter' && !type.hasDefault && !type.optional) {
        throw this.fail(
          `ignoreUpstreamFailure() needs a default value on every input fed by an upstream task, in case that task fails; input '${name}' has none`,
          task,
          name,
        );
      }
    }
  }

  /** The refs a group declares as inputs, in the Python compiler's order. */
  private groupChannelRefs(group: GroupNode): ChannelRef[] {
    const refs = new Map<string, ChannelRef>(this.groupInputs.get(group) ?? []);
    const add = (ref: ChannelRef) => {
      const n = inputNameOf(this, ref);
      if (!refs.has(n)) refs.set(n, ref);
    };
    if (group.groupKind === 'condition') {
      for (const ch of conditionChannels(group.negatedConditions ?? [], group.condition)) add(this.refFor(ch, group));
    }
    if (group.groupKind === 'for-loop') {
      const item = loopItemRef(this, group, (c) => this.baseRef(c));
      const loopsHere = [...this.topology.ancestors(group), group].filter((g) => g.groupKind === 'for-loop');
      for (const [name, ref] of refs) {
        // A literal loop's item (or a field of it) is declared by a loop only when that loop or an
        // enclosing one iterates over it or over something narrower; other loops leave it out.
        const base = ref.field ? ref.field.item : ref;
        const fromLiteral = base.loop?.loopItems?.kind === 'literal' && !base.items;
        if (fromLiteral && ref !== item && !loopsHere.some((g) => this.loopNarrows(g, ref))) refs.delete(name);
      }
      if (item.items) add(item.items);
      add(item);
    }
    return [...refs.values()];
  }

  private definitionsOf(refs: ChannelRef[]): IrInputsSpec | undefined {
    const parameters: Record<string, { parameterType: string }> = {};
    const artifacts: Record<string, unknown> = {};
    for (const ref of refs) {
      const name = inputNameOf(this, ref);
      if (ref.type.kind === 'parameter') parameters[name] = { parameterType: ref.type.parameterType };
      else artifacts[name] = { artifactType: ref.type.artifactType, ...(ref.type.isList ? { isArtifactList: true } : {}) };
    }
    const out: Record<string, unknown> = {};
    if (Object.keys(parameters).length) out.parameters = parameters;
    if (Object.keys(artifacts).length) out.artifacts = artifacts;
    return Object.keys(out).length ? (out as IrInputsSpec) : undefined;
  }

  private groupOutputsSpec(group: GroupNode): { outputs?: IrDagOutputs; definitions?: IrOutputsSpec } {
    const outs = this.groupOutputs.get(group);
    if (!outs || !outs.size) return {};
    const dagParams: Record<string, unknown> = {};
    const dagArtifacts: Record<string, unknown> = {};
    const defParams: Record<string, { parameterType: any }> = {};
    const defArtifacts: Record<string, any> = {};
    for (const [name, o] of outs) {
      const selectors = o.selectors.map((s) => ({ producer: this.nodeName(s.producer), key: s.key }));
      if (o.type.kind === 'parameter') {
        defParams[name] = { parameterType: o.type.parameterType };
        dagParams[name] = o.oneOf
          ? { valueFromOneof: { parameterSelectors: selectors.map((s) => ({ producerSubtask: s.producer, outputParameterKey: s.key })) } }
          : { valueFromParameter: { producerSubtask: selectors[0].producer, outputParameterKey: selectors[0].key } };
      } else {
        defArtifacts[name] = { artifactType: o.type.artifactType, ...(o.type.isList ? { isArtifactList: true } : {}) };
        dagArtifacts[name] = { artifactSelectors: selectors.map((s) => ({ producerSubtask: s.producer, outputArtifactKey: s.key })) };
      }
    }
    const outputs: IrDagOutputs = {};
    const definitions: IrOutputsSpec = {};
    if (Object.keys(dagParams).length) {
      outputs.parameters = dagParams;
      definitions.parameters = defParams;
    }
    if (Object.keys(dagArtifacts).length) {
      outputs.artifacts = dagArtifacts;
      definitions.artifacts = defArtifacts;
    }
    return { outputs, definitions };
  }

  /** The task that runs a group in its parent's DAG. */
  private groupTask(group: GroupNode, refs: ChannelRef[]): IrTaskSpec {
    const dag = group.parent!;
    const spec: IrTaskSpec = { taskInfo: { name: this.displayName(group) }, componentRef: { name: '' } };
    const parameters: Record<string, IrParameterInput> = {};
    const artifacts: Record<string, IrArtifactInput> = {};
    for (const ref of refs) {
      const name = inputNameOf(this, ref);
      const input = this.groupInputFor(ref, dag);
      if (input.parameter) parameters[name] = input.parameter;
      if (input.artifact) artifacts[name] = input.artifact;
    }
    const deps = this.dependentTasks(group);
    if (deps) spec.dependentTasks = deps;

    if (group.groupKind === 'condition') {
      const inputName = (ch: ParameterChannel) => inputNameOf(this, this.refFor(ch, group));
      try {
        spec.triggerPolicy = { condition: renderBranchCondition(group.negatedConditions ?? [], group.condition, inputName) };
      } catch (e) {
        // Give the condition's errors the pipeline and the line of the If/Elif.
        if (isKfpDefinitionError(e) && !e.context.pipeline) throw this.fail(e.message, group);
        throw e;
      }
    }
    if (group.groupKind === 'for-loop') {
      const item = loopItemRef(this, group, (c) => this.baseRef(c));
      const itemInput = inputNameOf(this, item);
      delete parameters[itemInput];
      delete artifacts[itemInput];
      const items = group.loopItems!;
      if (items.kind === 'literal') {
        spec.parameterIterator = { itemInput, items: { raw: pythonJsonDumps(items.values, { sortKeys: true }) } };
      } else if (item.type.kind === 'artifact') {
        throw this.fail('ParallelFor over a list of artifacts is not supported by the KFP backend; loop over a list parameter instead', group);
      } else {
        spec.parameterIterator = { itemInput, items: { inputParameter: inputNameOf(this, item.items!) } };
      }
      if (group.parallelism) spec.iteratorPolicy = { parallelismLimit: group.parallelism };
    }
    const inputs: IrTaskSpec['inputs'] = {};
    if (Object.keys(parameters).length) inputs.parameters = parameters;
    if (Object.keys(artifacts).length) inputs.artifacts = artifacts;
    if (Object.keys(inputs).length) spec.inputs = inputs;
    return spec;
  }

  /** Builds the root component (its DAG and interface); registers every other component and executor. */
  build(compileParameters?: Record<string, unknown>): IrComponentSpec {
    this.checkStructure();
    this.analyze();
    this.checkCycles();
    const outputs = this.pipelineOutputs();

    const groupSpecs = new Map<GroupNode, IrComponentSpec>();
    const root: IrComponentSpec = { dag: { tasks: {} } };
    groupSpecs.set(this.graph.root, root);

    for (const group of this.topology.groupsInOrder) {
      const spec = groupSpecs.get(group)!;
      const tasks = spec.dag!.tasks;
      for (const child of this.topology.childrenInBuildOrder(group)) {
        if (child.nodeKind === 'task') {
          tasks[this.taskName(child)] = this.emitLeafTask(child, group);
          continue;
        }
        const refs = this.groupChannelRefs(child);
        const childSpec: IrComponentSpec = { dag: { tasks: {} } };
        const { outputs: dagOutputs, definitions } = this.groupOutputsSpec(child);
        if (dagOutputs) childSpec.dag!.outputs = dagOutputs;
        const ins = this.definitionsOf(refs);
        if (ins) childSpec.inputDefinitions = ins;
        if (definitions) childSpec.outputDefinitions = definitions;
        groupSpecs.set(child, childSpec);
        const task = this.groupTask(child, refs);
        task.componentRef.name = this.out.addComponent(componentKey(this.groupName(child)), childSpec);
        tasks[this.groupName(child)] = task;
      }
    }
    for (const group of this.topology.groupsInOrder) {
      if (!group.exitTask) continue;
      root.dag!.tasks[this.taskName(group.exitTask)] = this.emitLeafTask(group.exitTask, this.graph.root, group);
    }

    if (outputs.dag) root.dag!.outputs = outputs.dag;
    const ins = inputDefinitions(this.graph.inputs, compileParameters);
    if (ins) root.inputDefinitions = ins;
    const outs = outputDefinitions(outputs.types);
    if (outs) root.outputDefinitions = outs;
    return root;
  }

  /** Checks that need the whole graph: an empty pipeline, exit handlers only at the top level. */
  private checkStructure(): void {
    if (this.graph.tasks.length === 0) throw this.fail('the pipeline has no tasks: call at least one component in its body');
    for (const g of this.graph.groups) {
      if (g.groupKind === 'exit-handler' && g.parent?.groupKind !== 'pipeline') {
        throw this.fail(
          `ExitHandler can only be used at the top level of a pipeline body, not inside ${this.groupName(g.parent!)}`,
          g,
        );
      }
    }
  }

  /** The root's `dag.outputs` and declared output types. */
  private pipelineOutputs(): { dag?: IrDagOutputs; types: Record<string, any> } {
    const parameters: Record<string, unknown> = {};
    const artifacts: Record<string, unknown> = {};
    const types: Record<string, any> = {};
    for (const [name, channel] of Object.entries(this.graph.outputs)) {
      const src = channel.source;
      if (src.kind === 'task-output' && this.topology.ancestors(src.task).length > 1) {
        throw this.fail(
          `pipeline output '${name}' comes from task '${this.taskName(src.task)}' inside a control-flow block; return values only from the top level (use Collected or OneOf to bring them out)`,
          undefined,
          name,
        );
      }
      if (src.kind === 'oneof' && src.group.parent?.groupKind !== 'pipeline') {
        throw this.fail(`pipeline output '${name}' is a OneOf of a chain nested in a control-flow block; return values only from the top level`, undefined, name);
      }
      if (src.kind !== 'task-output' && src.kind !== 'collected' && src.kind !== 'oneof') {
        throw this.fail(`pipeline output '${name}' must be a task output, a Collected or a OneOf value`, undefined, name);
      }
      const ref = this.refFor(channel, 'pipeline-output');
      if (src.kind === 'task-output' && this.topology.exitTasks.has(src.task)) {
        throw this.fail(`pipeline output '${name}' comes from an exit task, whose outputs cannot be used`, undefined, name);
      }
      const producer = producerName(this, ref.producer!);
      // Declared output types carry descriptions (and may widen an artifact to system.Artifact).
      types[name] = this.graph.outputTypes?.[name] ?? (ref.type.kind === 'parameter'
        ? { kind: 'parameter', parameterType: ref.type.parameterType, optional: false, hasDefault: false }
        : { kind: 'artifact', schemaTitle: ref.type.artifactType.schemaTitle, schemaVersion: ref.type.artifactType.schemaVersion, isList: ref.type.isList, optional: false });
      if (ref.type.kind === 'parameter') parameters[name] = { valueFromParameter: { producerSubtask: producer, outputParameterKey: ref.name } };
      else artifacts[name] = { artifactSelectors: [{ producerSubtask: producer, outputArtifactKey: ref.name }] };
    }
    const dag: IrDagOutputs = {};
    if (Object.keys(parameters).length) dag.parameters = parameters;
    if (Object.keys(artifacts).length) dag.artifacts = artifacts;
    return { ...(Object.keys(dag).length ? { dag } : {}), types };
  }
}

/** Loaded IR pipelines have no graph; the compiler recognizes this marker and merges the IR as is. */
export function irGraphMarker(impl: Extract<import('@kfp-ts/dsl').ComponentImplementation, { kind: 'ir' }>): PipelineGraph {
  return { __ir: impl.ir } as unknown as PipelineGraph;
}
