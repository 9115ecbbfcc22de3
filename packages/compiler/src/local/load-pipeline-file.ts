/**
 * The pipeline a local run runs: compiled in memory from the pipeline a .ts/.js file exports (as
 * `kfp-ts compile` would compile it), or read from IR YAML (the PipelineSpec, then the PlatformSpec when
 * the file has one). From a source file the TypeScript components are known too, so that the launcher can
 * run them from their code.
 */
import { extname } from 'node:path';
import type { ComponentSpec, PipelineGraph } from '@kfp-ts/dsl';
import { choosePipeline, importUserModule } from '../cli/load-pipeline.js';
import { compile } from '../compile.js';
import { readIrYaml } from '../ir/read-ir-yaml.js';
import type { PipelineSpec, PlatformSpec } from '../ir/types.js';
import { LocalRunError } from './errors.js';

export interface LocalPipeline {
  readonly pipelineSpec: PipelineSpec;
  readonly platformSpec?: PlatformSpec;
  /** The TypeScript components of the pipeline (and of the pipelines it nests), by component name. */
  readonly tsComponents?: ReadonlyMap<string, ComponentSpec>;
}

/** The TypeScript components a pipeline graph calls, nested pipelines included. */
export function typescriptComponents(graph: PipelineGraph, found = new Map<string, ComponentSpec>()): Map<string, ComponentSpec> {
  for (const task of graph.tasks) {
    const impl = task.component.implementation;
    if (impl.kind === 'container' && impl.container.typescript) found.set(task.component.name, task.component);
    else if (impl.kind === 'graph') typescriptComponents(impl.graph(), found);
  }
  return found;
}

function readYamlPipeline(file: string): LocalPipeline {
  const { pipelineSpec, platformSpec } = readIrYaml(file);
  if (!pipelineSpec.pipelineInfo?.name || !pipelineSpec.root) {
    throw new LocalRunError(`${file} is not a KFP pipeline YAML (no pipelineInfo.name and root)`);
  }
  return { pipelineSpec, ...(platformSpec ? { platformSpec } : {}) };
}

/**
 * Loads the pipeline of a `.ts`/`.js` file (the export `exportName`, or its only pipeline) or of an IR YAML
 * file. Compile warnings go to `onWarning`.
 *
 * @throws LocalRunError for an unreadable YAML file; definition errors of a source file as the compiler raises them.
 */
export async function loadLocalPipeline(file: string, exportName?: string, onWarning?: (message: string) => void): Promise<LocalPipeline> {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return readYamlPipeline(file);
  const mod = await importUserModule(file);
  const chosen = choosePipeline(file, mod, exportName);
  const compiled = compile(chosen, onWarning ? { onWarning } : {});
  const impl = chosen.spec.implementation;
  const tsComponents = impl.kind === 'graph' ? typescriptComponents(impl.graph()) : undefined;
  return {
    pipelineSpec: compiled.pipelineSpec,
    ...(compiled.platformSpec ? { platformSpec: compiled.platformSpec } : {}),
    ...(tsComponents?.size ? { tsComponents } : {}),
  };
}
