/**
 * Where the problems `validate` finds are in the YAML text: the position of a parse error, or the line of
 * the field a schema issue names (its key; for a missing field, the mapping that lacks it).
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { SchemaIssue } from '../validate/validate.js';

/** A 1-based line and column. */
export interface YamlPosition {
  line: number;
  column: number;
}

/** Finds the position of each issue in `text`, in order (undefined where none can be told). */
export function issuePositions(text: string, issues: readonly SchemaIssue[]): (YamlPosition | undefined)[] {
  const lines = new LineCounter();
  let documents: Document.Parsed[];
  try {
    documents = [...parseAllDocuments(text, { lineCounter: lines })];
  } catch {
    return issues.map(() => undefined);
  }
  const parseError = documents.flatMap((d) => d.errors)[0];
  if (parseError) {
    const at = parseError.linePos?.[0];
    return issues.map(() => (at ? { line: at.line, column: at.col } : undefined));
  }
  // As validation reads them: the PipelineSpec, then the PlatformSpec, skipping empty documents.
  const byKind = documents.filter((d) => d.contents !== null);
  return issues.map((issue) => {
    const doc = byKind[issue.document === 'PlatformSpec' ? 1 : 0];
    const segments = issue.path ? pathSegments(issue.path) : undefined;
    if (!doc || !segments) return undefined;
    const offset = offsetOf(doc, segments);
    if (offset === undefined) return undefined;
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  });
}

/**
 * The keys and indexes of a readable path as validation writes it: `root.dag.tasks["a.b"].inputs[0]`
 * (`(document)` for the document itself). Undefined when the text is not such a path.
 */
export function pathSegments(path: string): (string | number)[] | undefined {
  if (path === '(document)') return [];
  const segments: (string | number)[] = [];
  const token = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = path;
  while (rest) {
    const m = token.exec(rest);
    if (!m) return undefined;
    segments.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
    rest = rest.slice(m[0].length);
  }
  return segments;
}

/**
 * The text offset of the node at `segments`: its key in a mapping. For a missing node, the deepest one on the
 * path that exists; none when that would be the document itself (a missing top-level field is nowhere).
 */
function offsetOf(doc: Document.Parsed, segments: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = segments.length === 0 ? rangeStart(node) : undefined;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
