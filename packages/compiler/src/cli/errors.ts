/**
 * Turns any failure into one clear message for the terminal: definition errors with their context and
 * source location, TypeScript syntax errors with their position, missing modules, and anything else by its
 * message and the user's line that raised it — followed by a code frame of the user's source when the
 * location is known. Never a stack trace (unless KFP_TS_DEBUG is set). The same description, in parts,
 * is the `error` of `--json` results.
 */
import { isKfpDefinitionError } from '@kfp-ts/dsl';
import { codeFrameOfFile } from './code-frame.js';
import { importLocation } from './import-location.js';
import type { JsonError, JsonLocation } from './json-output.js';

/** An error described for people (one line) and for programs (its parts). */
export interface DescribedError {
  /** What follows `error: `: the message with its context and source location (one line per syntax error). */
  text: string;
  report: JsonError;
}

/** `error: <message>`, then a code frame of the user's source at the error's location when it can be read. */
export function errorForTerminal(e: unknown, options: { color?: boolean } = {}): string {
  const { text, report } = describeError(e);
  const frame = report.location ? codeFrameOfFile(report.location, options) : undefined;
  const stack = process.env.KFP_TS_DEBUG && e instanceof Error && e.stack ? `${e.stack}\n` : '';
  return `error: ${text}\n${frame ? `${frame}\n` : ''}${stack}`;
}

export function describeError(e: unknown): DescribedError {
  if (isKfpDefinitionError(e)) {
    const { pipeline, task, field, location } = e.context;
    const context = { ...(pipeline ? { pipeline } : {}), ...(task ? { task } : {}), ...(field ? { field } : {}) };
    return { text: e.describe(), report: { message: e.message, ...context, ...(location ? { location: { ...location } } : {}) } };
  }
  if (!(e instanceof Error)) {
    const message = `the pipeline file threw ${typeof e === 'string' ? JSON.stringify(e) : String(e)}`;
    return { text: message, report: { message } };
  }
  const syntax = syntaxErrors(e);
  if (syntax) return syntax;
  // Node's "Cannot find module" messages go on with a multi-line require stack: keep the first line.
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    const requiredBy = (e as Error & { requireStack?: string[] }).requireStack?.[0];
    const message = e.message.split('\n')[0] + (requiredBy ? ` (required by ${requiredBy.replace(/\?.*$/, '')})` : '');
    const location = importLocation(e);
    return { text: message, report: { message, ...(location ? { location } : {}) } };
  }
  const status = (e as Error & { status?: unknown }).status;
  if (e.name === 'KfpApiError' && typeof status === 'number') return { text: e.message, report: { message: e.message, httpStatus: status } };
  const location = userFrame(e.stack);
  return {
    text: `${e.message}${location ? ` (at ${location.file}:${location.line}:${location.column})` : ''}`,
    report: { message: e.message, ...(location ? { location } : {}) },
  };
}

/**
 * esbuild (through tsx) reports TypeScript it cannot parse as `Transform failed with N error(s):` followed by
 * `file:line:column: ERROR: text` lines; some versions also attach them as structured `errors`. esbuild counts
 * columns from 0: they are shown from 1, like every other location.
 */
function syntaxErrors(e: Error): DescribedError | undefined {
  type EsbuildMessage = { text: string; location?: { file: string; line: number; column: number } | null };
  const structured = (e as Error & { errors?: EsbuildMessage[] }).errors;
  let found: { text: string; location?: JsonLocation }[];
  if (Array.isArray(structured) && structured.length && typeof structured[0]?.text === 'string') {
    found = structured.map((m) => ({
      text: m.text,
      ...(m.location ? { location: { file: m.location.file, line: m.location.line, column: m.location.column + 1 } } : {}),
    }));
  } else if (/^Transform failed with \d+ errors?:/.test(e.message)) {
    found = e.message
      .split('\n')
      .slice(1)
      .filter((line) => line.trim())
      .map((line) => {
        const m = /^(.*?):(\d+):(\d+): (?:ERROR|error): (.*)$/.exec(line);
        return m ? { text: m[4], location: { file: m[1], line: Number(m[2]), column: Number(m[3]) + 1 } } : { text: line };
      });
  } else {
    return undefined;
  }
  const lines = found.map((f) => `cannot compile TypeScript: ${f.text}`);
  const at = (location: JsonLocation | undefined) => (location ? ` (at ${location.file}:${location.line}:${location.column})` : '');
  const location = found.find((f) => f.location)?.location;
  return {
    text: lines.map((line, i) => line + at(found[i].location)).join('\n'),
    report: { message: lines.join('\n'), ...(location ? { location } : {}) },
  };
}

/** The first stack frame in the user's code, for errors the user's module threw itself. */
function userFrame(stack: string | undefined): JsonLocation | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    if (/node_modules|node:internal|^data:|[\\/]packages[\\/](dsl|compiler)[\\/](src|dist)[\\/]/.test(m[1])) continue;
    const file = m[1].replace(/^file:\/\//, '').replace(/\?.*$/, '');
    let decoded = file;
    try {
      decoded = decodeURIComponent(file);
    } catch {
      // Not percent-encoded after all: keep it as written.
    }
    return { file: decoded, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
