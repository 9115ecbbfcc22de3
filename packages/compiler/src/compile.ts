/**
 * The compiler's public entry points: pipeline → IR documents → validated YAML text → file.
 */
import { isPipeline, KfpDefinitionError, type Pipeline } from '@kfp-ts/dsl';
import { buildPipelineSpec, type BuildOptions } from './build/pipeline-spec.js';
import { toYaml } from './emit/yaml.js';
import { writeFileAtomic } from './emit/write-file.js';
import type { CompiledPipeline } from './ir/types.js';
import { validateDocuments } from './validate/validate.js';

export type CompileOptions = BuildOptions;

/**
 * Compiles a pipeline to its IR documents, validated against the IR's JSON Schema.
 *
 * @example
 * import { compile } from '@kfp-ts/compiler';
 * // const { pipelineSpec } = compile(myPipeline, { pipelineParameters: { rows: 10 } });
 */
export function compile(pipeline: Pipeline, options: CompileOptions = {}): CompiledPipeline {
  if (!isPipeline(pipeline)) {
    throw new KfpDefinitionError('compile() takes a pipeline declared with pipeline()');
  }
  const compiled = buildPipelineSpec(pipeline.graph, options);
  const issues = validateDocuments(compiled.pipelineSpec, compiled.platformSpec);
  if (issues.length) {
    const list = issues.slice(0, 10).map((i) => `  ${i.document} ${i.path}: ${i.message}`).join('\n');
    throw new KfpDefinitionError(`the compiled IR failed validation (this is a kfp-ts bug; please report it):\n${list}`, {
      pipeline: pipeline.graph.name,
    });
  }
  return compiled;
}

/** Compiles a pipeline to YAML text. */
export function compileToYaml(pipeline: Pipeline, options: CompileOptions = {}): string {
  return toYaml(compile(pipeline, options));
}

/** Compiles a pipeline and writes the YAML; on any error no file is written. */
export function compileToFile(pipeline: Pipeline, path: string, options: CompileOptions = {}): void {
  if (!/\.ya?ml$/i.test(path)) {
    throw new KfpDefinitionError(`the output file '${path}' should end with .yaml or .yml`, { field: 'output' });
  }
  writeFileAtomic(path, compileToYaml(pipeline, options));
}
