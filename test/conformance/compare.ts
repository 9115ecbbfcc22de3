/**
 * Compares compiled IR with a golden by value (numbers by numeric value, maps regardless of key order),
 * ignoring only the top-level `sdkVersion`. Returns readable differences, empty when identical.
 * Archives embedded in Python programs are compared by their decoded contents (see embedded-archive.ts).
 */
import { decodeEmbeddedArchive, embeddedArchives, withoutEmbeddedArchives } from './embedded-archive.js';

export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 160 ? s.slice(0, 157) + '...' : s;
}

export function formatDifferences(diffs: Difference[], limit = 12): string {
  const lines = diffs.slice(0, limit).map((d) => `  ${d.path}: expected ${show(d.expected)}, got ${show(d.actual)}`);
  if (diffs.length > limit) lines.push(`  … and ${diffs.length - limit} more`);
  return lines.join('\n');
}

function walk(expected: unknown, actual: unknown, path: string, out: Difference[]): void {
  if (expected === actual) return;
  if (typeof expected === 'string' && typeof actual === 'string' && embeddedArchives(expected).length > 0) {
    compareWithEmbeddedArchives(expected, actual, path, out);
    return;
  }
  if (typeof expected === 'number' && typeof actual === 'number' && expected === actual) return;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      out.push({ path: `${path} (length)`, expected: expected.length, actual: actual.length });
    }
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) walk(expected[i], actual[i], `${path}[${i}]`, out);
    return;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of [...keys].sort()) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in actual)) out.push({ path: p, expected: expected[k], actual: undefined });
      else if (!(k in expected)) out.push({ path: p, expected: undefined, actual: actual[k] });
      else walk(expected[k], actual[k], p, out);
    }
    return;
  }
  out.push({ path: path || '(document)', expected, actual });
}

/** Strings holding embedded archives: the text around them as is, the archives by what they extract to. */
function compareWithEmbeddedArchives(expected: string, actual: string, path: string, out: Difference[]): void {
  if (withoutEmbeddedArchives(expected) !== withoutEmbeddedArchives(actual)) {
    out.push({ path, expected, actual });
    return;
  }
  const expectedArchives = embeddedArchives(expected);
  const actualArchives = embeddedArchives(actual);
  expectedArchives.forEach((archive, i) => {
    const decode = (base64: string) => {
      try {
        return decodeEmbeddedArchive(base64);
      } catch (e) {
        return `undecodable archive: ${(e as Error).message}`;
      }
    };
    walk(decode(archive), decode(actualArchives[i]), `${path} (embedded archive ${i + 1})`, out);
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Differences between golden documents and compiled documents. */
export function compareDocuments(expected: unknown[], actual: unknown[]): Difference[] {
  const out: Difference[] = [];
  if (expected.length !== actual.length) {
    out.push({ path: '(number of YAML documents)', expected: expected.length, actual: actual.length });
  }
  for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
    const e = withoutSdkVersion(expected[i]);
    const a = withoutSdkVersion(actual[i]);
    walk(e, a, i === 0 ? '' : `[doc ${i + 1}]`, out);
  }
  return out;
}

function withoutSdkVersion(doc: unknown): unknown {
  if (!isObject(doc)) return doc;
  const { sdkVersion: _ignored, ...rest } = doc;
  return rest;
}
