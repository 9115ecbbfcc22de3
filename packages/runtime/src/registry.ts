/**
 * The components whose code is loaded in this process, by name. A component registers itself when the
 * module that declares it is loaded; the entry point then runs the one the command line names.
 */
import { ExecutorError } from './errors.js';
import type { RunFunction } from './executor.js';

const components = new Map<string, RunFunction[]>();

/** False while the components' modules load; true once a component runs. */
let running = false;

/** Marks the end of loading: a component is about to run. */
export function startRunning(): void {
  running = true;
}

export function isRunning(): boolean {
  return running;
}

/**
 * Called by the stand-ins for `@kfp-ts/dsl` and `@kfp-ts/compiler` in a bundle. Declaring pipelines while
 * a module loads is harmless (the stand-ins do nothing); calling them from a component's code is a mistake
 * that would otherwise pass silently.
 */
export function checkAuthoringCall(what: string): void {
  if (running) {
    throw new Error(`${what} was called while a component runs: @kfp-ts/dsl and @kfp-ts/compiler are for declaring pipelines, not for use inside run()`);
  }
}

/** Records a component's code. Called for every TypeScript component as its module loads. */
export function registerComponent(definition: { readonly name: string; readonly run: unknown }): void {
  const { name, run } = definition;
  if (typeof name !== 'string' || typeof run !== 'function') return;
  const known = components.get(name) ?? [];
  // The same function registered twice (a module loaded twice) is still one component.
  if (!known.includes(run as RunFunction)) known.push(run as RunFunction);
  components.set(name, known);
}

/** The code of the component named `name`. */
export function registeredComponent(name: string): RunFunction {
  const found = components.get(name) ?? [];
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new ExecutorError(`several components are named '${name}'; give each TypeScript component its own name`);
  const known = [...components.keys()];
  throw new ExecutorError(
    `no component named '${name}' was declared when its module loaded` +
      (known.length ? ` (declared: ${known.join(', ')})` : '') +
      '; declare TypeScript components at the top level of a module',
  );
}
