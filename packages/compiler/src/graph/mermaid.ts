/**
 * The pipeline's DAG as Mermaid flowchart text: a node per task (display name, task name, badges), a
 * subgraph per nested DAG, solid arrows for data, dotted ones for ordering and for exit tasks.
 */
import { fitText } from './layout.js';
import { groupHeading, type GraphDag, type GraphNode, type PipelineGraph } from './model.js';
import { PALETTE } from './svg.js';

/**
 * Writes the pipeline's DAG as a Mermaid flowchart.
 *
 * @example
 * import { compile, graphToMermaid, pipelineGraph } from '@kfp-ts/compiler';
 * import { containerComponent, pipeline } from '@kfp-ts/dsl';
 * const hello = containerComponent({ name: 'hello', image: 'alpine:3.20', command: ['echo', 'hello'] });
 * const greeting = pipeline({ name: 'greeting' }, () => {
 *   hello();
 * });
 * console.log(graphToMermaid(pipelineGraph(compile(greeting).pipelineSpec)));
 */
export function graphToMermaid(graph: PipelineGraph): string {
  const ids = new MermaidIds();
  const lines = ['---', `title: ${JSON.stringify(graph.displayName ?? graph.name)}`, '---', 'flowchart TD'];
  const classes = { gpu: [] as string[], exit: [] as string[] };
  const styles: string[] = [];
  const edges: string[] = [];

  const writeDag = (dag: GraphDag, indent: string) => {
    for (const node of dag.nodes) {
      const id = ids.of(node);
      if (node.kind === 'group') {
        lines.push(`${indent}subgraph ${id}["${escapeLabel(fitText(groupHeading(node), 12, 560))}"]`);
        writeDag(node.dag, `${indent}  `);
        lines.push(`${indent}end`);
        const style = PALETTE.groups[node.groupKind];
        styles.push(`style ${id} fill:${style.fill},stroke:${style.stroke}${node.groupKind === 'branches' || node.exitTask ? ',stroke-dasharray:6 3' : ''}`);
      } else {
        lines.push(`${indent}${id}["${nodeLabel(node)}"]`);
        if (node.badges.some((b) => b.kind === 'gpu')) classes.gpu.push(id);
      }
      if (node.exitTask) classes.exit.push(id);
    }
    for (const edge of dag.edges) {
      const from = ids.byId(edge.from);
      const to = ids.byId(edge.to);
      edges.push(edge.kind === 'data' ? `${from} --> ${to}` : edge.kind === 'order' ? `${from} -.-> ${to}` : `${from} -. on exit .-> ${to}`);
    }
  };
  writeDag(graph.root, '  ');
  lines.push(...edges.map((e) => `  ${e}`));
  lines.push(`  classDef gpu stroke:${PALETTE.gpuTask.stroke},stroke-width:2px`);
  lines.push(`  classDef exit stroke:${PALETTE.edges.exit.stroke},stroke-dasharray:6 3`);
  if (classes.gpu.length) lines.push(`  class ${classes.gpu.join(',')} gpu`);
  if (classes.exit.length) lines.push(`  class ${classes.exit.join(',')} exit`);
  lines.push(...styles.map((s) => `  ${s}`));
  return lines.join('\n') + '\n';
}

/** Display name, then the task name when different, then the badges. */
function nodeLabel(node: GraphNode): string {
  const lines = [node.displayName];
  if (node.displayName !== node.name) lines.push(`(${node.name})`);
  if (node.badges.length) lines.push(node.badges.map((b) => b.text).join(' · '));
  return lines.map(escapeLabel).join('<br/>');
}

/** Mermaid's entity codes for the characters that would end or confuse a quoted label. */
function escapeLabel(text: string): string {
  return text
    .replace(/[\u0000-\u001f]/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;');
}

/** Mermaid node ids: letters, digits and `_`, readable (from the task name) and unique (a suffix where names repeat). */
class MermaidIds {
  private readonly assigned = new Map<string, string>();
  private readonly taken = new Set<string>();

  of(node: GraphNode): string {
    const base = `${node.kind === 'group' ? 'g' : 't'}_${node.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    this.assigned.set(node.id, id);
    return id;
  }

  byId(nodeId: string): string {
    return this.assigned.get(nodeId)!;
  }
}
