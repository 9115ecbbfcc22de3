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
import { corpusAvailable, corpusSpec, parseXml } from './helpers.js';

const polyp = pipelineGraph(compile(polypSegmentation).pipelineSpec);

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

  it('writes the polyp example with display names, badges, the Dice gate and the data flow', () => {
    const text = graphToMermaid(polyp);
    const lines = text.split('\n').map((l) => l.trim());
    expect(lines.slice(0, 4)).toEqual(['---', 'title: "Polyp segmentation: train, evaluate, deploy"', '---', 'flowchart TD']);
    expect(lines).toContain('subgraph g_condition_1["dice-score-passes: If evaluate-model.diceScore #gt;= diceThreshold"]');
    expect(lines).toContain('t_train_model["Ray Train<br/>(train-model)<br/>GPU 2× nvidia.com/gpu · CPU 4–8 · mem 16Gi–32Gi · retry ×2"]');
    expect(lines).toContain('t_inspect_dataset["Inspect dataset<br/>(inspect-dataset)<br/>CPU ≤1 · mem ≤1Gi · no cache"]');
    const edges = lines.filter((l) => l.includes('-->'));
    expect(edges).toEqual([
      't_export_onnx --> t_deploy_to_kserve',
      't_evaluate_model --> g_condition_1',
      't_train_model --> g_condition_1',
      't_inspect_dataset --> t_evaluate_model',
      't_train_model --> t_evaluate_model',
      't_inspect_dataset --> t_train_model',
      't_tune_hyperparameters --> t_train_model',
      't_inspect_dataset --> t_tune_hyperparameters',
    ]);
    expect(lines).toContain('class t_evaluate_model,t_train_model gpu');
    // The condition's tasks are declared inside its subgraph.
    const open = lines.indexOf('subgraph g_condition_1["dice-score-passes: If evaluate-model.diceScore #gt;= diceThreshold"]');
    expect(lines.slice(open + 1, open + 4).map((l) => l.split('[')[0])).toEqual(['t_deploy_to_kserve', 't_export_onnx', 'end']);
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
    // The heading of the Dice gate wraps onto two lines.
    expect(texts.join('\n')).toContain('dice-score-passes: If evaluate-model.diceScore >=\ndiceThreshold');
    expect(titles.find((t) => t.startsWith('Ray Train\n'))).toContain('accelerator: 2 × nvidia.com/gpu');
  });

  it('draws one arrow per edge, with a marker of its kind', () => {
    const elements = parseXml(graphToSvg(polyp));
    const arrows = elements.filter((e) => e.name === 'path' && e.attributes.class?.startsWith('edge '));
    expect(arrows).toHaveLength(8);
    expect(new Set(arrows.map((a) => a.attributes['marker-end']))).toEqual(new Set(['url(#arrow-data)']));
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
    const top = (id: string) => layout.dag.boxes.find((b) => b.node.id === id)!.y;
    const order = ['inspect-dataset', 'tune-hyperparameters', 'train-model', 'evaluate-model', 'condition-1'].map(top);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(order).size).toBe(5);
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
    expect(html).toContain('<li>condition: evaluate-model.diceScore &gt;= diceThreshold</li>');
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
