/**
 * Loads a user's `.ts` (or `.js`) pipeline file directly — no build step — and picks the pipeline to
 * compile among its exports.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { asPipeline, isComponent, isPipeline, KfpDefinitionError, type AnyComponent, type Pipeline } from '@kfp-ts/dsl';

/** Imports a module from a TypeScript or JavaScript file. */
export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  const path = resolve(file);
  if (!existsSync(path)) throw new KfpDefinitionError(`no such file: ${file}`);
  if (statSync(path).isDirectory()) throw new KfpDefinitionError(`${file} is a directory: give the pipeline's .ts file`);
  await loadTypeScriptHooks();
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

let hooksLoaded = false;

/**
 * Lets Node import TypeScript: tsx compiles each file on the fly with esbuild, so the user's file needs no
 * build step. Both module systems are hooked, so a `.ts` file in a CommonJS package loads too; with source
 * maps on, errors thrown by the user's code point at its TypeScript lines. The hooks are process-wide,
 * which suits the one-shot CLI process.
 */
async function loadTypeScriptHooks(): Promise<void> {
  if (hooksLoaded) return;
  hooksLoaded = true;
  process.setSourceMapsEnabled(true);
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  esm.register();
  cjs.register();
}

/** The pipelines a module exports, by export name. */
export function exportedPipelines(mod: Record<string, unknown>): Map<string, Pipeline> {
  const found = new Map<string, Pipeline>();
  for (const [name, value] of Object.entries(mod)) {
    if (isPipeline(value)) found.set(name, value);
  }
  // A CommonJS-style default export object may hold the pipelines.
  const dflt = mod.default;
  if (dflt && typeof dflt === 'object' && !isPipeline(dflt)) {
    for (const [name, value] of Object.entries(dflt)) if (isPipeline(value) && !found.has(name)) found.set(name, value);
  }
  return found;
}

/** Chooses the pipeline to compile: the named export, or the only one. */
export function choosePipeline(file: string, mod: Record<string, unknown>, exportName?: string): Pipeline {
  const pipelines = exportedPipelines(mod);
  if (exportName !== undefined) {
    const chosen = pipelines.get(exportName);
    if (chosen) return chosen;
    // A component named explicitly compiles on its own, as a pipeline of one task (as in the Python SDK).
    if (isComponent(mod[exportName])) return asPipeline(mod[exportName] as AnyComponent);
    if (exportName in mod) throw new KfpDefinitionError(`export '${exportName}' of ${file} is not a pipeline (declare it with pipeline())`);
    throw new KfpDefinitionError(
      `${file} has no export named '${exportName}'` + (pipelines.size ? ` (its pipelines: ${[...pipelines.keys()].join(', ')})` : ''),
    );
  }
  if (pipelines.size === 1) return [...pipelines.values()][0];
  if (pipelines.size === 0) {
    const components = Object.keys(mod).filter((name) => isComponent(mod[name]));
    throw new KfpDefinitionError(
      `${file} exports no pipeline: export one declared with pipeline()` +
        (components.length ? `, or compile a component on its own with --pipeline <exportName> (its components: ${components.join(', ')})` : ''),
    );
  }
  const dflt = mod.default;
  if (isPipeline(dflt)) return dflt;
  throw new KfpDefinitionError(
    `${file} exports several pipelines (${[...pipelines.keys()].join(', ')}): choose one with --pipeline <exportName>`,
  );
}
