/**
 * A TypeScript component's code, bundled on this machine instead of taken from its image (or installed
 * from npm when its task starts): the compiler's bundler writes the component's module and the runtime to
 * a cache folder inside the project's `node_modules`, so the npm packages it imports resolve from there.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ComponentSpec } from '@kfp-ts/dsl';
import { BundleError, bundleComponents } from '../../build/ts-component/bundle.js';
import { runtimeInterface } from '../../build/ts-component/runtime-interface.js';
import { LocalRunError } from '../errors.js';

/** Bundles made by this process, by declaring module and component name. */
const made = new Map<string, string>();

/**
 * The path of a runnable bundle of `component` (`node <path> --executor_input … --component <name>`),
 * with a source map that points at the TypeScript files.
 */
export function localComponentBundle(component: ComponentSpec, task: string): string {
  const module = declaringModule(component, task);
  const key = `${module}\0${component.name}`;
  const known = made.get(key);
  if (known && existsSync(known)) return known;

  let bundle;
  try {
    bundle = bundleComponents({
      modules: [module],
      interfaces: { [component.name]: runtimeInterface(component) },
      mode: 'image',
      external: [],
      sourceMap: true,
    });
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    throw new LocalRunError(`cannot bundle TypeScript component '${component.name}' to run it locally: ${e.message}`, task);
  }
  const hash = createHash('sha256').update(bundle.code).update(bundle.sourceMap ?? '').digest('hex').slice(0, 16);
  const dir = join(cacheRoot(module), hash);
  const file = join(dir, 'component.mjs');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    if (bundle.sourceMap) writeAtomically(join(dir, 'component.mjs.map'), absoluteSources(bundle.sourceMap));
    writeAtomically(file, bundle.code);
  }
  made.set(key, file);
  return file;
}

function declaringModule(component: ComponentSpec, task: string): string {
  const source = component.implementation.kind === 'container' ? component.implementation.container.typescript : undefined;
  if (!source) throw new LocalRunError(`component '${component.name}' is not a TypeScript component`, task);
  if (!source.declaredAt) {
    throw new LocalRunError(`cannot find the module that declares TypeScript component '${component.name}': declare it at the top level of a .ts or .js file`, task);
  }
  return source.declaredAt.file;
}

/**
 * `node_modules/.cache/kfp-ts/local-bundles` of the nearest `node_modules` above the module: Node resolves
 * the bundle's imports from that `node_modules`. Without one, the module imports no packages, and any
 * folder will do.
 */
function cacheRoot(module: string): string {
  for (let dir = dirname(module); ; dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    if (existsSync(modules)) return join(modules, '.cache', 'kfp-ts', 'local-bundles');
    if (dirname(dir) === dir) return join(tmpdir(), 'kfp-ts-local-bundles');
  }
}

/** The bundler writes source paths relative to the current directory; the bundle lives elsewhere. */
function absoluteSources(mapText: string): string {
  const map = JSON.parse(mapText) as { sources: string[] };
  map.sources = map.sources.map((source) => (isAbsolute(source) ? source : resolve(source)));
  return JSON.stringify(map);
}

/** Another run may read the file while this one writes it: it appears whole or not at all. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
