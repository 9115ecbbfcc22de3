/**
 * A pipeline's DAG as a small graph model, read from its compiled IR (`PipelineSpec`): the tasks of each DAG,
 * the edges between them, sub-DAGs (conditions, loops, exit handlers, pipelines used as components) as
 * nested groups, and per-task badges taken from the executor's container spec. Every drawing (Mermaid, SVG,
 * HTML) is made from this model, whether the pipeline came from a .ts file or a YAML file.
 */
import { KfpDefinitionError } from '@kfp-ts/dsl';

/** What a nested DAG stands for. */
export type GroupKind = 'condition' | 'branches' | 'loop' | 'exit-handler' | 'pipeline';

/** What a badge on a task says. */
export type BadgeKind = 'gpu' | 'cpu' | 'memory' | 'no-cache' | 'retry' | 'importer' | 'after-failure';

export interface GraphBadge {
  kind: BadgeKind;
  /** Short text shown on the task, e.g. `GPU 2× nvidia.com/gpu`. */
  text: string;
}

interface GraphNodeBase {
  /** Unique in the whole graph: the task names from the root down, joined by `/`. */
  id: string;
  /** The task's name in its DAG (the key under `dag.tasks`). */
  name: string;
  /** The name shown to users (`taskInfo.name`): the display name where one is set, else the task name. */
  displayName: string;
  /** The component the task runs (`componentRef.name`). */
  component: string;
  badges: GraphBadge[];
  /** Runs when the tasks of an exit handler finish, whatever their outcome. */
  exitTask: boolean;
  /** Lines describing the task in full (component, image, resources, inputs…), for tooltips. */
  details: string[];
}

/** A task that runs a container (or an importer). */
export interface GraphTask extends GraphNodeBase {
  kind: 'task';
  /** The container image, or undefined for an importer. */
  image?: string;
}

/** A task that runs a nested DAG. */
export interface GraphGroup extends GraphNodeBase {
  kind: 'group';
  groupKind: GroupKind;
  /** For a condition: the condition, with inputs named after what feeds them. */
  condition?: string;
  /** For a loop: what it iterates over and how many iterations may run at once. */
  loop?: { items: string; parallelism?: number };
  dag: GraphDag;
}

export type GraphNode = GraphTask | GraphGroup;

/**
 * An edge between two tasks of the same DAG: `data` when outputs of `from` feed `to`, `order` for an
 * ordering dependency only, `exit` from an exit handler to its exit task.
 */
export interface GraphEdge {
  from: string;
  to: string;
  kind: 'data' | 'order' | 'exit';
  /** The outputs of `from` that `to` consumes (`status` for a final-status input). */
  carries: string[];
}

export interface GraphDag {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface PipelineGraph {
  name: string;
  displayName?: string;
  description?: string;
  /** The pipeline's inputs: name, IR type and default value where set. */
  inputs: { name: string; type: string; defaultValue?: unknown }[];
  root: GraphDag;
}

/**
 * Builds the graph model of a compiled pipeline. `source` names the document in error messages.
 *
 * @example
 * import { compile, pipelineGraph } from '@kfp-ts/compiler';
 * import { containerComponent, pipeline } from '@kfp-ts/dsl';
 * const hello = containerComponent({ name: 'hello', image: 'alpine:3.20', command: ['echo', 'hello'] });
 * const greeting = pipeline({ name: 'greeting' }, () => {
 *   hello().setDisplayName('Say hello');
 * });
 * const graph = pipelineGraph(compile(greeting).pipelineSpec);
 * console.log(graph.root.nodes[0].displayName); // Say hello
 */
export function pipelineGraph(spec: unknown, source = 'the document'): PipelineGraph {
  if (!isRecord(spec) || !isRecord(spec.pipelineInfo) || !isRecord(spec.root)) {
    throw new KfpDefinitionError(`${source} is not a compiled KFP pipeline (it has no pipelineInfo and root)`);
  }
  const name = typeof spec.pipelineInfo.name === 'string' ? spec.pipelineInfo.name : '';
  if (!name) throw new KfpDefinitionError(`${source} is not a compiled KFP pipeline (pipelineInfo.name is missing)`);
  const reader = new IrReader(spec, name);
  const graph: PipelineGraph = { name, inputs: pipelineInputs(spec.root), root: reader.dag(spec.root, 'root', '', rootScope, []) };
  if (typeof spec.pipelineInfo.displayName === 'string') graph.displayName = spec.pipelineInfo.displayName;
  if (typeof spec.pipelineInfo.description === 'string') graph.description = spec.pipelineInfo.description;
  return graph;
}

/** The heading of a group as drawn: what kind of block it is and its condition or loop. */
export function groupHeading(group: GraphGroup): string {
  const named = group.displayName !== group.name ? `${group.displayName}: ` : '';
  switch (group.groupKind) {
    case 'condition':
      return `${named}If ${group.condition ?? ''}`.trim();
    case 'branches':
      return `${named}If / Elif / Else`;
    case 'loop': {
      const parallelism = group.loop?.parallelism ? ` (parallelism ${group.loop.parallelism})` : '';
      return `${named}ParallelFor item in ${group.loop?.items ?? '?'}${parallelism}`;
    }
    case 'exit-handler':
      return group.displayName !== group.name ? `ExitHandler: ${group.displayName}` : 'ExitHandler';
    case 'pipeline':
      return `Pipeline ${group.displayName !== group.name ? `${group.displayName} (${group.component.replace(/^comp-/, '')})` : group.component.replace(/^comp-/, '')}`;
  }
}

/** Every node of the graph, depth first in drawing order. */
export function allNodes(dag: GraphDag): GraphNode[] {
  return dag.nodes.flatMap((node) => (node.kind === 'group' ? [node, ...allNodes(node.dag)] : [node]));
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names the inputs of the DAG being read after what feeds them, as far up as the root. */
interface Scope {
  input(name: string): string;
}

const rootScope: Scope = { input: (name) => name };

/** The IR's name prefix for inputs the compiler adds to carry a value into a nested DAG. */
const CHANNEL_PREFIX = 'pipelinechannel--';

const EXIT_STRATEGY = 'ALL_UPSTREAM_TASKS_COMPLETED';

class IrReader {
  private readonly components: Json;
  private readonly executors: Json;

  constructor(
    spec: Json,
    private readonly pipeline: string,
  ) {
    this.components = isRecord(spec.components) ? spec.components : {};
    const deployment = isRecord(spec.deploymentSpec) ? spec.deploymentSpec : {};
    this.executors = isRecord(deployment.executors) ? deployment.executors : {};
  }

  private fail(message: string, field: string): KfpDefinitionError {
    return new KfpDefinitionError(message, { pipeline: this.pipeline, field });
  }

  /** Reads the DAG of a component; `stack` holds the components being expanded, to refuse a cycle. */
  dag(component: Json, path: string, idPrefix: string, scope: Scope, stack: string[]): GraphDag {
    const dag = component.dag;
    if (!isRecord(dag) || !isRecord(dag.tasks)) throw this.fail('has no DAG of tasks', `${path}.dag.tasks`);
    const tasks = dag.tasks;
    const names = Object.keys(tasks).sort(naturalOrder);
    const nodes = names.map((name) => this.node(name, tasks[name], `${path}.dag.tasks.${name}`, idPrefix, scope, stack));
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const edges: GraphEdge[] = [];
    for (const node of nodes) {
      const task = tasks[node.name] as Json;
      for (const [producer, carries] of this.upstream(task, `${path}.dag.tasks.${node.name}`, byName)) {
        const source = byName.get(producer)!;
        const exit = isRecord(task.triggerPolicy) && task.triggerPolicy.strategy === EXIT_STRATEGY && source.kind === 'group' && source.groupKind === 'exit-handler';
        if (exit) node.exitTask = true;
        edges.push({ from: source.id, to: node.id, kind: exit ? 'exit' : carries.length ? 'data' : 'order', carries });
      }
    }
    for (const node of nodes) {
      const task = tasks[node.name] as Json;
      if (isRecord(task.triggerPolicy) && task.triggerPolicy.strategy === EXIT_STRATEGY && !node.exitTask) {
        node.badges.push({ kind: 'after-failure', text: 'runs after failures' });
      }
    }
    refuseCycle(nodes, edges, (message) => this.fail(message, `${path}.dag.tasks`));
    return { nodes, edges };
  }

  /** The sibling tasks a task depends on, each with the outputs it consumes from it. */
  private upstream(task: Json, path: string, siblings: Map<string, GraphNode>): Map<string, string[]> {
    const found = new Map<string, string[]>();
    const need = (producer: unknown, field: string): string[] => {
      if (typeof producer !== 'string' || !siblings.has(producer)) {
        throw this.fail(`no task named '${String(producer)}' in this DAG`, field);
      }
      if (!found.has(producer)) found.set(producer, []);
      return found.get(producer)!;
    };
    const dependent = Array.isArray(task.dependentTasks) ? task.dependentTasks : [];
    dependent.forEach((producer, i) => need(producer, `${path}.dependentTasks[${i}]`));
    const inputs = isRecord(task.inputs) ? task.inputs : {};
    for (const kind of ['parameters', 'artifacts'] as const) {
      const bindings = isRecord(inputs[kind]) ? inputs[kind] : {};
      for (const [input, binding] of Object.entries(bindings)) {
        if (!isRecord(binding)) continue;
        const field = `${path}.inputs.${kind}.${input}`;
        const output = (isRecord(binding.taskOutputParameter) && binding.taskOutputParameter) || (isRecord(binding.taskOutputArtifact) && binding.taskOutputArtifact);
        if (output) {
          const key = output.outputParameterKey ?? output.outputArtifactKey;
          const carries = need(output.producerTask, `${field}.producerTask`);
          const name = typeof key === 'string' ? key.replace(CHANNEL_PREFIX, '') : undefined;
          if (name && !carries.includes(name)) carries.push(name);
        }
        if (isRecord(binding.taskFinalStatus)) {
          const carries = need(binding.taskFinalStatus.producerTask, `${field}.taskFinalStatus.producerTask`);
          if (!carries.includes('status')) carries.push('status');
        }
      }
    }
    for (const carries of found.values()) carries.sort();
    return new Map([...found.entries()].sort(([a], [b]) => naturalOrder(a, b)));
  }

  private node(name: string, raw: unknown, path: string, idPrefix: string, scope: Scope, stack: string[]): GraphNode {
    if (!isRecord(raw)) throw this.fail('is not a task', path);
    const componentName = isRecord(raw.componentRef) ? raw.componentRef.name : undefined;
    if (typeof componentName !== 'string') throw this.fail('the task names no component', `${path}.componentRef.name`);
    const component = this.components[componentName];
    if (!isRecord(component)) throw this.fail(`no component named '${componentName}' in components`, `${path}.componentRef.name`);
    const id = idPrefix + name;
    const displayName = isRecord(raw.taskInfo) && typeof raw.taskInfo.name === 'string' && raw.taskInfo.name ? raw.taskInfo.name : name;
    const inputs = inputLines(raw, scope);
    const base = { id, name, displayName, component: componentName, exitTask: false };

    if (isRecord(component.dag)) {
      if (stack.includes(componentName)) throw this.fail(`component '${componentName}' contains itself`, `${path}.componentRef.name`);
      const inner = innerScope(raw, scope);
      const group: GraphGroup = { kind: 'group', ...base, groupKind: groupKind(name, componentName, raw), badges: [], details: [], dag: { nodes: [], edges: [] } };
      const details = [`task: ${name}`, `component: ${componentName}`];
      if (group.groupKind === 'condition') {
        group.condition = readableCondition(String((raw.triggerPolicy as Json).condition), inner);
        details.push(`condition: ${group.condition}`);
      }
      if (group.groupKind === 'loop') {
        group.loop = loopOf(raw, inner);
        details.push(`items: ${group.loop.items}`);
        if (group.loop.parallelism) details.push(`parallelism: ${group.loop.parallelism}`);
      }
      group.details = [...details, ...inputs];
      group.dag = this.dag(component, `components.${componentName}`, `${id}/`, inner, [...stack, componentName]);
      return group;
    }

    const label = component.executorLabel;
    const executor = typeof label === 'string' ? this.executors[label] : undefined;
    if (!isRecord(executor)) throw this.fail(`no executor '${String(label)}' in deploymentSpec.executors`, `components.${componentName}.executorLabel`);
    const task: GraphTask = { kind: 'task', ...base, badges: [], details: [] };
    const details = [`task: ${name}`, `component: ${componentName}`];
    const placeholder = placeholderReader(raw, scope);
    if (isRecord(executor.container)) {
      const container = executor.container;
      if (typeof container.image === 'string') {
        task.image = placeholder(container.image);
        details.push(`image: ${task.image}`);
      }
      const resources = isRecord(container.resources) ? container.resources : {};
      for (const { badge, detail } of resourceBadges(resources, placeholder)) {
        task.badges.push(badge);
        details.push(detail);
      }
    } else if (isRecord(executor.importer)) {
      const uri = isRecord(executor.importer.artifactUri) ? executor.importer.artifactUri : {};
      const from = typeof uri.constant === 'string' ? uri.constant : typeof uri.runtimeParameter === 'string' ? `input ${uri.runtimeParameter}` : '?';
      task.badges.push({ kind: 'importer', text: 'importer' });
      details.push(`imports: ${from}`);
    }
    const caching = isRecord(raw.cachingOptions) ? raw.cachingOptions : {};
    if (caching.enableCache !== true) {
      task.badges.push({ kind: 'no-cache', text: 'no cache' });
      details.push('caching: off');
    }
    if (isRecord(raw.retryPolicy)) {
      const retry = raw.retryPolicy;
      const count = typeof retry.maxRetryCount === 'number' ? retry.maxRetryCount : 0;
      if (count > 0) {
        task.badges.push({ kind: 'retry', text: `retry ×${count}` });
        const backoff = [
          retry.backoffDuration !== undefined ? `backoff ${String(retry.backoffDuration)}` : '',
          retry.backoffFactor !== undefined ? `factor ${String(retry.backoffFactor)}` : '',
          retry.backoffMaxDuration !== undefined ? `max ${String(retry.backoffMaxDuration)}` : '',
        ].filter(Boolean);
        details.push(`retries: ${count}${backoff.length ? ` (${backoff.join(', ')})` : ''}`);
      }
    }
    task.details = [...details, ...inputs];
    return task;
  }
}

/**
 * Tells what a nested DAG is. The compiler names its control-flow DAGs `condition-N`, `condition-branches-N`,
 * `for-loop-N` and `exit-handler-N`; conditions and loops are also marked on the task itself. Any other
 * nested DAG is a pipeline used as a component.
 */
function groupKind(name: string, component: string, task: Json): GroupKind {
  if (isRecord(task.parameterIterator) || isRecord(task.artifactIterator)) return 'loop';
  if (isRecord(task.triggerPolicy) && typeof task.triggerPolicy.condition === 'string') return 'condition';
  const generated = component === `comp-${name}`;
  if (generated && /^condition-branches-\d+$/.test(name)) return 'branches';
  if (generated && /^exit-handler-\d+$/.test(name)) return 'exit-handler';
  return 'pipeline';
}

/** The scope inside a nested DAG: its inputs are named after the bindings of the task that runs it. */
function innerScope(task: Json, outer: Scope): Scope {
  const iterator = (isRecord(task.parameterIterator) && task.parameterIterator) || (isRecord(task.artifactIterator) && task.artifactIterator) || undefined;
  const itemInput = iterator && typeof iterator.itemInput === 'string' ? iterator.itemInput : undefined;
  return {
    input(name: string): string {
      if (name === itemInput) return 'item';
      const binding = bindingOf(task, name);
      return binding ? describeBinding(binding, outer) : name.replace(CHANNEL_PREFIX, '');
    },
  };
}

function bindingOf(task: Json, input: string): Json | undefined {
  const inputs = isRecord(task.inputs) ? task.inputs : {};
  for (const kind of ['parameters', 'artifacts']) {
    const bindings = inputs[kind];
    if (isRecord(bindings) && isRecord(bindings[input])) return bindings[input];
  }
  return undefined;
}

/** A readable description of where an input's value comes from. */
function describeBinding(binding: Json, scope: Scope): string {
  let text: string;
  if (typeof binding.componentInputParameter === 'string') text = scope.input(binding.componentInputParameter);
  else if (typeof binding.componentInputArtifact === 'string') text = scope.input(binding.componentInputArtifact);
  else if (isRecord(binding.taskOutputParameter)) text = outputOf(binding.taskOutputParameter.producerTask, binding.taskOutputParameter.outputParameterKey);
  else if (isRecord(binding.taskOutputArtifact)) text = outputOf(binding.taskOutputArtifact.producerTask, binding.taskOutputArtifact.outputArtifactKey);
  else if (isRecord(binding.taskFinalStatus)) text = `${String(binding.taskFinalStatus.producerTask)}.status`;
  else if (isRecord(binding.runtimeValue)) text = JSON.stringify(binding.runtimeValue.constant) ?? 'null';
  else text = '?';
  const selector = binding.parameterExpressionSelector;
  if (typeof selector === 'string' && selector) {
    const field = /^parseJson\(string_value\)(.*)$/.exec(selector);
    text += field ? field[1] : ` (${selector})`;
  }
  return text;
}

/** `task.output`; a nested DAG's outputs carry the compiler's channel prefix, which says nothing to a reader. */
function outputOf(task: unknown, key: unknown): string {
  return `${String(task)}.${String(key).replace(CHANNEL_PREFIX, '')}`;
}

/** `name ← source` for each input of a task, for its details. */
function inputLines(task: Json, scope: Scope): string[] {
  const inputs = isRecord(task.inputs) ? task.inputs : {};
  const lines: string[] = [];
  for (const kind of ['parameters', 'artifacts']) {
    const bindings = inputs[kind];
    if (!isRecord(bindings)) continue;
    for (const name of Object.keys(bindings).sort()) {
      const binding = bindings[name];
      if (isRecord(binding)) lines.push(`input ${name.replace(CHANNEL_PREFIX, '')} ← ${describeBinding(binding, scope)}`);
    }
  }
  return lines;
}

/** A condition with `inputs.parameter_values['…']` replaced by what feeds each input. */
function readableCondition(condition: string, scope: Scope): string {
  return condition.replace(/inputs\.(?:parameter_values|artifacts)\[(?:'([^']*)'|"([^"]*)")\]/g, (_, single?: string, double?: string) =>
    scope.input(single ?? double ?? ''),
  );
}

function loopOf(task: Json, scope: Scope): { items: string; parallelism?: number } {
  const iterator = (isRecord(task.parameterIterator) && task.parameterIterator) || (isRecord(task.artifactIterator) && task.artifactIterator) || {};
  const items = isRecord(iterator.items) ? iterator.items : {};
  let text = '?';
  if (typeof items.raw === 'string') text = items.raw;
  else if (typeof items.inputParameter === 'string') text = scope.input(items.inputParameter);
  else if (typeof items.inputArtifact === 'string') text = scope.input(items.inputArtifact);
  const loop: { items: string; parallelism?: number } = { items: text };
  const limit = isRecord(task.iteratorPolicy) ? task.iteratorPolicy.parallelismLimit : undefined;
  if (typeof limit === 'number' && limit > 0) loop.parallelism = limit;
  return loop;
}

/** Replaces `{{$.inputs.parameters['…']}}` in a container setting with what feeds that input. */
function placeholderReader(task: Json, scope: Scope): (value: string) => string {
  return (value) =>
    value.replace(/\{\{\$\.inputs\.parameters\['([^']*)'\]\}\}/g, (_, input: string) => {
      const binding = bindingOf(task, input);
      return binding ? describeBinding(binding, scope) : input.replace(CHANNEL_PREFIX, '');
    });
}

/** GPU, CPU and memory badges from a container's `resources`, each with its detail line. */
function resourceBadges(resources: Json, placeholder: (value: string) => string): { badge: GraphBadge; detail: string }[] {
  const out: { badge: GraphBadge; detail: string }[] = [];
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? placeholder(value) : typeof value === 'number' ? String(value) : undefined;

  const accelerator = isRecord(resources.accelerator) ? resources.accelerator : undefined;
  if (accelerator) {
    const count = text(accelerator.resourceCount) ?? text(accelerator.count);
    const type = text(accelerator.resourceType) ?? text(accelerator.type);
    if (count !== '0' && (count !== undefined || type !== undefined)) {
      out.push({
        // `2× nvidia.com/gpu`, or `gpus × type` when the count comes from a task output or parameter.
        badge: { kind: 'gpu', text: `GPU ${count ?? '1'}${/^\d+$/.test(count ?? '1') ? '×' : ' ×'}${type ? ` ${type}` : ''}` },
        detail: `accelerator: ${count ?? '1'} × ${type ?? 'unspecified type'}`,
      });
    }
  }
  // The string fields are current; the numeric ones (cores, GB) are what older compilers wrote.
  const quantity = (label: string, kind: 'cpu' | 'memory', request: string | undefined, limit: string | undefined) => {
    if (request === undefined && limit === undefined) return;
    const range = request !== undefined && limit !== undefined ? (request === limit ? request : `${request}–${limit}`) : limit !== undefined ? `≤${limit}` : `≥${request}`;
    const detail = [request !== undefined ? `request ${request}` : '', limit !== undefined ? `limit ${limit}` : ''].filter(Boolean).join(', ');
    out.push({ badge: { kind, text: `${label} ${range}` }, detail: `${kind}: ${detail}` });
  };
  const gigabytes = (value: unknown) => (typeof value === 'number' ? `${value}G` : undefined);
  quantity('CPU', 'cpu', text(resources.resourceCpuRequest) ?? text(resources.cpuRequest), text(resources.resourceCpuLimit) ?? text(resources.cpuLimit));
  quantity(
    'mem',
    'memory',
    text(resources.resourceMemoryRequest) ?? gigabytes(resources.memoryRequest),
    text(resources.resourceMemoryLimit) ?? gigabytes(resources.memoryLimit),
  );
  return out;
}

function pipelineInputs(root: Json): PipelineGraph['inputs'] {
  const definitions = isRecord(root.inputDefinitions) ? root.inputDefinitions : {};
  const inputs: PipelineGraph['inputs'] = [];
  for (const kind of ['parameters', 'artifacts']) {
    const entries = definitions[kind];
    if (!isRecord(entries)) continue;
    for (const [name, spec] of Object.entries(entries)) {
      if (!isRecord(spec)) continue;
      const artifactType = isRecord(spec.artifactType) ? spec.artifactType.schemaTitle : undefined;
      const type = typeof spec.parameterType === 'string' ? spec.parameterType : typeof artifactType === 'string' ? artifactType : '?';
      inputs.push(spec.defaultValue !== undefined ? { name, type, defaultValue: spec.defaultValue } : { name, type });
    }
  }
  return inputs.sort((a, b) => naturalOrder(a.name, b.name));
}

/** Names in order with their numbers compared as numbers (`for-loop-4` before `for-loop-10`), independent of locale. */
function naturalOrder(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const x = chunks(a);
  const y = chunks(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const numeric = /^\d/.test(x[i]) && /^\d/.test(y[i]);
    if (numeric && Number(x[i]) !== Number(y[i])) return Number(x[i]) - Number(y[i]);
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The compiler never writes a cycle, but a hand-edited YAML can: layering needs a DAG. */
function refuseCycle(nodes: GraphNode[], edges: GraphEdge[], fail: (message: string) => Error): void {
  const next = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) next.get(e.from)!.push(e.to);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      const cycle = [...path.slice(path.indexOf(id)), id].map((x) => x.split('/').pop());
      throw fail(`the tasks' dependencies form a cycle: ${cycle.join(' → ')}`);
    }
    state.set(id, 'open');
    path.push(id);
    for (const to of next.get(id)!) visit(to);
    path.pop();
    state.set(id, 'done');
  };
  for (const n of nodes) visit(n.id);
}
