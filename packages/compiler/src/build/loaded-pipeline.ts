/**
 * A compiled pipeline loaded from YAML and compiled again on its own: its documents are written back as
 * they were read (as the Python SDK does), with compile-time parameter values applied to the root.
 */
import { KfpDefinitionError, type ComponentSpec, type IrComponentSource } from '@kfp-ts/dsl';
import type { CompiledPipeline, PipelineSpec } from '../ir/types.js';
import type { BuildOptions } from './pipeline-spec.js';

export function loadedPipelineSpec(component: ComponentSpec, ir: IrComponentSource, options: BuildOptions = {}): CompiledPipeline {
  const pipelineSpec = structuredClone(ir.pipelineSpec) as unknown as PipelineSpec;
  for (const [key, value] of Object.entries(options.pipelineParameters ?? {})) {
    const input = component.inputs[key];
    if (!input) {
      const known = Object.keys(component.inputs);
      throw new KfpDefinitionError(
        `pipeline parameter '${key}' does not match any pipeline input` + (known.length ? ` (inputs: ${known.join(', ')})` : ' (the pipeline has no inputs)'),
        { pipeline: component.name, field: key },
      );
    }
    if (input.kind === 'artifact') {
      throw new KfpDefinitionError(`'${key}' is an artifact input; only parameters can be given values at compile time`, { pipeline: component.name, field: key });
    }
    pipelineSpec.root.inputDefinitions!.parameters![key].defaultValue = value;
  }
  const compiled: CompiledPipeline = { pipelineSpec };
  if (ir.platformSpec) compiled.platformSpec = structuredClone(ir.platformSpec) as unknown as CompiledPipeline['platformSpec'];
  return compiled;
}
