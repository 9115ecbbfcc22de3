/**
 * The pipeline YAML that `upload` and `run` send: read from a .yaml file, or compiled in memory from the
 * pipeline a .ts/.js file exports.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KfpDefinitionError } from '@kfp-ts/dsl';
import { compileToYaml } from '../compile.js';
import { warn } from './json-output.js';
import { choosePipeline, importUserModule } from './load-pipeline.js';

/** A pipeline ready to send: its YAML text, its name and its input parameter types. */
export interface PipelineSource {
  yaml: string;
  /** `pipelineInfo.name` of the spec. */
  name: string;
  /** Root input parameters and their IR types (`STRING`, `NUMBER_INTEGER`, …). */
  parameterTypes: Record<string, string>;
}

export async function loadPipelineSource(file: string, exportName?: string): Promise<PipelineSource> {
  const ext = extname(file).toLowerCase();
  let yaml: string;
  if (ext === '.yaml' || ext === '.yml') {
    try {
      yaml = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new KfpDefinitionError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(e as Error).message}`);
    }
  } else {
    const mod = await importUserModule(file);
    yaml = compileToYaml(choosePipeline(file, mod, exportName), { onWarning: warn });
  }
  return { yaml, ...describeSpec(file, yaml) };
}

function describeSpec(file: string, yaml: string): { name: string; parameterTypes: Record<string, string> } {
  const doc = parseAllDocuments(yaml)[0];
  const spec = doc && !('errors' in doc && doc.errors.length) ? (doc.toJS() as Record<string, any> | null) : null;
  const name = spec?.pipelineInfo?.name;
  if (typeof name !== 'string' || !name) throw new KfpDefinitionError(`${file} is not a KFP pipeline YAML (no pipelineInfo.name)`);
  const parameters = (spec?.root?.inputDefinitions?.parameters ?? {}) as Record<string, { parameterType?: string }>;
  const parameterTypes = Object.fromEntries(Object.entries(parameters).map(([key, p]) => [key, p.parameterType ?? 'STRING']));
  return { name, parameterTypes };
}
