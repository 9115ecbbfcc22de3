/**
 * What a component is, independent of how it was authored: its interface (inputs, outputs) and its
 * implementation (a container, a pipeline, an importer, or an IR component loaded from YAML).
 */
import type { IOType } from '../types/index.js';
import type { PipelineGraph } from '../pipeline/graph.js';
import type { SourceLocation } from '../errors.js';

/** A container to run. Strings may hold KFP placeholders (`{{$.inputs.parameters['x']}}`, …). */
export interface ContainerSpec {
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Environment variables the component itself sets (loaded components may declare them). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * For a TypeScript function component: where its code is. It has no command line yet; the compiler
   * packages the code and writes the command that runs it.
   */
  readonly typescript?: TypeScriptSource;
}

/** The code of a TypeScript function component, as the compiler needs it to package the component. */
export interface TypeScriptSource {
  /**
   * Where the component was declared: its module (a `.ts` or `.js` file), which the compiler bundles with
   * what it imports. Undefined when the call site could not be found.
   */
  readonly declaredAt?: SourceLocation;
  /** npm packages installed when the container starts, and left out of the bundle. */
  readonly packagesToInstall: readonly NpmPackage[];
  /** The npm registry to install them from; npm's default when undefined. */
  readonly npmRegistry?: string;
  /** The image already holds the code (built with `kfp-ts component build`): nothing is bundled. */
  readonly containerized: boolean;
  /** The Node.js image the code runs in, or that `kfp-ts component build` builds on. */
  readonly baseImage: string;
}

/** An npm package to install: what `npm install` is given (`lodash@^4.17.0`), and the package's name. */
export interface NpmPackage {
  readonly spec: string;
  readonly name: string;
}

/** The importer's settings: an artifact URI (constant or from an input) brought into the pipeline. */
export interface ImporterSpec {
  /** The input that carries the URI (always `uri`, as in the Python SDK). */
  readonly artifactUri: { constant: string } | { input: string };
  readonly schemaTitle: string;
  readonly schemaVersion: string;
  readonly reimport: boolean;
  /** Metadata; values (and keys) may reference inputs by placeholder. */
  readonly metadata?: Record<string, unknown>;
  /** Downloads the artifact into the pipeline's workspace. */
  readonly downloadToWorkspace?: boolean;
}

/** A compiled pipeline loaded from IR YAML, used as a component: kept as IR and merged by the compiler. */
export interface IrComponentSource {
  /** The parsed PipelineSpec document. */
  readonly pipelineSpec: Record<string, unknown>;
  /** The parsed PlatformSpec document, when the YAML had one. */
  readonly platformSpec?: Record<string, unknown>;
}

export type ComponentImplementation =
  | { readonly kind: 'container'; readonly container: ContainerSpec }
  | { readonly kind: 'graph'; readonly graph: () => PipelineGraph }
  | { readonly kind: 'importer'; readonly importer: ImporterSpec }
  | { readonly kind: 'ir'; readonly ir: IrComponentSource };

/** A component's full definition. */
export interface ComponentSpec {
  /** The component's name as authored (the compiler derives task and component names from it). */
  readonly name: string;
  readonly description?: string;
  readonly inputs: Readonly<Record<string, IOType>>;
  readonly outputs: Readonly<Record<string, IOType>>;
  readonly implementation: ComponentImplementation;
}
