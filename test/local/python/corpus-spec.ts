/** Compiles a corpus case's conformance port, to run its Python components. */
import { pathToFileURL } from 'node:url';
import type { AnyComponent } from '@kfp-ts/dsl';
import { corpusCases } from '../../conformance/corpus.js';
import { Golden } from '../../conformance/golden.js';
import { portPath, type Port } from '../../conformance/harness.js';
import { specOf } from './harness.js';

/** The compiled PipelineSpec of a corpus case's port. */
export async function corpusSpec(id: string): Promise<Record<string, any>> {
  const found = corpusCases().find((c) => c.id === id);
  if (!found) throw new Error(`no corpus case ${id}`);
  const port = ((await import(pathToFileURL(portPath(found)).href)) as { default: Port }).default;
  const built = port(new Golden(found.goldenPath));
  return specOf(typeof built === 'function' ? built : (built.pipeline as AnyComponent));
}
