/**
 * A component YAML text being loaded: its parsed documents, and errors that point at the offending field
 * (by path and, when the YAML node is known, by line).
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { callerLocation, KfpDefinitionError, type SourceLocation } from '../errors.js';

/** A path into a YAML document: mapping keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

export class YamlSource {
  /** The component's name, once known, for error messages. */
  componentName: string | undefined;
  /** The documents as plain JavaScript values. */
  readonly documents: unknown[];
  private readonly parsed: Document.Parsed[];
  private readonly lines = new LineCounter();
  /** Where the user called the loader: the error location when the YAML has no file of its own. */
  private readonly caller: SourceLocation | undefined;

  /** Parses `text` (YAML 1.1, as the Python SDK reads it). `file` names the text in error messages. */
  constructor(
    text: string,
    readonly file?: string,
  ) {
    this.caller = callerLocation();
    if (typeof text !== 'string') throw this.fail(`the component YAML must be a string, got ${typeof text}`);
    this.parsed = [...parseAllDocuments(text, { version: '1.1', lineCounter: this.lines })];
    for (const doc of this.parsed) {
      const problem = doc.errors[0];
      if (problem) {
        const pos = problem.linePos?.[0];
        throw this.fail(`invalid YAML: ${problem.message.split('\n')[0]}`, undefined, pos ? { line: pos.line, column: pos.col } : undefined);
      }
    }
    try {
      this.documents = this.parsed.map((doc) => doc.toJS({ maxAliasCount: 100 }));
    } catch (e) {
      throw this.fail(`invalid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  /**
   * An error about the field at `path` of document `documentIndex`: "component 'x' (file.yaml, line 7): inputs[0].type: …".
   */
  fail(message: string, path?: YamlPath, position?: { line: number; column: number }, documentIndex = 0): KfpDefinitionError {
    const at = position ?? (path ? this.positionOf(path, documentIndex) : undefined);
    const where: string[] = [];
    if (this.file) where.push(this.file);
    if (at) where.push(`line ${at.line}`);
    const subject = this.componentName !== undefined ? `component '${this.componentName}'` : 'component YAML';
    const field = path && path.length ? fieldName(path) : undefined;
    const text = `${subject}${where.length ? ` (${where.join(', ')})` : ''}: ${field ? `${field}: ` : ''}${message}`;
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

/** `inputs[2].default`, `implementation.container.args[3]`. */
export function fieldName(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** True for a YAML mapping (a plain object). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
