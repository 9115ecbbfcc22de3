/**
 * The graph model read from compiled IR: tasks, edges, nested groups (conditions, loops, exit handlers,
 * pipelines used as components) and badges, from Python-compiled corpus pipelines and from the polyp example;
 * malformed IR is refused with one clear message.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerComponent, ExitHandler, If, ParallelFor, pipeline, t } from '@kfp-ts/dsl';
import { allNodes, compile, graphToHtml, graphToMermaid, graphToSvg, pipelineGraph, type GraphGroup, type GraphTask } from '@kfp-ts/compiler';
import { polypSegmentation } from '../../examples/polyp/pipeline.js';
import { corpusDir } from '../cli/run-cli.js';
import { corpusAvailable, corpusSpec, node, parseXml } from './helpers.js';

const badgeTexts = (n: { badges: { text: string }[] }) => n.badges.map((b) => b.text);
const edgeList = (dag: { edges: { from: string; to: string; kind: string; carries: string[] }[] }) =>
  dag.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}${e.carries.length ? ` [${e.carries.join(', ')}]` : ''}`);

describe('graph model of the polyp example', () => {
  const graph = pipelineGraph(compile(polypSegmentation).pipelineSpec);

  it('has the pipeline name, display name and inputs', () => {
    expect(graph.name).toBe('polyp-segmentation');
    expect(graph.displayName).toBe('Polyp segmentation: train, evaluate, deploy');
    expect(graph.inputs.map((i) => i.name)).toEqual(['canaryTrafficPercent', 'datasetBucket', 'datasetPrefix', 'diceThreshold', 'epochs', 'tuneSamples']);
    expect(graph.inputs.find((i) => i.name === 'diceThreshold')).toEqual({ name: 'diceThreshold', type: 'NUMBER_DOUBLE', defaultValue: 0.8 });
  });

  it('shows display names and keeps task names', () => {
    expect(allNodes(graph.root).map((n) => [n.id, n.displayName])).toEqual([
      ['condition-1', 'dice-score-passes'],
      ['condition-1/deploy-to-kserve', 'Deploy to KServe (Triton)'],
      ['condition-1/export-onnx', 'Export ONNX'],
      ['evaluate-model', 'Evaluate'],
      ['inspect-dataset', 'Inspect dataset'],
      ['train-model', 'Ray Train'],
      ['tune-hyperparameters', 'Ray Tune'],
    ]);
  });

  it('badges GPUs, CPU and memory, caching off and retries from the executor', () => {
    expect(badgeTexts(node(graph, 'train-model'))).toEqual(['GPU 2× nvidia.com/gpu', 'CPU 4–8', 'mem 16Gi–32Gi', 'retry ×2']);
    expect(badgeTexts(node(graph, 'evaluate-model'))).toEqual(['GPU 1× nvidia.com/gpu', 'CPU ≤4', 'mem ≤8Gi']);
    expect(badgeTexts(node(graph, 'inspect-dataset'))).toEqual(['CPU ≤1', 'mem ≤1Gi', 'no cache']);
    expect(badgeTexts(node(graph, 'condition-1/deploy-to-kserve'))).toEqual(['CPU ≤500m', 'mem ≤512Mi', 'no cache', 'retry ×3']);
    const train = node(graph, 'train-model') as GraphTask;
    expect(train.image).toMatch(/polyp/);
    expect(train.details).toContain('accelerator: 2 × nvidia.com/gpu');
    expect(train.details).toContain('retries: 2 (backoff 60s, factor 2, max 600s)');
    expect(train.details).toContain('input config ← tune-hyperparameters.bestConfig');
  });

  it('draws the Dice gate as a condition group named after what feeds it', () => {
    const gate = node(graph, 'condition-1') as GraphGroup;
    expect(gate.kind).toBe('group');
    expect(gate.groupKind).toBe('condition');
    expect(gate.condition).toBe('evaluate-model.diceScore >= diceThreshold');
    expect(edgeList(gate.dag)).toEqual(['condition-1/export-onnx -> condition-1/deploy-to-kserve data [modelRepository]']);
  });

  it('has an edge per producer and consumer, with what flows along it', () => {
    expect(edgeList(graph.root)).toEqual([
      'evaluate-model -> condition-1 data [diceScore]',
      'train-model -> condition-1 data [model]',
      'inspect-dataset -> evaluate-model data [dataset]',
      'train-model -> evaluate-model data [mlflowRunId, model]',
      'inspect-dataset -> train-model data [dataset]',
      'tune-hyperparameters -> train-model data [bestConfig]',
      'inspect-dataset -> tune-hyperparameters data [dataset]',
    ]);
  });
});

describe.skipIf(!corpusAvailable)('graph model of Python-compiled pipelines', () => {
  it('reads a condition and the data edge into it', () => {
    const graph = pipelineGraph(corpusSpec('essential/pipeline_with_condition'));
    const condition = node(graph, 'condition-1') as GraphGroup;
    expect(condition.groupKind).toBe('condition');
    expect(condition.condition).toBe("flip-coin-op.Output == 'heads'");
    expect(edgeList(graph.root)).toContain('flip-coin-op -> condition-1 data [Output]');
    expect(condition.dag.nodes.map((n) => n.name)).toEqual(['flip-coin-op-2', 'print-op-2', 'print-op-3']);
  });

  it('reads If/Elif/Else blocks, loop items and conditions on the loop item', () => {
    const graph = pipelineGraph(corpusSpec('valid/if_elif_else_complex'));
    const loop = node(graph, 'for-loop-1') as GraphGroup;
    expect(loop.groupKind).toBe('loop');
    expect(loop.loop).toEqual({ items: 'trials' });
    expect((node(graph, 'for-loop-1/condition-2/condition-3') as GraphGroup).condition).toBe('int(item) == 3');
    expect((node(graph, 'for-loop-1/condition-branches-4') as GraphGroup).groupKind).toBe('branches');
    expect((node(graph, 'for-loop-1/condition-branches-4/condition-8') as GraphGroup).condition).toBe('int(int-0-to-9999.Output) < 5000');
    const literalLoop = node(graph, 'for-loop-1/condition-branches-4/condition-13/condition-14/for-loop-16') as GraphGroup;
    expect(literalLoop.loop).toEqual({ items: '[1, 2]' });
    expect(edgeList(graph.root)).toEqual(['for-loop-1 -> print-ints data [int-0-to-9999-Output]']);
  });

  it('reads ParallelFor parallelism', () => {
    const graph = pipelineGraph(corpusSpec('valid/pipeline_with_parallelfor_parallelism'));
    expect((node(graph, 'for-loop-1') as GraphGroup).loop).toEqual({ items: 'loop_parameter', parallelism: 2 });
    expect((node(graph, 'for-loop-1/for-loop-2') as GraphGroup).loop).toEqual({ items: 'loop_parameter' });
    expect((node(graph, 'for-loop-8') as GraphGroup).loop).toEqual({ items: '[{"a": 1, "b": 2}, {"a": 2, "b": 3}, {"a": 3, "b": 4}]', parallelism: 1 });
    expect((node(graph, 'for-loop-9') as GraphGroup).loop?.items).toBe('list-dict-maker-0.Output');
    // Numbers in names sort as numbers.
    expect(graph.root.nodes.slice(0, 4).map((n) => n.name)).toEqual(['for-loop-1', 'for-loop-4', 'for-loop-8', 'for-loop-9']);
  });

  it('marks the exit task of an exit handler', () => {
    const graph = pipelineGraph(corpusSpec('failing/pipeline_with_exit_handler'));
    const handler = node(graph, 'exit-handler-1') as GraphGroup;
    expect(handler.groupKind).toBe('exit-handler');
    expect(handler.dag.nodes.map((n) => n.name)).toEqual(['fail-op', 'print-op-2']);
    expect(node(graph, 'print-op').exitTask).toBe(true);
    expect(handler.exitTask).toBe(false);
    expect(edgeList(graph.root)).toEqual(['exit-handler-1 -> print-op exit']);
  });

  it('marks a pipeline used as an exit task, and a named exit handler', () => {
    const graph = pipelineGraph(corpusSpec('valid/pipeline_as_exit_task'));
    const handler = node(graph, 'exit-handler-1') as GraphGroup;
    expect(handler.displayName).toBe('my-pipeline');
    const exitTask = node(graph, 'conditional-notification') as GraphGroup;
    expect(exitTask.groupKind).toBe('pipeline');
    expect(exitTask.exitTask).toBe(true);
    expect((node(graph, 'conditional-notification/condition-1') as GraphGroup).condition).toBe("get-run-state.Output == 'FAILED'");
  });

  it('does not take a task that ignores upstream failures for an exit task', () => {
    const graph = pipelineGraph(corpusSpec('valid/pipeline_with_task_using_ignore_upstream_failure'));
    expect(node(graph, 'print-op').exitTask).toBe(false);
    expect(badgeTexts(node(graph, 'print-op'))).toEqual(['runs after failures']);
    expect(edgeList(graph.root)).toEqual(['fail-op -> print-op data [Output]']);
  });

  it('draws pipelines used as components as groups, inside loops too', () => {
    const graph = pipelineGraph(corpusSpec('parallel_and_nested/pipeline_in_pipeline_complex'));
    const inner = node(graph, 'for-loop-2/inner-pipeline') as GraphGroup;
    expect(inner.groupKind).toBe('pipeline');
    expect(inner.component).toBe('comp-inner-pipeline');
    expect(inner.dag.nodes.map((n) => n.id)).toEqual(['for-loop-2/inner-pipeline/condition-1', 'for-loop-2/inner-pipeline/condition-2', 'for-loop-2/inner-pipeline/print-op1']);
    expect((node(graph, 'for-loop-2/inner-pipeline/condition-2') as GraphGroup).condition).toBe("print-op1.Output != 'Hello'");
    expect((node(graph, 'for-loop-2') as GraphGroup).loop).toEqual({ items: '["Hello", "world!"]' });
    // The same task name in two DAGs makes two nodes.
    expect(node(graph, 'print-op1').id).not.toBe(node(graph, 'for-loop-2/inner-pipeline/print-op1').id);
  });

  it('reads GPUs, retries and importers', () => {
    const gpu = pipelineGraph(corpusSpec('gpu-scheduling/nvidia_gpu_scheduling_check'));
    expect(badgeTexts(node(gpu, 'verify-gpu-scheduled'))[0]).toBe('GPU 1× nvidia.com/gpu');
    const retry = pipelineGraph(corpusSpec('yaml-only/pipeline_with_retry'));
    expect(badgeTexts(node(retry, 'add'))).toContain('retry ×3');
    const importer = pipelineGraph(corpusSpec('valid/pipeline_with_importer'));
    expect(badgeTexts(node(importer, 'importer'))).toContain('importer');
    expect(node(importer, 'importer').details).toContain('imports: gs://ml-pipeline-playground/shakespeare1.txt');
  });

  it('names resources that come from task outputs after those outputs', () => {
    const graph = pipelineGraph(corpusSpec('valid/pipeline_with_string_machine_fields_task_output'));
    expect(badgeTexts(node(graph, 'sum-numbers'))).toEqual([
      'GPU accelerator-limit.Output × accelerator-type.Output',
      'CPU ≤cpu-limit.Output',
      'mem ≤memory-limit.Output',
    ]);
  });

  it('takes the pipeline display name from pipelineInfo', () => {
    const graph = pipelineGraph(corpusSpec('yaml-only/pipeline_with_only_display_name'));
    expect([graph.name, graph.displayName]).toEqual(['echo-name', 'echo-displayname']);
  });

  it('reads and draws every corpus pipeline', () => {
    const files = readdirSync(corpusDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(150);
    let drawn = 0;
    for (const file of files) {
      const spec = corpusSpec(file.replace(/\.yaml$/, '')) as { root?: unknown };
      // A few goldens hold a component, not a pipeline.
      if (!spec?.root) continue;
      drawn++;
      const graph = pipelineGraph(spec, file);
      const nodes = allNodes(graph.root);
      expect(nodes.length, file).toBeGreaterThan(0);
      const texts = parseXml(graphToSvg(graph)).filter((e) => e.name === 'title').map((e) => e.text);
      for (const n of nodes) expect(texts.some((t) => t.startsWith(n.displayName)), `${file}: ${n.id}`).toBe(true);
      expect(graphToMermaid(graph)).toMatch(/^---\ntitle: .*\n---\nflowchart TD\n/);
      expect(graphToHtml(graph)).toContain('</html>');
    }
    expect(drawn).toBeGreaterThan(150);
  });
});

describe('malformed IR', () => {
  const task = (extra: Record<string, unknown> = {}) => ({ taskInfo: { name: 'a' }, componentRef: { name: 'comp-a' }, cachingOptions: { enableCache: true }, ...extra });
  const spec = (tasks: Record<string, unknown>, components: Record<string, unknown> = { 'comp-a': { executorLabel: 'exec-a' } }) => ({
    pipelineInfo: { name: 'broken' },
    root: { dag: { tasks } },
    components,
    deploymentSpec: { executors: { 'exec-a': { container: { image: 'alpine' } } } },
  });

  it.each([
    [null, 'the document is not a compiled KFP pipeline (it has no pipelineInfo and root)'],
    [{ name: 'component', implementation: {} }, 'the document is not a compiled KFP pipeline (it has no pipelineInfo and root)'],
    [{ pipelineInfo: { name: 'broken' }, root: {} }, "pipeline 'broken', field 'root.dag.tasks': has no DAG of tasks"],
    [spec({ a: task({ dependentTasks: ['ghost'] }) }), "pipeline 'broken', field 'root.dag.tasks.a.dependentTasks[0]': no task named 'ghost' in this DAG"],
    [
      spec({ a: task({ inputs: { parameters: { x: { taskOutputParameter: { producerTask: 'ghost', outputParameterKey: 'y' } } } } }) }),
      "pipeline 'broken', field 'root.dag.tasks.a.inputs.parameters.x.producerTask': no task named 'ghost' in this DAG",
    ],
    [spec({ a: task({ componentRef: { name: 'comp-missing' } }) }), "pipeline 'broken', field 'root.dag.tasks.a.componentRef.name': no component named 'comp-missing' in components"],
    [spec({ a: task() }, { 'comp-a': { executorLabel: 'exec-missing' } }), "pipeline 'broken', field 'components.comp-a.executorLabel': no executor 'exec-missing' in deploymentSpec.executors"],
    [
      spec({ a: task({ dependentTasks: ['b'] }), b: task({ dependentTasks: ['a'] }) }),
      "pipeline 'broken', field 'root.dag.tasks': the tasks' dependencies form a cycle: a → b → a",
    ],
    [
      spec({ a: task({ componentRef: { name: 'comp-loop' } }) }, { 'comp-loop': { dag: { tasks: { again: task({ componentRef: { name: 'comp-loop' } }) } } } }),
      "pipeline 'broken', field 'components.comp-loop.dag.tasks.again.componentRef.name': component 'comp-loop' contains itself",
    ],
  ])('refuses %j', (input, message) => {
    let thrown: unknown;
    try {
      pipelineGraph(input);
    } catch (e) {
      thrown = e;
    }
    expect((thrown as { describe?: () => string })?.describe?.()).toBe(message);
  });

  it('names the document it was given', () => {
    expect(() => pipelineGraph({}, 'p.yaml')).toThrow('p.yaml is not a compiled KFP pipeline');
  });
});

describe('graph model of a pipeline declared with the DSL', () => {
  const echo = containerComponent({ name: 'echo', inputs: { text: t.string() }, outputs: { Output: t.string() }, image: 'alpine', command: ({ inputs }) => ['echo', inputs.text] });
  const show = containerComponent({ name: 'show', inputs: { n: t.integer() }, image: 'alpine', command: ({ inputs }) => ['echo', inputs.n] });
  const cleanup = containerComponent({ name: 'cleanup', image: 'alpine', command: ['true'] });
  const inner = pipeline({ name: 'inner', inputs: { text: t.string() } }, ({ text }) => {
    echo({ text });
  });
  const outer = pipeline({ name: 'outer', inputs: { greeting: t.string() } }, ({ greeting }) => {
    const first = echo({ text: greeting }).setDisplayName('First echo').setCachingOptions(false);
    ExitHandler(cleanup(), () => {
      ParallelFor([1, 2, 3], (n) => {
        show({ n }).setGpu('nvidia.com/gpu', 1);
      }, { parallelism: 2 });
      If(first.outputs.Output.eq('hi'), () => {
        inner({ text: first.outputs.Output });
      }, 'said-hi');
    }, 'guarded');
    echo({ text: 'after' }).after(first);
  });
  const graph = pipelineGraph(compile(outer).pipelineSpec);

  it('reads the groups the compiler writes for ExitHandler, ParallelFor, If and a nested pipeline', () => {
    expect(allNodes(graph.root).map((n) => `${n.id} ${n.kind === 'group' ? n.groupKind : 'task'} ${n.displayName}`)).toEqual([
      'cleanup task cleanup',
      'echo task First echo',
      'echo-2 task echo-2',
      'exit-handler-1 exit-handler guarded',
      'exit-handler-1/condition-4 condition said-hi',
      'exit-handler-1/condition-4/inner pipeline inner',
      'exit-handler-1/condition-4/inner/echo task echo',
      'exit-handler-1/for-loop-3 loop for-loop-3',
      'exit-handler-1/for-loop-3/show task show',
    ]);
    expect((node(graph, 'exit-handler-1/for-loop-3') as GraphGroup).loop).toEqual({ items: '[1, 2, 3]', parallelism: 2 });
    expect((node(graph, 'exit-handler-1/condition-4') as GraphGroup).condition).toBe("echo.Output == 'hi'");
    expect(badgeTexts(node(graph, 'exit-handler-1/for-loop-3/show'))).toEqual(['GPU 1× nvidia.com/gpu']);
    expect(badgeTexts(node(graph, 'echo'))).toEqual(['no cache']);
    expect(node(graph, 'cleanup').exitTask).toBe(true);
  });

  it('has data, ordering and exit edges', () => {
    expect(edgeList(graph.root)).toEqual(['exit-handler-1 -> cleanup exit', 'echo -> echo-2 order', 'echo -> exit-handler-1 data [Output]']);
  });
});
