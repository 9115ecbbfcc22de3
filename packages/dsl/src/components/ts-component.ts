/**
 * TypeScript function components: a step written as an async TypeScript function with typed inputs and
 * outputs. The DSL records where the component is declared; the compiler bundles that module (the `run`
 * function and what it imports) into the container command (lightweight mode), or references an image
 * built with `kfp-ts component build` (containerized mode). Inside the container, `@kfp-ts/runtime` calls
 * `run` and hands its results to the KFP launcher.
 */
import { callerLocation, KfpDefinitionError, type SourceLocation } from '../errors.js';
import { isComponent, makeComponent, type Component } from './component.js';
import type { NpmPackage } from './component-spec.js';
import { checkComponentInterface } from './interface-checks.js';
import { parseNpmPackage } from './npm-package.js';
import type { RunFunction } from './ts-component-io.js';
import type { IODecl } from './typing.js';

/** The image lightweight TypeScript components run in unless `baseImage` says otherwise. */
export const DEFAULT_NODE_IMAGE = 'node:20-slim';

export interface TsComponentOptions<I extends IODecl, O extends IODecl> {
  /** The component's name (task names derive from it); unique among the TypeScript components of a module. */
  name: string;
  description?: string;
  /** Input parameters and input artifacts. */
  inputs?: I;
  /** Output parameters (returned by `run`) and output artifacts (written by `run`). */
  outputs?: O;
  /**
   * The step's code. It receives the inputs by name (artifacts as `{ path, uri, metadata }`) and the output
   * artifacts to write, and returns the output parameters. It runs in the container, not at compile time:
   * it may use only what its module imports, not variables of the code that declares the pipeline.
   */
  run: RunFunction<I, O>;
  /** The image with Node.js to run in (lightweight mode); defaults to `node:20-slim`. */
  baseImage?: string;
  /**
   * npm packages (`name` or `name@range`) to install when the container starts. They are left out of the
   * bundle; use them for large or native dependencies.
   */
  packagesToInstall?: readonly string[];
  /** The npm registry to install packages from. */
  npmRegistry?: string;
  /**
   * An image built with `kfp-ts component build` that already holds the component's code and
   * dependencies (containerized mode): nothing is bundled into the pipeline.
   */
  targetImage?: string;
}

/** A TypeScript component: callable in a pipeline like any component; `run` is its code, callable in unit tests. */
export interface TsComponent<I extends IODecl = IODecl, O extends IODecl = IODecl> extends Component<I, O> {
  readonly run: RunFunction<I, O>;
}

/**
 * Declares a TypeScript function component. Declare it at the top level of a module that can be loaded on
 * its own (no side effects besides declarations): that module is what runs in the container. The compiler
 * finds the module from where `tsComponent` is called, so no export is needed for lightweight components.
 *
 * @example
 * import { tsComponent, t } from '@kfp-ts/dsl';
 * import { readFile } from 'node:fs/promises';
 *
 * export const countRows = tsComponent({
 *   name: 'count-rows',
 *   inputs: { data: t.dataset(), header: t.boolean().default(true) },
 *   outputs: { rows: t.integer(), stats: t.metrics() },
 *   async run({ data, header }, { stats }) {
 *     const lines = (await readFile(data.path, 'utf8')).split('\n').filter(Boolean);
 *     const rows = lines.length - (header ? 1 : 0);
 *     stats.logMetric('rows', rows);
 *     return { rows };
 *   },
 * });
 */
export function tsComponent<I extends IODecl = {}, O extends IODecl = {}>(options: TsComponentOptions<I, O>): TsComponent<I, O> {
  const location = normalizedLocation(callerLocation());
  const name = options.name;
  const fail = (message: string, field: string) => new KfpDefinitionError(message, { task: name, field, location });
  const inputs = (options.inputs ?? {}) as I;
  const outputs = (options.outputs ?? {}) as O;
  checkComponentInterface(name, inputs, outputs, location);
  if (typeof options.run !== 'function') throw fail(`TypeScript component '${name}' needs a run function`, 'run');
  for (const [key, type] of Object.entries(outputs)) {
    if (type.kind === 'artifact' && type.isList) throw fail(`output '${key}' is a list of artifacts, which a component cannot output`, key);
  }
  for (const field of ['baseImage', 'targetImage', 'npmRegistry'] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) throw fail(`${field} must be a non-empty string`, field);
  }
  checkUniqueInModule(name, location, fail);
  const specs = options.packagesToInstall ?? [];
  if (!Array.isArray(specs)) throw fail('packagesToInstall must be a list of npm package specs', 'packagesToInstall');
  const packages = specs.map((spec): NpmPackage => {
    const parsed = parseNpmPackage(spec);
    if (typeof parsed === 'string') throw fail(parsed, 'packagesToInstall');
    return parsed;
  });

  const component = makeComponent<I, O>({
    name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    inputs,
    outputs,
    implementation: {
      kind: 'container',
      container: {
        image: options.targetImage ?? options.baseImage ?? DEFAULT_NODE_IMAGE,
        typescript: {
          ...(location ? { declaredAt: location } : {}),
          packagesToInstall: packages,
          ...(options.npmRegistry !== undefined ? { npmRegistry: options.npmRegistry } : {}),
          containerized: options.targetImage !== undefined,
          baseImage: options.baseImage ?? DEFAULT_NODE_IMAGE,
        },
      },
    },
  });
  Object.defineProperty(component, 'run', { value: options.run, enumerable: true });
  return component as TsComponent<I, O>;
}

/** True for components declared with {@link tsComponent}. */
export function isTsComponent(value: unknown): value is TsComponent {
  if (!isComponent(value)) return false;
  const impl = value.spec.implementation;
  return impl.kind === 'container' && impl.container.typescript !== undefined;
}

/** Component names by declaring module, and where each was declared. */
const declaredNames = new Map<string, Map<string, SourceLocation>>();

/**
 * In the container, a module's components are found by name: two with the same name in one module could
 * not be told apart. (The same declaration evaluated again, as a test runner may do, is not a duplicate.)
 */
function checkUniqueInModule(name: string, location: SourceLocation | undefined, fail: (message: string, field: string) => Error): void {
  if (!location) return;
  const names = declaredNames.get(location.file) ?? new Map<string, SourceLocation>();
  declaredNames.set(location.file, names);
  const earlier = names.get(name);
  if (earlier && earlier.line !== location.line) {
    throw fail(`another TypeScript component of this module is named '${name}' (line ${earlier.line}): give each its own name`, 'name');
  }
  names.set(name, location);
}

/** Stack frames name files by path or `file://` URL, sometimes with a loader's query string. */
function normalizedLocation(location: SourceLocation | undefined): SourceLocation | undefined {
  if (!location) return undefined;
  let file = location.file.replace(/\?.*$/, '');
  if (file.includes('%')) {
    try {
      file = decodeURIComponent(file);
    } catch {
      // Not percent-encoded after all.
    }
  }
  return { ...location, file };
}
