/**
 * The compiler's public entry points: pipeline → IR documents → validated YAML text → file.
 */
import { asPipeline, isComponent, KfpDefinitionError, type AnyComponent } from '@kfp-ts/dsl';
import { buildPipelineSpec, type BuildOptions } from './build/pipeline-spec.js';
import { loadedPipelineSpec } from './build/loaded-pipeline.js';
import { toYaml } from './emit/yaml.js';
import { writeFileAtomic } from './emit/write-file.js';
import type { CompiledPipeline } from './ir/types.js';
import { backendIssues } from './validate/backend-rules.js';
import { validateDocuments } from './validate/validate.js';

export type CompileOptions = BuildOptions;

/**
 * Compiles a pipeline to its IR documents, validated against the IR's JSON Schema. A component given on
 * its own compiles as a pipeline of one task with the component's interface, as in the Python SDK.
 *
 * @example
 * import { compile } from '@kfp-ts/compiler';
 * import { containerComponent, pipeline, t } from '@kfp-ts/dsl';
 * const sample = containerComponent({ name: 'sample', inputs: { rows: t.integer() }, image: 'alpine:3.20', command: ['echo'], args: ({ inputs }) => [inputs.rows] });
 * const sampling = pipeline({ name: 'sampling', inputs: { rows: t.integer() } }, ({ rows }) => {
 *   sample({ rows });
 * });
 * const { pipelineSpec, warnings } = compile(sampling, { pipelineParameters: { rows: 10 } });
 */
export function compile(target: AnyComponent, options: CompileOptions = {}): CompiledPipeline {
  if (!isComponent(target)) {
    throw new KfpDefinitionError('compile() takes a pipeline declared with pipeline() or a component');
  }
  const impl = target.spec.implementation;
  // A compiled pipeline loaded from YAML is written back as it was read (with compile-time parameters applied).
  const compiled =
    impl.kind === 'ir' ? loadedPipelineSpec(target.spec, impl.ir, options) : buildPipelineSpec(asPipeline(target).graph, options);
  // IR that the backend would reject can come in through a loaded YAML pipeline: the user's to fix.
  const rejected = backendIssues(compiled.pipelineSpec);
  if (rejected.length) {
    throw new KfpDefinitionError(`the pipeline cannot run on the KFP backend: ${rejected[0].path}: ${rejected[0].message}`, {
      pipeline: target.spec.name,
    });
  }
  const issues = validateDocuments(compiled.pipelineSpec, compiled.platformSpec);
  if (issues.length) {
    const list = issues.slice(0, 10).map((i) => `  ${i.document} ${i.path}: ${i.message}`).join('\n');
    throw new KfpDefinitionError(`the compiled IR failed validation (this is a kfp-ts bug; please report it):\n${list}`, {
      pipeline: target.spec.name,
    });
  }
  for (const warning of compiled.warnings ?? []) options.onWarning?.(warning);
  return compiled;
}

/** Compiles a pipeline (or a component on its own) to YAML text. */
export function compileToYaml(pipeline: AnyComponent, options: CompileOptions = {}): string {
  return toYaml(compile(pipeline, options));
}

/** Compiles a pipeline (or a component on its own) and writes the YAML; on any error no file is written. */
export function compileToFile(pipeline: AnyComponent, path: string, options: CompileOptions = {}): void {
  if (!/\.ya?ml$/i.test(path)) {
    throw new KfpDefinitionError(`the output file '${path}' should end with .yaml or .yml`, { field: 'output' });
  }
  writeFileAtomic(path, compileToYaml(pipeline, options));
}
