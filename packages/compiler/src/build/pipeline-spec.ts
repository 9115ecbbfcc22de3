/**
 * A pipeline → the whole PipelineSpec (and PlatformSpec when tasks carry Kubernetes settings).
 */
import { KfpDefinitionError, valueFitsParameterType, type IrComponentSource, type PipelineGraph } from '@kfp-ts/dsl';
import type { CompiledPipeline, IrComponentSpec, IrExecutor, PipelineSpec } from '../ir/types.js';
import { GraphBuilder } from './graph-builder.js';
import { PIPELINE_NAME_PATTERN, sanitizeK8sName } from './names.js';
import { SpecAccumulator } from './spec-accumulator.js';
import { pipelineConfig } from './platform-spec.js';
import { checkWorkspaceUse } from './workspace-check.js';
import { credentialWarnings } from './credential-warnings.js';

export interface BuildOptions {
  /** Values that become the defaults of the pipeline's parameters. */
  pipelineParameters?: Record<string, unknown>;
  /** Cache results unless a task says otherwise (default true, as in the Python SDK). */
  enableCachingByDefault?: boolean;
  /** The KFP SDK version written as `sdkVersion` (default `2.15.2`, the version whose output kfp-ts matches). */
  sdkVersion?: string;
  /** Called with each warning (they are also returned in `CompiledPipeline.warnings`). */
  onWarning?: (message: string) => void;
}

export const SCHEMA_VERSION = '2.1.0';
export const DEFAULT_SDK_VERSION = '2.15.2';

/** Compiles graphs, each once: a pipeline used twice as a component is merged twice but compiled once. */
class Compilation {
  private readonly compiled = new Map<unknown, { accumulator: SpecAccumulator; root: IrComponentSpec }>();
  constructor(private readonly enableCachingByDefault: boolean) {}

  compile(graph: PipelineGraph, compileParameters?: Record<string, unknown>): { accumulator: SpecAccumulator; root: IrComponentSpec } {
    const ir = (graph as unknown as { __ir?: IrComponentSource }).__ir;
    const key = ir ?? graph;
    const cached = compileParameters ? undefined : this.compiled.get(key);
    if (cached) return cached;
    const result = ir ? fromIr(ir) : this.compileGraph(graph, compileParameters);
    if (!compileParameters) this.compiled.set(key, result);
    return result;
  }

  private compileGraph(graph: PipelineGraph, compileParameters?: Record<string, unknown>) {
    const accumulator = new SpecAccumulator();
    const builder = new GraphBuilder(
      graph,
      { enableCachingByDefault: this.enableCachingByDefault, compileSubPipeline: (g) => this.compile(g) },
      accumulator,
    );
    return { accumulator, root: builder.build(compileParameters) };
  }
}

/** A compiled pipeline loaded from YAML, as an accumulator ready to be merged. */
function fromIr(ir: IrComponentSource): { accumulator: SpecAccumulator; root: IrComponentSpec } {
  const spec = ir.pipelineSpec as unknown as PipelineSpec;
  const accumulator = new SpecAccumulator();
  for (const [name, c] of Object.entries(spec.components ?? {})) accumulator.components[name] = structuredClone(c);
  for (const [label, e] of Object.entries(spec.deploymentSpec?.executors ?? {})) accumulator.addExecutor(label, structuredClone(e) as IrExecutor);
  const platform = (ir.platformSpec as { platforms?: { kubernetes?: { deploymentSpec?: { executors?: Record<string, Record<string, unknown>> } } } } | undefined)
    ?.platforms?.kubernetes?.deploymentSpec?.executors;
  for (const [label, p] of Object.entries(platform ?? {})) accumulator.platformExecutors[label] = structuredClone(p);
  return { accumulator, root: structuredClone(spec.root) };
}

/** Builds the IR documents of a pipeline. */
export function buildPipelineSpec(graph: PipelineGraph, options: BuildOptions = {}): CompiledPipeline {
  const name = sanitizeK8sName(graph.name);
  if (!PIPELINE_NAME_PATTERN.test(name)) {
    throw new KfpDefinitionError(
      `invalid pipeline name '${graph.name}': after lowercasing and replacing other characters with '-', it must match ${PIPELINE_NAME_PATTERN.source} (1 to 128 characters)`,
      { pipeline: graph.name, field: 'name', ...(graph.location ? { location: graph.location } : {}) },
    );
  }
  const params = options.pipelineParameters;
  if (params) {
    for (const key of Object.keys(params)) {
      const input = graph.inputs[key];
      if (!input) {
        const known = Object.keys(graph.inputs);
        throw new KfpDefinitionError(
          `pipeline parameter '${key}' does not match any pipeline input` + (known.length ? ` (inputs: ${known.join(', ')})` : ' (the pipeline has no inputs)'),
          { pipeline: graph.name, field: key },
        );
      }
      if (input.kind === 'artifact') {
        throw new KfpDefinitionError(`'${key}' is an artifact input; only parameters can be given values at compile time`, { pipeline: graph.name, field: key });
      }
      if (!valueFitsParameterType(input.parameterType, params[key])) {
        throw new KfpDefinitionError(
          `pipeline parameter '${key}' is ${input.parameterType}, but its compile-time value is ${JSON.stringify(params[key]) ?? String(params[key])}`,
          { pipeline: graph.name, field: key },
        );
      }
    }
  }

  const compilation = new Compilation(options.enableCachingByDefault ?? true);
  const { accumulator, root } = compilation.compile(graph, params ?? {});

  const pipelineSpec: PipelineSpec = {
    components: accumulator.components,
    deploymentSpec: { executors: accumulator.executors },
    pipelineInfo: {
      name,
      ...(graph.description ? { description: graph.description } : {}),
      ...(graph.displayName ? { displayName: graph.displayName } : {}),
    },
    root,
    ...(graph.pipelineRoot ? { defaultPipelineRoot: graph.pipelineRoot } : {}),
    schemaVersion: SCHEMA_VERSION,
    sdkVersion: `kfp-${options.sdkVersion ?? DEFAULT_SDK_VERSION}`,
  };
  const compiled: CompiledPipeline = { pipelineSpec };
  checkWorkspaceUse(graph, pipelineSpec);
  const warnings = credentialWarnings(graph);
  if (warnings.length) compiled.warnings = warnings;
  const config = pipelineConfig(graph);
  if (Object.keys(accumulator.platformExecutors).length || config) {
    compiled.platformSpec = {
      platforms: {
        kubernetes: {
          ...(Object.keys(accumulator.platformExecutors).length ? { deploymentSpec: { executors: accumulator.platformExecutors } } : {}),
          ...(config ? { pipelineConfig: config } : {}),
        },
      },
    };
  }
  return compiled;
}
