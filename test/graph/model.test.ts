/**
 * The graph model read from compiled IR: tasks, edges, nested groups (conditions, loops, exit handlers,
 * pipelines used as components) and badges, from Python-compiled corpus pipelines, from the polyp example (whose
 * GPUs are Ray's, so none of its tasks is badged with one) and from small DSL pipelines; malformed IR is refused
 * with one clear message.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerComponent, ExitHandler, If, ParallelFor, pipeline, t } from '@kfp-ts/dsl';
import { allNodes, compile, graphToHtml, graphToMermaid, graphToSvg, pipelineGraph, type GraphGroup, type GraphTask } from '@kfp-ts/compiler';
import { polypSegmentation } from '../../examples/polyp/pipeline.js';
import { corpusDir } from '../cli/run-cli.js';
import { gpuTrainingGraph } from './gpu-pipeline.js';
import { corpusAvailable, corpusSpec, node, parseXml } from './helpers.js';

const badgeTexts = (n: { badges: { text: string }[] }) => n.badges.map((b) => b.text);
const edgeList = (dag: { edges: { from: string; to: string; kind: string; carries: string[] }[] }) =>
  dag.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}${e.carries.length ? ` [${e.carries.join(', ')}]` : ''}`);

describe('graph model of the polyp example', () => {
  const graph = pipelineGraph(compile(polypSegmentation).pipelineSpec);
  const tasks = () => allNodes(graph.root).filter((n): n is GraphTask => n.kind === 'task');

  it('has the pipeline name, display name and inputs', () => {
    expect(graph.name).toBe('polyp-segmentation');
    expect(graph.displayName).toBe('Polyp segmentation: train, evaluate, deploy');
    expect(graph.inputs.map((i) => i.name)).toEqual(['canaryTrafficPercent', 'datasetBucket', 'datasetPrefix', 'diceThreshold', 'epochs', 'tuneEpochs', 'tuneSamples']);
    expect(graph.inputs.find((i) => i.name === 'diceThreshold')).toEqual({ name: 'diceThreshold', type: 'NUMBER_DOUBLE', defaultValue: 0.8 });
    expect(graph.inputs.find((i) => i.name === 'tuneEpochs')).toEqual({ name: 'tuneEpochs', type: 'NUMBER_INTEGER', defaultValue: 5 });
  });

  it('shows display names and keeps task names', () => {
    expect(allNodes(graph.root).map((n) => [n.id, n.displayName])).toEqual([
      ['exit-handler-1', 'train-and-deploy'],
      ['exit-handler-1/condition-2', 'dice-passes'],
      ['exit-handler-1/condition-2/deploy-kserve', 'Deploy to KServe (canary)'],
      ['exit-handler-1/condition-2/export-onnx', 'Export ONNX'],
      ['exit-handler-1/condition-2/mlflow-register-model', 'Register in MLflow'],
      ['exit-handler-1/condition-2/validate-onnx', 'Validate ONNX (ONNX Runtime)'],
      ['exit-handler-1/inspect-dataset', 'Inspect dataset'],
      ['exit-handler-1/mlflow-log-run', 'Log training run to MLflow'],
      ['exit-handler-1/quality-gate', 'Evaluate: Dice gate'],
      ['exit-handler-1/ray-train', 'Ray Train (2 GPU workers)'],
      ['exit-handler-1/ray-tune', 'Ray Tune'],
      ['mlflow-final-status', 'Record final status in MLflow'],
    ]);
  });

  it('badges CPU and memory limits, caching off and retries from the executor', () => {
    expect(Object.fromEntries(tasks().map((n) => [n.name, badgeTexts(n)]))).toEqual({
      'deploy-kserve': ['no cache', 'retry ×3'],
      'export-onnx': ['CPU ≤2', 'mem ≤8Gi'],
      'mlflow-register-model': ['retry ×2'],
      'validate-onnx': ['CPU ≤2', 'mem ≤4Gi'],
      'inspect-dataset': ['no cache'],
      'mlflow-log-run': ['retry ×2'],
      'quality-gate': [],
      'ray-train': ['retry ×2'],
      'ray-tune': ['retry ×2'],
      'mlflow-final-status': ['no cache'],
    });
    const deploy = node(graph, 'exit-handler-1/condition-2/deploy-kserve') as GraphTask;
    expect(deploy.details).toContain('caching: off');
    expect(deploy.details).toContain('retries: 3 (backoff 30s, factor 2, max 3600s)');
    expect(deploy.details).toContain('input modelRepository ← validate-onnx.modelRepository');
    expect(node(graph, 'exit-handler-1/condition-2/export-onnx').details).toEqual(expect.arrayContaining(['cpu: limit 2', 'memory: limit 8Gi', 'input checkpoint ← ray-train.model']));
  });

  it('badges no GPU: the Ray steps only drive RayJobs, whose pods hold the GPUs', () => {
    expect(tasks().flatMap((n) => n.badges).filter((b) => b.kind === 'gpu')).toEqual([]);
    const train = node(graph, 'exit-handler-1/ray-train') as GraphTask;
    expect(train.image).toMatch(/^ghcr\.io\/kfp-ts\/polyp-components:/);
    expect(train.details.filter((d) => d.startsWith('accelerator'))).toEqual([]);
    // The GPUs are what the step asks Ray for, so they show as its inputs.
    expect(train.details).toEqual(
      expect.arrayContaining(['input gpusPerWorker ← 1', 'input numWorkers ← 2', 'input acceleratorType ← "nvidia-tesla-t4"', 'input image ← "harly1506/polyp-mlops:kfpv2"']),
    );
    expect(train.details).toContain('retries: 2 (backoff 60s, factor 2, max 600s)');
    expect(train.details).toContain('input config ← ray-tune.bestConfig');
  });

  it('draws the exit handler around the training, the Dice gate inside it and the final status as its exit task', () => {
    const handler = node(graph, 'exit-handler-1') as GraphGroup;
    expect(graph.root.nodes.map((n) => n.name)).toEqual(['exit-handler-1', 'mlflow-final-status']);
    expect([handler.groupKind, handler.exitTask]).toEqual(['exit-handler', false]);
    expect(handler.dag.nodes.map((n) => n.name)).toEqual(['condition-2', 'inspect-dataset', 'mlflow-log-run', 'quality-gate', 'ray-train', 'ray-tune']);
    expect(node(graph, 'mlflow-final-status').exitTask).toBe(true);
    expect(node(graph, 'mlflow-final-status').details).toContain('input status ← exit-handler-1.status');

    const gate = node(graph, 'exit-handler-1/condition-2') as GraphGroup;
    expect(gate.groupKind).toBe('condition');
    expect(gate.condition).toBe('quality-gate.passed == true');
    expect(gate.dag.nodes.map((n) => n.name)).toEqual(['deploy-kserve', 'export-onnx', 'mlflow-register-model', 'validate-onnx']);
    expect(edgeList(gate.dag)).toEqual([
      'exit-handler-1/condition-2/mlflow-register-model -> exit-handler-1/condition-2/deploy-kserve order',
      'exit-handler-1/condition-2/validate-onnx -> exit-handler-1/condition-2/deploy-kserve data [modelRepository]',
      'exit-handler-1/condition-2/validate-onnx -> exit-handler-1/condition-2/mlflow-register-model data [modelRepository]',
      'exit-handler-1/condition-2/export-onnx -> exit-handler-1/condition-2/validate-onnx data [onnx_model, reference_samples]',
    ]);
  });

  it('has an edge per producer and consumer, with what flows along it', () => {
    expect(edgeList(graph.root)).toEqual(['exit-handler-1 -> mlflow-final-status exit [status]']);
    // Pipeline inputs make no edges; the gate group takes what its tasks need from outside it.
    expect(edgeList((node(graph, 'exit-handler-1') as GraphGroup).dag).map((e) => e.replace(/exit-handler-1\//g, ''))).toEqual([
      'mlflow-log-run -> condition-2 data [runId]',
      'quality-gate -> condition-2 data [passed]',
      'ray-train -> condition-2 data [model]',
      'ray-train -> mlflow-log-run data [metrics, model]',
      'ray-tune -> mlflow-log-run data [bestConfig]',
      'ray-train -> quality-gate data [bestScore]',
      'inspect-dataset -> ray-train data [dataset]',
      'ray-tune -> ray-train data [bestConfig]',
      'inspect-dataset -> ray-tune data [dataset]',
    ]);
  });
});

describe('graph model of a pipeline whose tasks have GPUs', () => {
  const graph = gpuTrainingGraph();

  it('badges GPUs from an accelerator type and limit, and from setGpu, with CPU and memory ranges', () => {
    expect(badgeTexts(node(graph, 'train'))).toEqual(['GPU 2× nvidia.com/gpu', 'CPU 4–8', 'mem 16Gi–32Gi', 'retry ×2']);
    expect(badgeTexts(node(graph, 'evaluate'))).toEqual(['GPU 1× nvidia.com/gpu', 'CPU ≤4', 'mem ≤8Gi']);
    expect(badgeTexts(node(graph, 'prepare'))).toEqual(['CPU 1–2']);
    const train = node(graph, 'train') as GraphTask;
    expect(train.displayName).toBe('Train on GPUs');
    expect(train.details).toContain('accelerator: 2 × nvidia.com/gpu');
    expect(train.details).toContain('retries: 2 (backoff 60s, factor 2, max 600s)');
    expect(train.details).toContain('input data ← prepare.Output');
    expect(edgeList(graph.root)).toEqual(['train -> evaluate data [Output]', 'prepare -> train data [Output]']);
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
