/**
 * Turns any failure into one clear line for the terminal: definition errors with their context and source
 * location, syntax errors from loading TypeScript with their position, and anything else by message.
 */
import { isKfpDefinitionError } from '@kfp-ts/dsl';

export function formatError(e: unknown): string {
  if (isKfpDefinitionError(e)) return e.describe();
  if (e instanceof Error) {
    // esbuild (through tsx) reports TypeScript syntax errors with their file, line and column.
    const esbuild = e as Error & { errors?: { text: string; location?: { file: string; line: number; column: number } }[] };
    if (Array.isArray(esbuild.errors) && esbuild.errors.length) {
      return esbuild.errors
        .map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text))
        .join('\n');
    }
    const where = userFrame(e.stack);
    return `${e.message}${where ? ` (at ${where})` : ''}`;
  }
  return String(e);
}

/** The first stack frame in the user's code, for errors the user's module threw itself. */
function userFrame(stack: string | undefined): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    if (/node_modules|node:internal|[\\/]packages[\\/](dsl|compiler)[\\/]/.test(m[1])) continue;
    return m[1].replace(/^file:\/\//, '');
  }
  return undefined;
}
