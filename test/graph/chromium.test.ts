/**
 * The drawings in a real browser: headless Chromium takes screenshots of the SVG and of the HTML page
 * (which must show the boxes in their colours, not a blank page) and dumps the page's DOM (which must hold
 * every task's display name). Needs Debian's chromium at /usr/bin/chromium (`apt-get install chromium`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allNodes, compile, graphToHtml, graphToSvg, pipelineGraph } from '@kfp-ts/compiler';
import { polypSegmentation } from '../../examples/polyp/pipeline.js';
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

describe.skipIf(!hasChromium)(title, () => {
  it('renders the SVG: boxes, the condition group and the GPU tasks in their colours', () => {
    const svg = graphToSvg(polyp);
    const file = join(work, 'polyp.svg');
    writeFileSync(file, svg);
    const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const image = screenshot(file, width, height);
    expect([image.width, image.height]).toEqual([width, height]);
    expect(distinctColours(image)).toBeGreaterThan(50);
    // Mostly white, but far from blank.
    const white = count(image, 0xffffff);
    expect(white / image.pixels.length).toBeGreaterThan(0.3);
    expect(white / image.pixels.length).toBeLessThan(0.95);
    expect(count(image, 0xfff8e1)).toBeGreaterThan(20_000); // the Dice gate's fill
    expect(count(image, 0x7b3fe4)).toBeGreaterThan(200); // the GPU tasks' borders
  });

  it('puts every task of the HTML page in the DOM', () => {
    const file = join(work, 'polyp.html');
    writeFileSync(file, graphToHtml(polyp));
    const dom = chromium('--dump-dom', pathToFileURL(file).href);
    expect(dom).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    for (const n of allNodes(polyp.root)) {
      const name = n.displayName.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      // In the drawing (a group's name begins its heading) and in the table of tasks.
      expect(dom).toContain(n.kind === 'task' ? `>${name}</text>` : `>${name}: `);
      expect(dom).toContain(`<td>${name}</td>`);
    }
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
