/**
 * A self-contained HTML page for a pipeline's DAG: title, legend, the SVG drawing (details on hover) and a
 * table of the tasks. No scripts and no fetches: the page forbids loading anything from elsewhere.
 */
import { layoutPipeline } from './layout.js';
import { allNodes, groupHeading, type PipelineGraph } from './model.js';
import { escapeXml, PALETTE, svgElement } from './svg.js';

/**
 * Writes a page that shows the pipeline's DAG.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { compile, graphToHtml, pipelineGraph } from '@kfp-ts/compiler';
 * import { containerComponent, pipeline } from '@kfp-ts/dsl';
 * const hello = containerComponent({ name: 'hello', image: 'alpine:3.20', command: ['echo', 'hello'] });
 * const greeting = pipeline({ name: 'greeting' }, () => {
 *   hello();
 * });
 * writeFileSync('greeting.html', graphToHtml(pipelineGraph(compile(greeting).pipelineSpec)));
 */
export function graphToHtml(graph: PipelineGraph): string {
  const title = graph.displayName ?? graph.name;
  const html = (text: string) => escapeXml(text);
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(title)} · pipeline graph</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${html(title)}</h1>`,
  );
  if (graph.displayName && graph.displayName !== graph.name) parts.push(`<p class="name">${html(graph.name)}</p>`);
  if (graph.description) parts.push(`<p class="description">${html(graph.description)}</p>`);
  parts.push('</header>', legend());
  parts.push('<figure class="graph">', svgElement(layoutPipeline(graph)).trimEnd(), '<figcaption>Hover over a task for its details.</figcaption>', '</figure>');
  if (graph.inputs.length) {
    parts.push('<section><h2>Inputs</h2><table><thead><tr><th>name</th><th>type</th><th>default</th></tr></thead><tbody>');
    for (const input of graph.inputs) {
      const value = input.defaultValue === undefined ? '' : JSON.stringify(input.defaultValue);
      parts.push(`<tr><td>${html(input.name)}</td><td>${html(input.type)}</td><td><code>${html(value)}</code></td></tr>`);
    }
    parts.push('</tbody></table></section>');
  }
  parts.push('<section><h2>Tasks</h2><table><thead><tr><th>task</th><th>shown as</th><th>details</th></tr></thead><tbody>');
  for (const node of allNodes(graph.root)) {
    const what = node.kind === 'group' ? `<div class="kind">${html(groupHeading(node))}</div>` : '';
    const details = node.details.map((d) => `<li>${html(d)}</li>`).join('');
    parts.push(`<tr><td><code>${html(node.id)}</code></td><td>${html(node.displayName)}</td><td>${what}<ul>${details}</ul></td></tr>`);
  }
  parts.push('</tbody></table></section>', '</body>', '</html>');
  return parts.join('\n') + '\n';
}

function legend(): string {
  const items: string[] = [];
  for (const style of Object.values(PALETTE.groups)) {
    items.push(`<li><span class="swatch" style="background:${style.fill};border-color:${style.stroke}"></span>${escapeXml(style.label)}</li>`);
  }
  items.push(`<li><span class="swatch" style="background:#fff;border:2px solid ${PALETTE.gpuTask.stroke}"></span>task with GPUs</li>`);
  items.push(`<li><span class="swatch" style="background:#fff;border:1.5px dashed ${PALETTE.edges.exit.stroke}"></span>exit task</li>`);
  for (const style of Object.values(PALETTE.badges)) {
    items.push(`<li><span class="chip" style="background:${style.fill};color:${style.text}">${escapeXml(style.sample)}</span>${escapeXml(style.label)}</li>`);
  }
  for (const style of Object.values(PALETTE.edges)) {
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    items.push(
      `<li><svg width="34" height="10" aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" stroke="${style.stroke}" stroke-width="2"${dash}/></svg>${escapeXml(style.label)}</li>`,
    );
  }
  return `<section class="legend"><h2>Legend</h2><ul>${items.join('')}</ul></section>`;
}

const STYLE = [
  'body{font-family:Helvetica,Arial,sans-serif;color:#1f2933;margin:24px;background:#fafbfc}',
  'h1{font-size:22px;margin:0 0 4px}',
  'h2{font-size:15px;margin:18px 0 8px}',
  '.name{color:#5f6b7a;margin:0;font-family:monospace}',
  '.description{margin:6px 0 0;max-width:60em}',
  '.legend ul{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:6px 18px;font-size:12px}',
  '.legend li{display:flex;align-items:center;gap:6px}',
  '.swatch{display:inline-block;width:22px;height:14px;border:1.5px solid;border-radius:3px}',
  '.chip{display:inline-block;padding:1px 7px;border-radius:8px;font-size:11px}',
  '.graph{margin:16px 0;padding:8px;background:#fff;border:1px solid #e1e5ea;border-radius:6px;overflow:auto}',
  '.graph svg{display:block}',
  '.graph figcaption{font-size:12px;color:#5f6b7a;margin-top:6px}',
  '.graph g.task:hover>rect:first-of-type,.graph g.group:hover>rect:first-of-type{stroke-width:3}',
  '.graph path.edge:hover{stroke-width:3}',
  'table{border-collapse:collapse;font-size:12px;background:#fff}',
  'th,td{border:1px solid #e1e5ea;padding:4px 8px;text-align:left;vertical-align:top}',
  'td ul{margin:0;padding-left:16px}',
  '.kind{font-weight:bold;margin-bottom:2px}',
].join('\n');
