/**
 * Drawings of the graph model: Mermaid text (by value), SVG (well-formed, every task named, boxes that do
 * not overlap, arrows from a box's bottom to the next one's top, the same bytes every time) and the HTML
 * page (self-contained: no scripts, nothing fetched).
 */
import { describe, expect, it } from 'vitest';
import { containerComponent, pipeline } from '@kfp-ts/dsl';
import { allNodes, compile, graphToHtml, graphToMermaid, graphToSvg, pipelineGraph, type PipelineGraph } from '@kfp-ts/compiler';
import { layoutPipeline, type Box, type DagLayout } from '../../packages/compiler/src/graph/layout.js';
import { polypSegmentation } from '../../examples/polyp/pipeline.js';
import { gpuTrainingGraph } from './gpu-pipeline.js';
import { corpusAvailable, corpusSpec, parseXml } from './helpers.js';

const polyp = pipelineGraph(compile(polypSegmentation).pipelineSpec);
const gpuTraining = gpuTrainingGraph();

/** The task boxes of an SVG drawing by task id, with the classes and border of each. */
function taskBoxes(svg: string): Record<string, { classes: string; stroke: string; strokeWidth: string }> {
  const elements = parseXml(svg);
  const boxes: Record<string, { classes: string; stroke: string; strokeWidth: string }> = {};
  elements.forEach((e, i) => {
    if (e.name !== 'g' || !e.attributes.class?.startsWith('task')) return;
    // The box's rectangle is the group's first (a <title> comes before it).
    const rect = elements.slice(i + 1).find((r) => r.name === 'rect')!;
    boxes[e.attributes['data-task']] = { classes: e.attributes.class, stroke: rect.attributes.stroke, strokeWidth: rect.attributes['stroke-width'] };
  });
  return boxes;
}

/** A pipeline whose names need escaping in every format. */
function awkwardlyNamed(): PipelineGraph {
  const say = containerComponent({ name: 'say', image: 'alpine', command: ['echo', 'hi'] });
  const p = pipeline({ name: 'awkward', displayName: 'Tom & "Jerry" <show>' }, () => {
    const first = say().setDisplayName('a "quoted" #1 <b>&</b>');
    say().setDisplayName("it's end").after(first);
  });
  return pipelineGraph(compile(p).pipelineSpec);
}

describe('Mermaid', () => {
  it.skipIf(!corpusAvailable)('writes an exit handler as a subgraph with a dotted exit arrow', () => {
    expect(graphToMermaid(pipelineGraph(corpusSpec('failing/pipeline_with_exit_handler')))).toBe(
      [
        '---',
        'title: "pipeline-with-exit-handler"',
        '---',
        'flowchart TD',
        '  subgraph g_exit_handler_1["ExitHandler"]',
        '    t_fail_op["fail-op"]',
        '    t_print_op_2["print-op-2"]',
        '  end',
        '  t_print_op["print-op"]',
        '  g_exit_handler_1 -. on exit .-> t_print_op',
        '  classDef gpu stroke:#7b3fe4,stroke-width:2px',
        '  classDef exit stroke:#cc5555,stroke-dasharray:6 3',
        '  class t_print_op exit',
        '  style g_exit_handler_1 fill:#fdecec,stroke:#cc5555',
        '',
      ].join('\n'),
    );
  });

  it('writes the polyp example with display names, badges, the exit handler, the Dice gate and the data flow', () => {
    const text = graphToMermaid(polyp);
    const lines = text.split('\n').map((l) => l.trim());
    expect(lines.slice(0, 4)).toEqual(['---', 'title: "Polyp segmentation: train, evaluate, deploy"', '---', 'flowchart TD']);
    expect(lines).toContain('t_ray_train["Ray Train (2 GPU workers)<br/>(ray-train)<br/>retry ×2"]');
    expect(lines).toContain('t_inspect_dataset["Inspect dataset<br/>(inspect-dataset)<br/>no cache"]');
    expect(lines).toContain('t_export_onnx["Export ONNX<br/>(export-onnx)<br/>CPU ≤2 · mem ≤8Gi"]');
    expect(lines).toContain('t_quality_gate["Evaluate: Dice gate<br/>(quality-gate)"]');
    // Nesting: the gate inside the exit handler, the exit task after it; each group's tasks inside its subgraph.
    const declared = lines.filter((l) => /^(subgraph|end$|t_\w+\[)/.test(l)).map((l) => l.split('[')[0]);
    expect(declared).toEqual([
      'subgraph g_exit_handler_1',
      'subgraph g_condition_2',
      't_deploy_kserve',
      't_export_onnx',
      't_mlflow_register_model',
      't_validate_onnx',
      'end',
      't_inspect_dataset',
      't_mlflow_log_run',
      't_quality_gate',
      't_ray_train',
      't_ray_tune',
      'end',
      't_mlflow_final_status',
    ]);
    expect(lines).toContain('subgraph g_exit_handler_1["ExitHandler: train-and-deploy"]');
    expect(lines).toContain('subgraph g_condition_2["dice-passes: If quality-gate.passed == true"]');
    expect(lines.filter((l) => l.includes('->'))).toEqual([
      't_mlflow_register_model -.-> t_deploy_kserve',
      't_validate_onnx --> t_deploy_kserve',
      't_validate_onnx --> t_mlflow_register_model',
      't_export_onnx --> t_validate_onnx',
      't_mlflow_log_run --> g_condition_2',
      't_quality_gate --> g_condition_2',
      't_ray_train --> g_condition_2',
      't_ray_train --> t_mlflow_log_run',
      't_ray_tune --> t_mlflow_log_run',
      't_ray_train --> t_quality_gate',
      't_inspect_dataset --> t_ray_train',
      't_ray_tune --> t_ray_train',
      't_inspect_dataset --> t_ray_tune',
      'g_exit_handler_1 -. on exit .-> t_mlflow_final_status',
    ]);
    // No KFP task of the example has a GPU (Ray's pods do); the final status is the exit task.
    expect(lines.filter((l) => l.startsWith('class '))).toEqual(['class t_mlflow_final_status exit']);
    expect(lines).toContain('style g_exit_handler_1 fill:#fdecec,stroke:#cc5555');
    expect(lines).toContain('style g_condition_2 fill:#fff8e1,stroke:#c9a227');
  });

  it('marks GPU tasks with the gpu class and their badges', () => {
    const lines = graphToMermaid(gpuTraining).split('\n').map((l) => l.trim());
    expect(lines).toContain('t_train["Train on GPUs<br/>(train)<br/>GPU 2× nvidia.com/gpu · CPU 4–8 · mem 16Gi–32Gi · retry ×2"]');
    expect(lines).toContain('t_evaluate["Evaluate the trained model on the held-out test set, on one GPU<br/>(evaluate)<br/>GPU 1× nvidia.com/gpu · CPU ≤4 · mem ≤8Gi"]');
    expect(lines.filter((l) => l.startsWith('class '))).toEqual(['class t_evaluate,t_train gpu']);
  });

  it('escapes what would end or confuse a label', () => {
    const text = graphToMermaid(awkwardlyNamed());
    expect(text).toContain('title: "Tom & \\"Jerry\\" <show>"');
    expect(text).toContain('t_say["a #quot;quoted#quot; #35;1 #lt;b#gt;&#lt;/b#gt;<br/>(say)"]');
    expect(text).toContain('t_say_2["it\'s end<br/>(say-2)"]');
    expect(text).toContain('t_say -.-> t_say_2');
  });

  it.skipIf(!corpusAvailable)('gives repeated task names distinct ids', () => {
    const text = graphToMermaid(pipelineGraph(corpusSpec('parallel_and_nested/pipeline_in_pipeline_complex')));
    expect(text).toContain('      t_print_op1["print-op1"]');
    expect(text).toContain('  t_print_op1_2["print-op1"]');
    expect(text).toContain('subgraph g_inner_pipeline["Pipeline inner-pipeline"]');
    expect(text).toContain('subgraph g_for_loop_2["ParallelFor item in [#quot;Hello#quot;, #quot;world!#quot;]"]');
  });
});

describe('SVG', () => {
  it('shortens a display name too wide for the widest box, and keeps it whole in the tooltip', () => {
    const elements = parseXml(graphToSvg(gpuTrainingGraph()));
    const texts = elements.filter((e) => e.name === 'text').map((e) => e.text);
    const titles = elements.filter((e) => e.name === 'title').map((e) => e.text);
    const whole = 'Evaluate the trained model on the held-out test set, on one GPU';
    const shortened = texts.filter((t) => t.endsWith('…'));
    expect(shortened).toHaveLength(1);
    expect(shortened[0].length).toBeGreaterThan(10);
    expect(whole.startsWith(shortened[0].slice(0, -1))).toBe(true);
    expect(texts).not.toContain(whole);
    expect(titles.some((t) => t.startsWith(`${whole}\n`))).toBe(true);
  });

  it('is well-formed XML that names every task, in its box and in its tooltip', () => {
    const svg = graphToSvg(polyp);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const elements = parseXml(svg);
    const texts = elements.filter((e) => e.name === 'text').map((e) => e.text);
    const titles = elements.filter((e) => e.name === 'title').map((e) => e.text);
    for (const n of allNodes(polyp.root).filter((n) => n.kind === 'task')) {
      expect(texts).toContain(n.displayName);
      expect(titles.some((t) => t.startsWith(`${n.displayName}\n`))).toBe(true);
      for (const badge of n.badges) expect(texts).toContain(badge.text);
    }
    expect(texts).toContain('Polyp segmentation: train, evaluate, deploy');
    // Group headings fit on one line.
    expect(texts).toContain('ExitHandler: train-and-deploy');
    expect(texts).toContain('dice-passes: If quality-gate.passed == true');
    expect(titles.find((t) => t.startsWith('Ray Train (2 GPU workers)\n'))).toContain('input gpusPerWorker ← 1');
  });

  it('draws GPU tasks with a purple border, and no other task so', () => {
    expect(taskBoxes(graphToSvg(gpuTraining))).toEqual({
      evaluate: { classes: 'task gpu', stroke: '#7b3fe4', strokeWidth: '2' },
      prepare: { classes: 'task', stroke: '#5b6b7b', strokeWidth: '1.3' },
      train: { classes: 'task gpu', stroke: '#7b3fe4', strokeWidth: '2' },
    });
    const polypBoxes = taskBoxes(graphToSvg(polyp));
    expect(Object.keys(polypBoxes)).toHaveLength(10);
    expect(Object.entries(polypBoxes).filter(([, box]) => box.classes.includes('gpu') || box.stroke === '#7b3fe4')).toEqual([]);
    expect(polypBoxes['mlflow-final-status']).toEqual({ classes: 'task exit', stroke: '#cc5555', strokeWidth: '1.3' });
  });

  it('draws one arrow per edge, with a marker of its kind', () => {
    const elements = parseXml(graphToSvg(polyp));
    const arrows = elements.filter((e) => e.name === 'path' && e.attributes.class?.startsWith('edge '));
    // 4 in the Dice gate (one of them order only), 9 in the exit handler, and the exit arrow.
    expect(arrows).toHaveLength(14);
    const kinds = arrows.map((a) => `${a.attributes.class} ${a.attributes['marker-end']}`);
    expect(kinds.filter((k) => k === 'edge data url(#arrow-data)')).toHaveLength(12);
    expect(kinds.filter((k) => k !== 'edge data url(#arrow-data)')).toEqual(['edge order url(#arrow-order)', 'edge exit url(#arrow-exit)']);
    const ids = new Set(elements.filter((e) => e.name === 'marker').map((e) => e.attributes.id));
    expect(ids).toEqual(new Set(['arrow-data', 'arrow-order', 'arrow-exit']));
  });

  it.skipIf(!corpusAvailable)('labels exit arrows and dashes exit tasks', () => {
    const elements = parseXml(graphToSvg(pipelineGraph(corpusSpec('failing/pipeline_with_multiple_exit_handlers'))));
    expect(elements.filter((e) => e.name === 'text' && e.text === 'on exit')).toHaveLength(3);
    const exitTasks = elements.filter((e) => e.name === 'g' && e.attributes.class === 'task exit').map((e) => e.attributes['data-task']);
    expect(exitTasks).toEqual(['print-op', 'print-op-3', 'print-op-5']);
  });

  it('escapes names', () => {
    const graph = awkwardlyNamed();
    const elements = parseXml(graphToSvg(graph));
    expect(elements.filter((e) => e.name === 'text').map((e) => e.text)).toEqual(
      expect.arrayContaining(['Tom & "Jerry" <show>', 'a "quoted" #1 <b>&</b>', "it's end"]),
    );
  });

  it('is the same every time', () => {
    expect(graphToSvg(pipelineGraph(compile(polypSegmentation).pipelineSpec))).toBe(graphToSvg(polyp));
  });
});

/** Checks a DAG's layout and, recursively, its groups'. */
function checkLayout(dag: DagLayout, where: string): void {
  const boxes = dag.boxes;
  for (const box of boxes) {
    expect(box.x, where).toBeGreaterThanOrEqual(0);
    expect(box.y, where).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, where).toBeLessThanOrEqual(dag.width + 0.5);
    expect(box.y + box.height, where).toBeLessThanOrEqual(dag.height + 0.5);
  }
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) expect(overlap(boxes[a], boxes[b]), `${where}: ${boxes[a].node.id} and ${boxes[b].node.id} overlap`).toBe(false);
  }
  const byId = new Map(boxes.map((b) => [b.node.id, b]));
  for (const { edge, points } of dag.edges) {
    const from = byId.get(edge.from)!;
    const to = byId.get(edge.to)!;
    expect(points[0].y, where).toBe(from.y + from.height);
    expect(points[0].x).toBeGreaterThanOrEqual(from.x);
    expect(points[0].x).toBeLessThanOrEqual(from.x + from.width);
    expect(points[points.length - 1].y, where).toBe(to.y);
    expect(to.y, `${where}: ${edge.to} is below ${edge.from}`).toBeGreaterThan(from.y + from.height);
  }
  for (const box of boxes) {
    if (box.kind !== 'group') continue;
    expect(box.innerX + box.inner.width).toBeLessThanOrEqual(box.width);
    expect(box.innerY + box.inner.height).toBeLessThanOrEqual(box.height);
    checkLayout(box.inner, `${where}/${box.node.name}`);
  }
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('layout', () => {
  it('puts the polyp steps in layers by their longest path', () => {
    const layout = layoutPipeline(polyp);
    checkLayout(layout.dag, 'polyp');
    const box = (dag: DagLayout, id: string) => dag.boxes.find((b) => b.node.id === id)!;
    const handler = box(layout.dag, 'exit-handler-1');
    expect(box(layout.dag, 'mlflow-final-status').y).toBeGreaterThan(handler.y + handler.height);
    if (handler.kind !== 'group') throw new Error('the exit handler is not drawn as a group');
    const top = (dag: DagLayout, names: string[]) => names.map((name) => dag.boxes.find((b) => b.node.name === name)!.y);
    // The MLflow log and the gate both need only the trained model: they share a layer.
    const [inspect, tune, train, logRun, gate, condition] = top(handler.inner, ['inspect-dataset', 'ray-tune', 'ray-train', 'mlflow-log-run', 'quality-gate', 'condition-2']);
    expect(logRun).toBe(gate);
    expect(inspect < tune && tune < train && train < gate && gate < condition).toBe(true);
    const conditionBox = box(handler.inner, 'exit-handler-1/condition-2');
    if (conditionBox.kind !== 'group') throw new Error('the Dice gate is not drawn as a group');
    const steps = top(conditionBox.inner, ['export-onnx', 'validate-onnx', 'mlflow-register-model', 'deploy-kserve']);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(new Set(steps).size).toBe(4);
  });

  it.skipIf(!corpusAvailable)('keeps boxes apart and inside their groups in nested pipelines', () => {
    for (const id of [
      'valid/if_elif_else_complex',
      'valid/pipeline_with_parallelfor_parallelism',
      'parallel_and_nested/pipeline_in_pipeline_complex',
      'valid/pipeline_as_exit_task',
      'valid/pipeline_with_loops_and_conditions',
      'valid/xgboost_sample_pipeline',
    ]) {
      checkLayout(layoutPipeline(pipelineGraph(corpusSpec(id))).dag, id);
    }
  });
});

describe('HTML page', () => {
  const html = graphToHtml(polyp);

  it('has a title, a legend, the drawing and every task', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<title>Polyp segmentation: train, evaluate, deploy · pipeline graph</title>');
    expect(html).toContain('<h2>Legend</h2>');
    expect(html).toContain('Exit handler');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    for (const n of allNodes(polyp.root)) expect(html).toContain(`<td>${n.displayName}</td>`);
    expect(html).toContain('<li>condition: quality-gate.passed == true</li>');
    expect(html).toContain('<li>input status ← exit-handler-1.status</li>');
  });

  it('loads nothing from elsewhere and runs no script', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\((?!#)/i);
    // Addresses appear only as text (the pipeline's own values), never where a browser would fetch them.
    expect(html).not.toMatch(/\s(?:src|href|xlink:href|action)=/i);
  });

  it('escapes names', () => {
    const page = graphToHtml(awkwardlyNamed());
    expect(page).toContain('<h1>Tom &amp; &quot;Jerry&quot; &lt;show&gt;</h1>');
    expect(page).not.toContain('<b>&</b>');
  });
});
