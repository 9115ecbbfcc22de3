/**
 * A simple layered layout of the graph model, top to bottom: each DAG is laid out on its own (a nested DAG
 * first, so that its group box has a size in its parent), tasks go in layers by their longest path from a
 * source, long edges pass through the layers in between as thin placeholders, the order within layers comes
 * from a few barycenter sweeps, and positions are pulled toward the neighbours' centres. Same model in, same
 * layout out: nothing here depends on time, randomness or fonts installed.
 */
import { groupHeading, type GraphBadge, type GraphDag, type GraphEdge, type GraphGroup, type GraphTask, type PipelineGraph } from './model.js';

/** Font sizes and spacing, shared with the SVG writer. */
export const METRICS = {
  fontFamily: 'Helvetica, Arial, sans-serif',
  pageTitleSize: 18,
  pageSubtitleSize: 12,
  titleSize: 13,
  subtitleSize: 11,
  chipSize: 10.5,
  headingSize: 12,
  margin: 20,
  taskPadding: 10,
  minTaskContent: 130,
  maxTaskContent: 240,
  chipHeight: 17,
  chipGap: 4,
  groupPadding: 14,
  /** Space above a group's heading lines, and between the heading and the group's DAG. */
  groupHeaderPadding: 8,
  headingLineHeight: 16,
  /** A group is widened up to this for its heading; a longer heading wraps. */
  maxHeading: 380,
  maxHeadingLines: 3,
  columnGap: 26,
  rowGap: 46,
  /** Width a long edge takes up in a layer it passes through. */
  edgeLane: 12,
} as const;

export interface Point {
  x: number;
  y: number;
}

/** A badge drawn as a chip, positioned inside its task box. */
export interface ChipBox extends Point {
  badge: GraphBadge;
  width: number;
  height: number;
}

interface BoxBase extends Point {
  width: number;
  height: number;
}

/** A task's box; `title` and `subtitle` are already shortened to fit. */
export interface TaskBox extends BoxBase {
  kind: 'task';
  node: GraphTask;
  title: string;
  /** The task's name, shown under its display name when they differ. */
  subtitle?: string;
  chips: ChipBox[];
}

/** A group's box, holding the layout of its DAG at (`innerX`, `innerY`) inside the box. */
export interface GroupBox extends BoxBase {
  kind: 'group';
  node: GraphGroup;
  /** The heading, wrapped to the box's width. */
  heading: string[];
  inner: DagLayout;
  innerX: number;
  innerY: number;
}

export type Box = TaskBox | GroupBox;

/** An edge as a chain of points from the source's bottom to the target's top. */
export interface EdgePath {
  edge: GraphEdge;
  points: Point[];
}

/** A DAG's boxes and edges, in coordinates relative to the DAG's top-left corner. */
export interface DagLayout {
  width: number;
  height: number;
  boxes: Box[];
  edges: EdgePath[];
}

export interface PipelineLayout {
  width: number;
  height: number;
  title: string;
  subtitle?: string;
  dag: DagLayout;
  dagX: number;
  dagY: number;
}

/** Lays out a whole pipeline: its title above its root DAG. */
export function layoutPipeline(graph: PipelineGraph): PipelineLayout {
  const m = METRICS;
  const dag = layoutDag(graph.root);
  const title = graph.displayName ?? graph.name;
  const subtitle = graph.displayName && graph.displayName !== graph.name ? graph.name : undefined;
  const titleWidth = Math.max(textWidth(title, m.pageTitleSize, true), subtitle ? textWidth(subtitle, m.pageSubtitleSize) : 0);
  const dagY = m.margin + m.pageTitleSize + (subtitle ? m.pageSubtitleSize + 6 : 0) + 18;
  const width = Math.ceil(Math.max(dag.width, titleWidth) + 2 * m.margin);
  return {
    width,
    height: Math.ceil(dagY + dag.height + m.margin),
    title,
    ...(subtitle ? { subtitle } : {}),
    dag,
    dagX: Math.round((width - dag.width) / 2),
    dagY,
  };
}

/**
 * An estimate of a text's width: no font metrics are at hand, so characters are sorted into rough classes,
 * sized after the wider of the usual sans-serif fonts (DejaVu Sans) so that text fits with any of them.
 */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (/[il.,:;|!'`()[\]{} ]/.test(ch)) em += 0.33;
    else if (/[ftjr\-]/.test(ch)) em += 0.41;
    else if (/[mwMW@%]/.test(ch)) em += 0.97;
    else if (/[A-Z]/.test(ch)) em += 0.74;
    else if (/[0-9]/.test(ch)) em += 0.64;
    else if (ch.charCodeAt(0) > 0x2000) em += 0.84;
    else em += 0.62;
  }
  return em * size * (bold ? 1.12 : 1);
}

/** The text, shortened with an ellipsis when wider than `max`. */
export function fitText(text: string, size: number, max: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, size, bold) > max) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** A task's box: title, the task name when a display name hides it, and badge chips in centred rows. */
function taskBox(node: GraphTask): TaskBox {
  const m = METRICS;
  const subtitleText = node.displayName !== node.name ? node.name : undefined;
  const chipWidths = node.badges.map((b) => Math.ceil(textWidth(b.text, m.chipSize) + 12));
  const chipsInOneRow = chipWidths.reduce((sum, w) => sum + w, 0) + m.chipGap * Math.max(0, chipWidths.length - 1);
  const wanted = Math.max(
    textWidth(node.displayName, m.titleSize, true),
    subtitleText ? textWidth(subtitleText, m.subtitleSize) : 0,
    Math.min(chipsInOneRow, m.maxTaskContent),
  );
  const content = Math.ceil(Math.min(m.maxTaskContent, Math.max(m.minTaskContent, wanted)));
  const width = content + 2 * m.taskPadding;

  // Chips flow into rows no wider than the content.
  const rows: { widths: number[]; badges: GraphBadge[] }[] = [];
  node.badges.forEach((badge, i) => {
    const w = Math.min(chipWidths[i], content);
    const row = rows[rows.length - 1];
    const used = row ? row.widths.reduce((s, x) => s + x + m.chipGap, 0) : 0;
    if (row && used + w <= content) {
      row.widths.push(w);
      row.badges.push(badge);
    } else rows.push({ widths: [w], badges: [badge] });
  });
  let y = 8 + m.titleSize + 4 + (subtitleText ? m.subtitleSize + 4 : 0) + (rows.length ? 4 : 0);
  const chips: ChipBox[] = [];
  for (const row of rows) {
    const rowWidth = row.widths.reduce((s, w) => s + w, 0) + m.chipGap * (row.widths.length - 1);
    let x = (width - rowWidth) / 2;
    row.badges.forEach((badge, i) => {
      chips.push({ badge, x, y, width: row.widths[i], height: m.chipHeight });
      x += row.widths[i] + m.chipGap;
    });
    y += m.chipHeight + m.chipGap;
  }
  const height = Math.ceil(y + (rows.length ? 4 : 6));
  return {
    kind: 'task',
    node,
    x: 0,
    y: 0,
    width,
    height,
    title: fitText(node.displayName, m.titleSize, content, true),
    ...(subtitleText ? { subtitle: fitText(subtitleText, m.subtitleSize, content) } : {}),
    chips,
  };
}

/** A group's box around its DAG's layout, widened for its heading up to a limit, beyond which it wraps. */
function groupBox(node: GraphGroup): GroupBox {
  const m = METRICS;
  const inner = layoutDag(node.dag);
  const headingText = groupHeading(node);
  const headingWidth = Math.min(textWidth(headingText, m.headingSize, true) + 4, m.maxHeading);
  const width = Math.ceil(Math.max(inner.width, headingWidth, 120) + 2 * m.groupPadding);
  const heading = wrapText(headingText, m.headingSize, width - 2 * m.groupPadding, m.maxHeadingLines, true);
  const innerY = m.groupHeaderPadding + heading.length * m.headingLineHeight + m.groupHeaderPadding;
  return {
    kind: 'group',
    node,
    x: 0,
    y: 0,
    width,
    height: Math.ceil(innerY + inner.height + m.groupPadding),
    heading,
    inner,
    innerX: Math.round((width - inner.width) / 2),
    innerY,
  };
}

/** Lines no wider than `max`, broken at spaces (inside a word when one word is too wide); the last line ends in … when text is left over. */
export function wrapText(text: string, size: number, max: number, maxLines: number, bold = false): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest && lines.length < maxLines) {
    if (lines.length === maxLines - 1 || textWidth(rest, size, bold) <= max) {
      lines.push(fitText(rest, size, max, bold));
      break;
    }
    const words = rest.split(' ');
    let line = words[0];
    let used = 1;
    while (used < words.length && textWidth(`${line} ${words[used]}`, size, bold) <= max) line += ` ${words[used++]}`;
    if (textWidth(line, size, bold) > max) {
      // One word wider than the line: cut it where it stops fitting.
      const chars = [...line];
      let cut = chars.length;
      while (cut > 1 && textWidth(chars.slice(0, cut).join(''), size, bold) > max) cut--;
      line = chars.slice(0, cut).join('');
      rest = rest.slice(line.length).trimStart();
    } else {
      rest = words.slice(used).join(' ');
    }
    lines.push(line);
  }
  return lines;
}

/** One slot in a layer: a box, or a long edge passing through. */
interface Slot {
  layer: number;
  width: number;
  box?: Box;
  /** Centre x, set by the placement. */
  x: number;
  up: number[];
  down: number[];
}

export function layoutDag(dag: GraphDag): DagLayout {
  const m = METRICS;
  const boxes = dag.nodes.map((n) => (n.kind === 'group' ? groupBox(n) : taskBox(n)));
  if (!boxes.length) return { width: 0, height: 0, boxes, edges: [] };
  const index = new Map(dag.nodes.map((n, i) => [n.id, i]));

  // Layers by longest path from a source (the model has no cycles).
  const layer = longestPathLayers(dag.nodes.length, dag.edges.map((e) => [index.get(e.from)!, index.get(e.to)!] as const));
  const slots: Slot[] = boxes.map((box, i) => ({ layer: layer[i], width: box.width, box, x: 0, up: [], down: [] }));
  const chains = dag.edges.map((e) => {
    const from = index.get(e.from)!;
    const to = index.get(e.to)!;
    const chain = [from];
    for (let l = layer[from] + 1; l < layer[to]; l++) {
      slots.push({ layer: l, width: m.edgeLane, x: 0, up: [], down: [] });
      chain.push(slots.length - 1);
    }
    chain.push(to);
    for (let i = 1; i < chain.length; i++) {
      slots[chain[i - 1]].down.push(chain[i]);
      slots[chain[i]].up.push(chain[i - 1]);
    }
    return chain;
  });

  const layerCount = Math.max(...layer) + 1;
  const rows: number[][] = Array.from({ length: layerCount }, () => []);
  slots.forEach((slot, i) => rows[slot.layer].push(i));
  orderRows(rows, slots);
  placeRows(rows, slots);

  // Rows from top to bottom; boxes are top-aligned in their row.
  const rowTop: number[] = [];
  const rowHeight = rows.map((row) => Math.max(0, ...row.map((i) => slots[i].box?.height ?? 0)));
  let y = 0;
  for (let r = 0; r < layerCount; r++) {
    rowTop.push(y);
    y += rowHeight[r] + m.rowGap;
  }
  const height = y - m.rowGap;
  const left = Math.min(...slots.map((s) => s.x - s.width / 2));
  for (const s of slots) s.x = Math.round(s.x - left);
  const width = Math.ceil(Math.max(...slots.map((s) => s.x + s.width / 2)));
  slots.forEach((slot) => {
    if (!slot.box) return;
    slot.box.x = Math.round(slot.x - slot.box.width / 2);
    slot.box.y = rowTop[slot.layer];
  });

  const ports = edgePorts(chains, slots);
  const edges = dag.edges.map((edge, e) => {
    const chain = chains[e];
    const source = slots[chain[0]].box!;
    const target = slots[chain[chain.length - 1]].box!;
    const points: Point[] = [{ x: ports.out[e], y: source.y + source.height }];
    for (const through of chain.slice(1, -1)) {
      const slot = slots[through];
      points.push({ x: slot.x, y: rowTop[slot.layer] }, { x: slot.x, y: rowTop[slot.layer] + rowHeight[slot.layer] });
    }
    points.push({ x: ports.in[e], y: target.y });
    return { edge, points };
  });
  return { width, height, boxes, edges };
}

function longestPathLayers(count: number, edges: readonly (readonly [number, number])[]): number[] {
  const layer = new Array<number>(count).fill(0);
  const incoming = new Array<number>(count).fill(0);
  const next: number[][] = Array.from({ length: count }, () => []);
  for (const [from, to] of edges) {
    next[from].push(to);
    incoming[to]++;
  }
  const ready = layer.map((_, i) => i).filter((i) => incoming[i] === 0);
  while (ready.length) {
    const i = ready.shift()!;
    for (const to of next[i]) {
      layer[to] = Math.max(layer[to], layer[i] + 1);
      if (--incoming[to] === 0) ready.push(to);
    }
  }
  return layer;
}

/** Orders each layer by barycenter sweeps, keeping the order with the fewest crossings seen. */
function orderRows(rows: number[][], slots: Slot[]): void {
  let best = rows.map((r) => [...r]);
  let bestCrossings = crossings(rows, slots);
  for (let round = 0; round < 4 && bestCrossings > 0; round++) {
    for (let r = 1; r < rows.length; r++) sortByBarycenter(rows[r], rows[r - 1], (i) => slots[i].up);
    for (let r = rows.length - 2; r >= 0; r--) sortByBarycenter(rows[r], rows[r + 1], (i) => slots[i].down);
    const count = crossings(rows, slots);
    if (count < bestCrossings) {
      bestCrossings = count;
      best = rows.map((r) => [...r]);
    }
  }
  best.forEach((row, r) => (rows[r] = row));
}

function sortByBarycenter(row: number[], neighbourRow: number[], neighbours: (slot: number) => number[]): void {
  const position = new Map(neighbourRow.map((slot, i) => [slot, i]));
  const key = new Map(
    row.map((slot, i) => {
      const near = neighbours(slot).map((n) => position.get(n)!);
      return [slot, near.length ? near.reduce((s, p) => s + p, 0) / near.length : i] as const;
    }),
  );
  const current = new Map(row.map((slot, i) => [slot, i]));
  row.sort((a, b) => key.get(a)! - key.get(b)! || current.get(a)! - current.get(b)!);
}

function crossings(rows: number[][], slots: Slot[]): number {
  let count = 0;
  for (let r = 0; r + 1 < rows.length; r++) {
    const below = new Map(rows[r + 1].map((slot, i) => [slot, i]));
    const pairs: [number, number][] = [];
    rows[r].forEach((slot, i) => slots[slot].down.forEach((d) => pairs.push([i, below.get(d)!])));
    for (let a = 0; a < pairs.length; a++) {
      for (let b = a + 1; b < pairs.length; b++) {
        if ((pairs[a][0] - pairs[b][0]) * (pairs[a][1] - pairs[b][1]) < 0) count++;
      }
    }
  }
  return count;
}

/** Centres x: rows packed, then pulled toward their neighbours' centres, alternately from above and below. */
function placeRows(rows: number[][], slots: Slot[]): void {
  for (const row of rows) {
    let x = 0;
    for (const i of row) {
      slots[i].x = x + slots[i].width / 2;
      x += slots[i].width + METRICS.columnGap;
    }
    const shift = x / 2;
    for (const i of row) slots[i].x -= shift;
  }
  const pull = (row: number[], neighbours: (slot: number) => number[]) => {
    const wanted = row.map((i) => {
      const near = neighbours(i);
      return near.length ? near.reduce((s, n) => s + slots[n].x, 0) / near.length : slots[i].x;
    });
    const placed = spreadApart(wanted, row.map((i) => slots[i].width));
    row.forEach((i, k) => (slots[i].x = placed[k]));
  };
  for (let round = 0; round < 3; round++) {
    for (let r = 1; r < rows.length; r++) pull(rows[r], (i) => slots[i].up);
    for (let r = rows.length - 2; r >= 0; r--) pull(rows[r], (i) => slots[i].down);
  }
  for (let r = 1; r < rows.length; r++) pull(rows[r], (i) => slots[i].up);
}

/**
 * Positions as close to the wanted centres as keeps the gaps: the mean of a placement pushed right from the
 * left and one pushed left from the right (both keep the gaps, so their mean does too).
 */
function spreadApart(wanted: number[], widths: number[]): number[] {
  const gap = (k: number) => (widths[k - 1] + widths[k]) / 2 + METRICS.columnGap;
  const fromLeft = [...wanted];
  for (let k = 1; k < wanted.length; k++) fromLeft[k] = Math.max(wanted[k], fromLeft[k - 1] + gap(k));
  const fromRight = [...wanted];
  for (let k = wanted.length - 2; k >= 0; k--) fromRight[k] = Math.min(wanted[k], fromRight[k + 1] - gap(k + 1));
  return wanted.map((_, k) => (fromLeft[k] + fromRight[k]) / 2);
}

/** Where each edge leaves its source and enters its target: spread along the box edge, in the order of the far ends. */
function edgePorts(chains: number[][], slots: Slot[]): { out: number[]; in: number[] } {
  const out = new Array<number>(chains.length).fill(0);
  const into = new Array<number>(chains.length).fill(0);
  const spread = (slot: Slot, edges: number[], farX: (e: number) => number, result: number[]) => {
    const sorted = [...edges].sort((a, b) => farX(a) - farX(b) || a - b);
    const step = Math.min(14, (slot.width * 0.6) / Math.max(1, sorted.length));
    sorted.forEach((e, k) => (result[e] = Math.round(slot.x + (k - (sorted.length - 1) / 2) * step)));
  };
  const leaving = new Map<number, number[]>();
  const entering = new Map<number, number[]>();
  chains.forEach((chain, e) => {
    leaving.set(chain[0], [...(leaving.get(chain[0]) ?? []), e]);
    const last = chain[chain.length - 1];
    entering.set(last, [...(entering.get(last) ?? []), e]);
  });
  for (const [slot, edges] of leaving) spread(slots[slot], edges, (e) => slots[chains[e][1]].x, out);
  for (const [slot, edges] of entering) spread(slots[slot], edges, (e) => slots[chains[e][chains[e].length - 2]].x, into);
  return { out, in: into };
}
