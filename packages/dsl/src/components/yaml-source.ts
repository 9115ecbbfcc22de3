/**
 * A component YAML text being loaded: its parsed documents, and errors that point at the offending field
 * (by path and, when the YAML node is known, by line).
 */
import { LineCounter, parseAllDocuments, type Document, type ScalarTag, type Tags } from 'yaml';
import { callerLocation, KfpDefinitionError, type SourceLocation } from '../errors.js';

/** A path into a YAML document: mapping keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

export class YamlSource {
  /** The component's name, once known, for error messages. */
  componentName: string | undefined;
  /** The documents as plain JavaScript values. */
  readonly documents: unknown[] = [];
  private readonly parsed: Document.Parsed[] = [];
  private readonly lines = new LineCounter();
  /** Where the user called the loader: the error location when the YAML has no file of its own. */
  private readonly caller: SourceLocation | undefined;

  /** Parses `text` (YAML 1.1 as PyYAML reads it, like the Python SDK). `file` names the text in error messages. */
  constructor(
    text: string,
    readonly file?: string,
  ) {
    this.caller = callerLocation();
    if (typeof text !== 'string') throw this.fail(`expected YAML text (a string), got ${typeof text}`);
    this.parsed = [...parseAllDocuments(text, { version: '1.1', customTags: asPyYaml, lineCounter: this.lines })];
    for (const doc of this.parsed) {
      const problem = doc.errors[0];
      if (problem) {
        const pos = problem.linePos?.[0];
        throw this.fail(`invalid YAML: ${problem.message.split('\n')[0]}`, undefined, pos ? { position: { line: pos.line, column: pos.col } } : {});
      }
    }
    try {
      this.documents = this.parsed.map((doc) => doc.toJS({ maxAliasCount: 100 }));
    } catch (e) {
      throw this.fail(`invalid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  /**
   * An error about the field at `path` (of the first document, unless `where.document` says otherwise):
   * "component 'x' (file.yaml, line 7): inputs[0].type: …".
   */
  fail(message: string, path?: YamlPath, where: { document?: number; position?: { line: number; column: number } } = {}): KfpDefinitionError {
    const at = where.position ?? this.positionOf(path ?? [], where.document ?? 0);
    const origin: string[] = [];
    if (this.file) origin.push(this.file);
    if (at) origin.push(`line ${at.line}`);
    const subject = this.componentName !== undefined ? `component '${this.componentName}'` : 'component YAML';
    const field = path && path.length ? fieldName(path) : undefined;
    const text = `${subject}${origin.length ? ` (${origin.join(', ')})` : ''}: ${field ? `${field}: ` : ''}${message}`;
    const location = this.file && at ? { file: this.file, line: at.line, column: at.column } : this.caller;
    return new KfpDefinitionError(text, { ...(field ? { field } : {}), ...(location ? { location } : {}) });
  }

  private positionOf(path: YamlPath, documentIndex: number): { line: number; column: number } | undefined {
    const doc = this.parsed[documentIndex];
    if (!doc) return undefined;
    // The deepest node that exists along the path: a missing field is reported at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) {
        const pos = this.lines.linePos(range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  }
}

/**
 * PyYAML reads a few YAML 1.1 scalars differently from the spec: `y`/`n` are strings, and a float needs a
 * dot (`1e5` is a string). Compiled IR relies on this: PyYAML writes such strings unquoted.
 */
function asPyYaml(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || !tag.test) return tag;
    const scalar = tag as ScalarTag;
    if (scalar.tag === 'tag:yaml.org,2002:bool') {
      const test = scalar.identify?.(true) ? /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/ : /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
      return { ...scalar, test };
    }
    if (scalar.tag === 'tag:yaml.org,2002:float' && scalar.format === 'EXP') {
      return { ...scalar, test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)[eE][-+][0-9]+$/ };
    }
    return tag;
  });
}

/** `inputs[2].default`, `implementation.container.args[3]`. */
export function fieldName(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** True for a YAML mapping (a plain object). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
