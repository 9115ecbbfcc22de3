/**
 * The drawings in a real browser: headless Chromium takes screenshots of the SVG and of the HTML page
 * (which must show the boxes in their colours, not a blank page, with GPU colours only where tasks have GPUs)
 * and dumps the page's DOM (which must hold every task's display name). Needs Debian's chromium at
 * /usr/bin/chromium (`apt-get install chromium`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allNodes, compile, graphToHtml, graphToSvg, groupHeading, pipelineGraph, type PipelineGraph } from '@kfp-ts/compiler';
import { layoutPipeline, type DagLayout } from '../../packages/compiler/src/graph/layout.js';
import { polypSegmentation } from '../../examples/polyp/pipeline.js';
import { gpuTrainingGraph } from './gpu-pipeline.js';
import { corpusAvailable, corpusSpec } from './helpers.js';
import { decodePng, type Image } from './png.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const title = hasChromium ? 'drawings in headless Chromium' : `drawings in headless Chromium (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`;

const work = mkdtempSync(join(tmpdir(), 'kfp-ts-graph-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs Chromium headless with a fresh profile and nothing in the background that would reach the network. */
function chromium(...args: string[]): string {
  const profile = mkdtempSync(join(work, 'profile-'));
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`chromium exited with ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

function screenshot(file: string, width: number, height: number): Image {
  const png = join(work, `${file.split('/').pop()}.png`);
  chromium(`--screenshot=${png}`, `--window-size=${width},${height}`, pathToFileURL(file).href);
  expect(existsSync(png)).toBe(true);
  return decodePng(readFileSync(png));
}

/** How many pixels have exactly this colour. */
function count(image: Image, colour: number): number {
  let n = 0;
  for (const p of image.pixels) if (p === colour) n++;
  return n;
}

function distinctColours(image: Image): number {
  return new Set(image.pixels).size;
}

const polyp = pipelineGraph(compile(polypSegmentation).pipelineSpec);

/** A screenshot of the graph's SVG at its own size. */
function screenshotSvg(graph: PipelineGraph, name: string): Image {
  const svg = graphToSvg(graph);
  const file = join(work, `${name}.svg`);
  writeFileSync(file, svg);
  const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
  const image = screenshot(file, width, height);
  expect([image.width, image.height]).toEqual([width, height]);
  return image;
}

/** The text each task box shows (its display name, shortened when too wide), by task id. */
function drawnTitles(dag: DagLayout, into = new Map<string, string>()): Map<string, string> {
  for (const box of dag.boxes) {
    if (box.kind === 'task') into.set(box.node.id, box.title);
    else drawnTitles(box.inner, into);
  }
  return into;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe.skipIf(!hasChromium)(title, () => {
  it('renders the polyp SVG: boxes, the exit handler and the Dice gate in their colours, no GPU task', () => {
    const image = screenshotSvg(polyp, 'polyp');
    expect(distinctColours(image)).toBeGreaterThan(50);
    // Mostly white, but far from blank.
    const white = count(image, 0xffffff);
    expect(white / image.pixels.length).toBeGreaterThan(0.3);
    expect(white / image.pixels.length).toBeLessThan(0.95);
    expect(count(image, 0xfdecec)).toBeGreaterThan(100_000); // the exit handler's fill
    expect(count(image, 0xfff8e1)).toBeGreaterThan(50_000); // the Dice gate's fill
    // The example's GPUs are in Ray's pods: no task border or badge of its own is GPU-coloured.
    expect(count(image, 0x7b3fe4)).toBe(0);
    expect(count(image, 0xefe6ff)).toBe(0);
  });

  it('renders GPU tasks with their purple borders and badges', () => {
    const image = screenshotSvg(gpuTrainingGraph(), 'gpu-training');
    expect(distinctColours(image)).toBeGreaterThan(50);
    expect(count(image, 0x7b3fe4)).toBeGreaterThan(1_000); // the two GPU tasks' borders
    expect(count(image, 0xefe6ff)).toBeGreaterThan(1_500); // their GPU badges' fill
  });

  it('puts every task of the HTML page in the DOM', () => {
    const file = join(work, 'polyp.html');
    writeFileSync(file, graphToHtml(polyp));
    const dom = chromium('--dump-dom', pathToFileURL(file).href);
    expect(dom).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    const drawn = drawnTitles(layoutPipeline(polyp).dag);
    for (const n of allNodes(polyp.root)) {
      const name = escapeHtml(n.displayName);
      // In the drawing (a task's box, a group's heading), whole in its tooltip, and in the table of tasks.
      expect(dom).toContain(`>${escapeHtml(n.kind === 'task' ? drawn.get(n.id)! : groupHeading(n))}</text>`);
      expect(dom).toContain(`<title>${name}${n.kind === 'task' ? '\n' : ' ('}`);
      expect(dom).toContain(`<td>${name}</td>`);
    }
    // Every name fits its box.
    expect([...drawn.values()].filter((t) => t.endsWith('…'))).toEqual([]);
  });

  it.skipIf(!corpusAvailable)('renders the HTML page of a Python-compiled pipeline with nested groups', () => {
    const graph = pipelineGraph(corpusSpec('valid/if_elif_else_complex'));
    const file = join(work, 'nested.html');
    writeFileSync(file, graphToHtml(graph));
    const image = screenshot(file, 2000, 1100);
    expect(distinctColours(image)).toBeGreaterThan(50);
    expect(count(image, 0xe8f1fd)).toBeGreaterThan(10_000); // the loop's fill
    expect(count(image, 0xfff8e1)).toBeGreaterThan(10_000); // the conditions' fill
    expect(count(image, 0xf6f6f6)).toBeGreaterThan(10_000); // the If/Elif/Else blocks' fill
  });
});
