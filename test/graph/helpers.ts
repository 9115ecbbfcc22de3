/**
 * Shared by the graph tests: compiled pipelines from the corpus, node look-up, and a small XML
 * well-formedness check (the SVG must load in any viewer, and no XML parser is among the dependencies).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { allNodes, type GraphNode, type PipelineGraph } from '@kfp-ts/compiler';
import { corpusDir } from '../cli/run-cli.js';

export const corpusAvailable = existsSync(join(corpusDir, 'index.tsv'));

/** The PipelineSpec of a corpus case, e.g. `failing/pipeline_with_exit_handler`. */
export function corpusSpec(id: string): unknown {
  return parseAllDocuments(readFileSync(join(corpusDir, `${id}.yaml`), 'utf8'))[0].toJS();
}

/** The node with this id (task names from the root, joined by `/`); fails the test when there is none. */
export function node(graph: PipelineGraph, id: string): GraphNode {
  const found = allNodes(graph.root).find((n) => n.id === id);
  if (!found) throw new Error(`no node '${id}' among ${allNodes(graph.root).map((n) => n.id).join(', ')}`);
  return found;
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** The element's own text (entities decoded), without its children's. */
  text: string;
}

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decode(text: string): string {
  return text.replace(ENTITY, (e) => {
    const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e.startsWith('&#x') ? parseInt(e.slice(3, -1), 16) : parseInt(e.slice(2, -1), 10));
  });
}

/**
 * Checks that the text is well-formed XML (one root element, balanced tags, quoted unique attributes, only
 * the predefined entities) and returns its elements in document order. Throws with the position otherwise.
 */
export function parseXml(xml: string): XmlElement[] {
  const elements: XmlElement[] = [];
  const open: XmlElement[] = [];
  let roots = 0;
  let i = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${i}: ${JSON.stringify(xml.slice(i, i + 60))}`);
  };
  const checkText = (text: string) => {
    if (text.replace(ENTITY, '').includes('&')) fail('a bare & in text');
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) fail('a control character');
  };
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    checkText(text);
    if (text.trim() && !open.length) fail('text outside the root element');
    if (open.length) open[open.length - 1].text += decode(text);
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end === -1) fail('an unterminated comment');
      i = end + 3;
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(xml.slice(i));
    if (close) {
      const top = open.pop();
      if (!top || top.name !== close[1]) fail(`</${close[1]}> does not close <${top?.name ?? '(nothing)'}>`);
      i += close[0].length;
      continue;
    }
    const tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(i));
    if (!tag) fail('a malformed tag');
    const attributes: Record<string, string> = {};
    for (const a of tag![2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g)) {
      if (a[1] in attributes) fail(`a repeated attribute ${a[1]}`);
      const value = a[2] ?? a[3];
      checkText(value);
      attributes[a[1]] = decode(value);
    }
    const element = { name: tag![1], attributes, text: '' };
    elements.push(element);
    if (!open.length) roots++;
    if (roots > 1) fail('a second root element');
    if (!tag![3]) open.push(element);
    i += tag![0].length;
  }
  if (open.length) throw new Error(`unclosed <${open[open.length - 1].name}>`);
  if (roots !== 1) throw new Error('no root element');
  return elements;
}
