/**
 * Compiles a conformance port and compares it with its golden. A port is `cases/<group>/<name>.ts`,
 * whose default export builds the pipeline (given the golden, to read Python sources from).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnyComponent } from '@kfp-ts/dsl';
import { compile, toYaml, type CompileOptions } from '@kfp-ts/compiler';
import { parseAllDocuments } from 'yaml';
import { compareDocuments, type Difference } from './compare.js';
import { readGoldenDocuments, type CorpusCase } from './corpus.js';
import { Golden } from './golden.js';

export const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'cases');

/**
 * What a port module exports: a builder of a pipeline (or of a component the case compiles on its own),
 * or of one with compile options.
 */
export type Port = (golden: Golden) => AnyComponent | { pipeline: AnyComponent; options?: CompileOptions };

export function portPath(c: CorpusCase): string {
  return join(casesDir, c.group, `${c.name}.ts`);
}

export function hasPort(c: CorpusCase): boolean {
  return existsSync(portPath(c));
}

export interface CaseResult {
  yaml: string;
  differences: Difference[];
}

/** Compiles a case's port and compares it with the golden. */
export async function runCase(c: CorpusCase): Promise<CaseResult> {
  const mod = (await import(pathToFileURL(portPath(c)).href)) as { default: Port };
  const built = mod.default(new Golden(c.goldenPath));
  const { pipeline, options } = typeof built === 'function' ? { pipeline: built, options: undefined } : built;
  const compiled = compile(pipeline, {
    ...(c.pipelineParameters ? { pipelineParameters: c.pipelineParameters } : {}),
    ...options,
  });
  const yaml = toYaml(compiled);
  const actual = parseAllDocuments(yaml).map((d) => d.toJS());
  return { yaml, differences: compareDocuments(readGoldenDocuments(c.goldenPath), actual) };
}
