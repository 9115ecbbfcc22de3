/**
 * Code frames: the lines of the user's file around an error, with line numbers and a caret under the
 * column, printed under the one-line message so the offending code is seen in context:
 *
 * ```
 *   12 |   const a = produce();
 * > 13 |   consume({ count: a.outputs.data });
 *      |   ^
 *   14 | });
 * ```
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A 1-based line and column in a file. */
export interface FramePosition {
  file: string;
  line: number;
  column: number;
}

export interface CodeFrameOptions {
  /** ANSI colours for a terminal. */
  color?: boolean;
  /** Lines shown before and after the line of the error (default 2). */
  context?: number;
}

/** Lines longer than this are shown as a window around the column (minified or generated code). */
const MAX_SHOWN = 120;
/** Files larger than this are not read for a frame (they are not hand-written sources). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

const ANSI = { red: '\x1b[31m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };

/**
 * The frame of `source` at a 1-based `line` and `column`; undefined when the line is not in the text.
 * A column past the end of the line puts the caret just after its last character.
 */
export function codeFrame(source: string, line: number, column: number, options: CodeFrameOptions = {}): string | undefined {
  const lines = source.split(/\r\n|\r|\n/);
  // The empty "line" after a final newline is not a line of the file.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (!Number.isInteger(line) || line < 1 || line > lines.length) return undefined;
  const context = options.context ?? 2;
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const paint = (codes: string, text: string) => (options.color ? `${codes}${text}${ANSI.reset}` : text);

  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const isErrorLine = n === line;
    const shown = isErrorLine ? windowAround(lines[n - 1], column) : windowAround(lines[n - 1], 1);
    const gutter = `${isErrorLine ? '>' : ' '} ${String(n).padStart(width)} |`;
    out.push((isErrorLine ? paint(ANSI.red + ANSI.bold, gutter) : paint(ANSI.dim, gutter)) + (shown.text ? ` ${shown.text}` : ''));
    if (isErrorLine) {
      out.push(`${paint(ANSI.dim, `  ${' '.repeat(width)} |`)} ${shown.caretIndent}${paint(ANSI.red + ANSI.bold, '^')}`);
    }
  }
  return out.join('\n');
}

/** The frame of a position in a file on disk; undefined when the file cannot be read or lacks the line. */
export function codeFrameOfFile(position: FramePosition, options: CodeFrameOptions = {}): string | undefined {
  const path = filePath(position.file);
  if (!path) return undefined;
  let source: string;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return undefined;
    source = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return codeFrame(source, position.line, position.column, options);
}

/**
 * Whether text written to `stream` should be coloured: on a terminal, unless NO_COLOR is set (no-color.org);
 * FORCE_COLOR (other than 0) asks for colour anywhere.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true;
}

/** A path on disk from a location's file: `file://` URLs decoded, a loader's `?query` suffix dropped. */
function filePath(file: string): string | undefined {
  try {
    if (file.startsWith('file://')) return fileURLToPath(file.replace(/\?.*$/, ''));
  } catch {
    return undefined;
  }
  return file.replace(/\?.*$/, '');
}

/**
 * The part of a line to show, and the indent that puts a caret under `column`. Tabs before the column stay
 * tabs in the indent, so the caret lines up however the terminal expands them.
 */
function windowAround(text: string, column: number): { text: string; caretIndent: string } {
  const index = Math.min(Math.max(column - 1, 0), text.length);
  let start = 0;
  let end = text.length;
  if (text.length > MAX_SHOWN) {
    start = Math.max(0, Math.min(index - MAX_SHOWN / 2, text.length - MAX_SHOWN));
    end = start + MAX_SHOWN;
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const caretIndent = (prefix ? ' ' : '') + text.slice(start, index).replace(/[^\t]/g, ' ');
  return { text: prefix + text.slice(start, end) + suffix, caretIndent };
}
