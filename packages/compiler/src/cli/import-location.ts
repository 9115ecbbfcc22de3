/**
 * Where a file imports a module that cannot be found. Node names the missing module and the importing file
 * ("Cannot find package 'x' imported from /p/pipeline.ts", or a require stack), not the line: the import is
 * found by its specifier in the importing file's text.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import type { JsonLocation } from './json-output.js';

/** The import of the missing module a module-not-found error is about; undefined when it cannot be told. */
export function importLocation(error: Error & { requireStack?: string[] }): JsonLocation | undefined {
  const firstLine = error.message.split('\n')[0];
  const esm = /^Cannot find (?:module|package) '([^']+)' imported from (.+)$/.exec(firstLine);
  const cjs = /^Cannot find module '([^']+)'/.exec(firstLine);
  const missing = esm?.[1] ?? cjs?.[1];
  const importer = esm?.[2] ?? error.requireStack?.[0];
  if (!missing || !importer) return undefined;
  const file = importer.replace(/^file:\/\//, '').replace(/\?.*$/, '');
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const importSpecifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;
  for (const m of source.matchAll(importSpecifier)) {
    if (!names(m[2], missing, file)) continue;
    const offset = m.index + m[0].length - m[2].length - 2;
    const before = source.slice(0, offset).split(/\r\n|\r|\n/);
    return { file, line: before.length, column: before[before.length - 1].length + 1 };
  }
  return undefined;
}

/** Whether `specifier`, written in `importer`, names `missing`: a package (or a file in it), or a resolved path. */
function names(specifier: string, missing: string, importer: string): boolean {
  if (!specifier.startsWith('.') && !isAbsolute(specifier)) return specifier === missing || specifier.startsWith(`${missing}/`);
  if (!isAbsolute(missing)) return specifier === missing;
  // The loader may have tried another extension (./helper → helper.ts, ./helper.js → helper.ts).
  const withoutExtension = (path: string) => path.slice(0, path.length - extname(path).length);
  return withoutExtension(resolve(dirname(importer), specifier)) === withoutExtension(missing);
}
