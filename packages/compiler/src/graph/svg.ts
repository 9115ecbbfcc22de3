/**
 * The pipeline's DAG as a self-contained SVG image: boxes for tasks with their badges, framed groups for
 * nested DAGs, arrows for dependencies. Every task and group carries a `<title>` with its details, which
 * browsers show on hover. Styles are attributes (not CSS), so that any SVG viewer draws the same picture.
 */
import { layoutPipeline, METRICS, type Box, type DagLayout, type EdgePath, type GroupBox, type PipelineLayout, type Point, type TaskBox } from './layout.js';
import type { BadgeKind, GraphEdge, GroupKind, PipelineGraph } from './model.js';

/** Colours of the drawing, also used by the HTML page's legend. */
export const PALETTE = {
  text: '#1f2933',
  muted: '#5f6b7a',
  task: { fill: '#ffffff', stroke: '#5b6b7b' },
  gpuTask: { fill: '#ffffff', stroke: '#7b3fe4' },
  groups: {
    condition: { fill: '#fff8e1', stroke: '#c9a227', label: 'If / Elif / Else branch' },
    branches: { fill: '#f6f6f6', stroke: '#9aa3ad', label: 'If / Elif / Else block' },
    loop: { fill: '#e8f1fd', stroke: '#4a7fd4', label: 'ParallelFor loop' },
    'exit-handler': { fill: '#fdecec', stroke: '#cc5555', label: 'Exit handler' },
    pipeline: { fill: '#eaf6ec', stroke: '#3f9b57', label: 'Pipeline used as a component' },
  } satisfies Record<GroupKind, { fill: string; stroke: string; label: string }>,
  badges: {
    gpu: { fill: '#efe6ff', text: '#5a2bb0', sample: 'GPU 2× type', label: 'GPUs (count × accelerator type)' },
    cpu: { fill: '#eaeff5', text: '#334155', sample: 'CPU 1–2', label: 'CPU request–limit (≤ limit only, ≥ request only)' },
    memory: { fill: '#eaeff5', text: '#334155', sample: 'mem 1Gi–2Gi', label: 'memory request–limit' },
    'no-cache': { fill: '#fff0dd', text: '#9a5200', sample: 'no cache', label: 'caching off' },
    retry: { fill: '#e2f3ef', text: '#1f6f5f', sample: 'retry ×3', label: 'retries on failure' },
    importer: { fill: '#eeeeee', text: '#444444', sample: 'importer', label: 'imports an artifact' },
    'after-failure': { fill: '#fdecec', text: '#a33a3a', sample: 'runs after failures', label: 'runs even when upstream tasks fail' },
  } satisfies Record<BadgeKind, { fill: string; text: string; sample: string; label: string }>,
  edges: {
    data: { stroke: '#44546a', dash: '', label: 'outputs feed the next task' },
    order: { stroke: '#8a97a8', dash: '5 4', label: 'runs after (no data)' },
    exit: { stroke: '#cc5555', dash: '7 4', label: 'exit task: runs when the exit handler ends' },
  } satisfies Record<GraphEdge['kind'], { stroke: string; dash: string; label: string }>,
} as const;

/**
 * Draws the pipeline's DAG as an SVG document.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { compile, graphToSvg, pipelineGraph } from '@kfp-ts/compiler';
 * import { containerComponent, pipeline } from '@kfp-ts/dsl';
 * const hello = containerComponent({ name: 'hello', image: 'alpine:3.20', command: ['echo', 'hello'] });
 * const greeting = pipeline({ name: 'greeting' }, () => {
 *   hello();
 * });
 * writeFileSync('greeting.svg', graphToSvg(pipelineGraph(compile(greeting).pipelineSpec)));
 */
export function graphToSvg(graph: PipelineGraph): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svgElement(layoutPipeline(graph))}`;
}

/** The `<svg>` element of a laid-out pipeline (for embedding in a page). */
export function svgElement(layout: PipelineLayout): string {
  const m = METRICS;
  const lines: string[] = [];
  lines.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${m.fontFamily}" role="img">`,
  );
  lines.push(`<title>${escapeXml(layout.title)}</title>`);
  lines.push('<defs>');
  for (const [kind, style] of Object.entries(PALETTE.edges)) {
    lines.push(
      `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,1 L10,5 L0,9 z" fill="${style.stroke}"/></marker>`,
    );
  }
  lines.push('</defs>');
  lines.push(`<rect x="0" y="0" width="${layout.width}" height="${layout.height}" fill="#ffffff"/>`);
  lines.push(
    `<text x="${m.margin}" y="${m.margin + m.pageTitleSize - 4}" font-size="${m.pageTitleSize}" font-weight="bold" fill="${PALETTE.text}">${escapeXml(layout.title)}</text>`,
  );
  if (layout.subtitle) {
    lines.push(
      `<text x="${m.margin}" y="${m.margin + m.pageTitleSize + m.pageSubtitleSize + 2}" font-size="${m.pageSubtitleSize}" fill="${PALETTE.muted}">${escapeXml(layout.subtitle)}</text>`,
    );
  }
  drawDag(layout.dag, layout.dagX, layout.dagY, lines);
  lines.push('</svg>');
  return lines.join('\n') + '\n';
}

function drawDag(dag: DagLayout, x: number, y: number, out: string[]): void {
  out.push(`<g transform="translate(${x},${y})">`);
  for (const box of dag.boxes) drawBox(box, out);
  for (const edge of dag.edges) drawEdge(edge, out);
  out.push('</g>');
}

function drawBox(box: Box, out: string[]): void {
  if (box.kind === 'group') drawGroup(box, out);
  else drawTask(box, out);
}

function tooltip(title: string, details: string[]): string {
  return `<title>${escapeXml([title, ...details].join('\n'))}</title>`;
}

function drawTask(box: TaskBox, out: string[]): void {
  const m = METRICS;
  const node = box.node;
  const gpu = node.badges.some((b) => b.kind === 'gpu');
  const style = gpu ? PALETTE.gpuTask : PALETTE.task;
  const classes = ['task', gpu ? 'gpu' : '', node.exitTask ? 'exit' : ''].filter(Boolean).join(' ');
  out.push(`<g class="${classes}" data-task="${escapeXml(node.id)}" transform="translate(${box.x},${box.y})">`);
  out.push(tooltip(node.displayName, node.details));
  out.push(
    `<rect width="${box.width}" height="${box.height}" rx="7" fill="${style.fill}" stroke="${node.exitTask ? PALETTE.edges.exit.stroke : style.stroke}" stroke-width="${gpu ? 2 : 1.3}"${node.exitTask ? ' stroke-dasharray="6 3"' : ''}/>`,
  );
  let baseline = 8 + m.titleSize;
  out.push(
    `<text x="${box.width / 2}" y="${baseline}" text-anchor="middle" font-size="${m.titleSize}" font-weight="bold" fill="${PALETTE.text}">${escapeXml(box.title)}</text>`,
  );
  if (box.subtitle) {
    baseline += m.subtitleSize + 4;
    out.push(
      `<text x="${box.width / 2}" y="${baseline}" text-anchor="middle" font-size="${m.subtitleSize}" fill="${PALETTE.muted}">${escapeXml(box.subtitle)}</text>`,
    );
  }
  for (const chip of box.chips) {
    const color = PALETTE.badges[chip.badge.kind];
    out.push(
      `<rect x="${num(chip.x)}" y="${num(chip.y)}" width="${chip.width}" height="${chip.height}" rx="8" fill="${color.fill}"/>`,
      `<text x="${num(chip.x + chip.width / 2)}" y="${num(chip.y + chip.height / 2 + m.chipSize * 0.36)}" text-anchor="middle" font-size="${m.chipSize}" fill="${color.text}">${escapeXml(chip.badge.text)}</text>`,
    );
  }
  out.push('</g>');
}

function drawGroup(box: GroupBox, out: string[]): void {
  const m = METRICS;
  const node = box.node;
  const style = PALETTE.groups[node.groupKind];
  const dashed = node.groupKind === 'branches' || node.exitTask;
  out.push(`<g class="group ${node.groupKind}${node.exitTask ? ' exit' : ''}" data-task="${escapeXml(node.id)}" transform="translate(${box.x},${box.y})">`);
  out.push(tooltip(`${node.displayName} (${style.label})`, node.details));
  out.push(
    `<rect width="${box.width}" height="${box.height}" rx="10" fill="${style.fill}" stroke="${node.exitTask ? PALETTE.edges.exit.stroke : style.stroke}" stroke-width="1.4"${dashed ? ' stroke-dasharray="6 3"' : ''}/>`,
  );
  box.heading.forEach((line, i) => {
    const baseline = m.groupHeaderPadding + (i + 1) * m.headingLineHeight - 4;
    out.push(`<text x="${m.groupPadding}" y="${baseline}" font-size="${m.headingSize}" font-weight="bold" fill="${style.stroke}">${escapeXml(line)}</text>`);
  });
  drawDag(box.inner, box.innerX, box.innerY, out);
  out.push('</g>');
}

function drawEdge(path: EdgePath, out: string[]): void {
  const { edge, points } = path;
  const style = PALETTE.edges[edge.kind];
  const from = edge.from.split('/').pop();
  const to = edge.to.split('/').pop();
  const what = edge.kind === 'exit' ? 'on exit' : edge.carries.length ? edge.carries.join(', ') : 'after';
  out.push(
    `<path class="edge ${edge.kind}" d="${pathData(points)}" fill="none" stroke="${style.stroke}" stroke-width="1.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${edge.kind})"><title>${escapeXml(`${from} → ${to}: ${what}`)}</title></path>`,
  );
  if (edge.kind === 'exit') {
    // Beside the middle of the arrow, so that the exit task reads as such without the legend.
    const a = points[0];
    const b = points[points.length - 1];
    out.push(
      `<text x="${num((a.x + b.x) / 2 + 6)}" y="${num((a.y + b.y) / 2 + 4)}" font-size="${METRICS.subtitleSize}" font-style="italic" fill="${style.stroke}">on exit</text>`,
    );
  }
}

/** Straight down through layers, and smooth S-curves between them. */
function pathData(points: Point[]): string {
  let d = `M${num(points[0].x)},${num(points[0].y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1];
    const q = points[i];
    if (p.x === q.x) d += ` L${num(q.x)},${num(q.y)}`;
    else {
      const bend = (q.y - p.y) / 2;
      d += ` C${num(p.x)},${num(p.y + bend)} ${num(q.x)},${num(q.y - bend)} ${num(q.x)},${num(q.y)}`;
    }
  }
  return d;
}

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Text safe in XML content and attribute values (control characters XML cannot hold are dropped). */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
