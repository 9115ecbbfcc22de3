/**
 * Turns any failure into one clear message for the terminal: definition errors with their context and
 * source location, TypeScript syntax errors with their position, missing modules, and anything else by its
 * message and the user's line that raised it. Never a stack trace (unless KFP_TS_DEBUG is set).
 */
import { isKfpDefinitionError } from '@kfp-ts/dsl';

export function formatError(e: unknown): string {
  const text = describeError(e);
  if (process.env.KFP_TS_DEBUG && e instanceof Error && e.stack) return `${text}\n${e.stack}`;
  return text;
}

function describeError(e: unknown): string {
  if (isKfpDefinitionError(e)) return e.describe();
  if (!(e instanceof Error)) return `the pipeline file threw ${typeof e === 'string' ? JSON.stringify(e) : String(e)}`;
  const syntax = syntaxErrors(e);
  if (syntax) return syntax;
  // Node's "Cannot find module" messages go on with a multi-line require stack: keep the first line.
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    const requiredBy = (e as Error & { requireStack?: string[] }).requireStack?.[0];
    return e.message.split('\n')[0] + (requiredBy ? ` (required by ${requiredBy.replace(/\?.*$/, '')})` : '');
  }
  const message = e.message;
  const where = userFrame(e.stack);
  return `${message}${where ? ` (at ${where})` : ''}`;
}

/**
 * esbuild (through tsx) reports TypeScript it cannot parse as `Transform failed with N error(s):` followed by
 * `file:line:column: ERROR: text` lines; some versions also attach them as structured `errors`.
 */
function syntaxErrors(e: Error): string | undefined {
  const structured = (e as Error & { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
  if (Array.isArray(structured) && structured.length && typeof structured[0]?.text === 'string') {
    return structured
      .map((m) => `cannot compile TypeScript: ${m.text}` + (m.location ? ` (at ${m.location.file}:${m.location.line}:${m.location.column})` : ''))
      .join('\n');
  }
  if (!/^Transform failed with \d+ errors?:/.test(e.message)) return undefined;
  return e.message
    .split('\n')
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => {
      const m = /^(.*?:\d+:\d+): (?:ERROR|error): (.*)$/.exec(line);
      return m ? `cannot compile TypeScript: ${m[2]} (at ${m[1]})` : `cannot compile TypeScript: ${line}`;
    })
    .join('\n');
}

/** The first stack frame in the user's code, for errors the user's module threw itself. */
function userFrame(stack: string | undefined): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    if (/node_modules|node:internal|^data:|[\\/]packages[\\/](dsl|compiler)[\\/](src|dist)[\\/]/.test(m[1])) continue;
    const where = m[1].replace(/^file:\/\//, '').replace(/\?[^:]*(?=:\d+:\d+$)/, '');
    try {
      return decodeURIComponent(where);
    } catch {
      return where;
    }
  }
  return undefined;
}
