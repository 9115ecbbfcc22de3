/**
 * Bundling TypeScript components with esbuild: one ES module holding the container runtime, the modules
 * that declare the components (with what they import), and an entry that runs the component the command
 * line names. `@kfp-ts/dsl` and `@kfp-ts/compiler` are replaced by inert stand-ins (module-stubs.ts).
 */
import type { BuildFailure, Metafile } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { ComponentInterface } from '@kfp-ts/runtime';
import * as compilerApi from '../../index.js';
import { compilerStubSource, dslStubSource } from './module-stubs.js';
import { compilerRequire } from './node-require.js';
import { runtimeEntry } from './runtime-location.js';

export interface BundleRequest {
  /** The modules that declare the components (absolute paths). */
  readonly modules: readonly string[];
  /** Each component's interface, by component name. */
  readonly interfaces: Readonly<Record<string, ComponentInterface>>;
  /**
   * `embedded`: everything is bundled except `external` packages (installed at start-up).
   * `image`: every npm package is left out, to be installed in the image.
   */
  readonly mode: 'embedded' | 'image';
  /** Package names left out of the bundle. */
  readonly external: readonly string[];
  /** Writes a source map next to the code (for stack traces that point at the TypeScript lines). */
  readonly sourceMap?: boolean;
}

export interface Bundle {
  readonly code: string;
  readonly sourceMap?: string;
  /** The npm packages the bundle imports but does not contain, with the file that imports each. */
  readonly imports: ReadonlyMap<string, string>;
}

/** Lets bundled CommonJS code `require` Node's modules from the ES module output. */
const REQUIRE_BANNER = `import { createRequire as __kfpTsCreateRequire } from 'node:module';\nconst require = __kfpTsCreateRequire(import.meta.url);`;

/** A failure to bundle, with esbuild's messages. */
export class BundleError extends Error {
  constructor(
    message: string,
    readonly unresolved: readonly string[],
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

/** esbuild, loaded on first use: compiling pipelines without TypeScript components does not need it. */
const esbuild = () => compilerRequire('esbuild') as typeof import('esbuild');

export function bundleComponents(request: BundleRequest): Bundle {
  const workDir = mkdtempSync(join(tmpdir(), 'kfp-ts-bundle-'));
  try {
    const dslStub = join(workDir, 'kfp-ts-dsl.mjs');
    const compilerStub = join(workDir, 'kfp-ts-compiler.mjs');
    writeFileSync(dslStub, dslStubSource());
    writeFileSync(compilerStub, compilerStubSource(compilerApi as unknown as Record<string, unknown>));
    const entry = entryFiles(request, workDir);

    const external = request.external.flatMap((name) => [name, `${name}/*`]);
    let result;
    try {
      result = esbuild().buildSync({
        entryPoints: [entry],
        absWorkingDir: workDir,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node18',
        // Whitespace and syntax only: function names stay, so stack traces stay readable.
        minifyWhitespace: true,
        minifySyntax: true,
        legalComments: 'none',
        charset: 'utf8',
        write: false,
        metafile: true,
        outfile: join(workDir, 'out', 'component.mjs'),
        sourcemap: request.sourceMap ? 'linked' : false,
        sourcesContent: false,
        banner: { js: REQUIRE_BANNER },
        alias: { '@kfp-ts/dsl': dslStub, '@kfp-ts/compiler': compilerStub, '@kfp-ts/runtime': runtimeEntry() },
        external,
        // A native addon (a `.node` file) cannot be inlined; it becomes a file path the code asks for only
        // when the addon is loaded, so modules that merely sit beside one still bundle.
        loader: { '.node': 'file' },
        ...(request.mode === 'image' ? { packages: 'external' as const } : {}),
        logLevel: 'silent',
      });
    } catch (e) {
      throw bundleError(e as BuildFailure, workDir);
    }
    const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!.text;
    const mapFile = result.outputFiles.find((f) => f.path.endsWith('.map'));
    const map = mapFile ? projectRelativeSources(mapFile.text, dirname(mapFile.path)) : undefined;
    return { code, ...(map ? { sourceMap: map } : {}), imports: externalImports(result.metafile, workDir) };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The program: a guard that reports errors thrown while the components' modules load, the modules
 * themselves (their components register as they load), then the runtime's main. Static imports keep the
 * order and leave no file paths in the bundle.
 */
function entryFiles(request: BundleRequest, workDir: string): string {
  const guard = join(workDir, 'guard.mjs');
  writeFileSync(guard, `import { reportEscapedErrors } from '@kfp-ts/runtime';\nreportEscapedErrors();\n`);
  const entry = join(workDir, 'component.mjs');
  writeFileSync(
    entry,
    [
      `import './guard.mjs';`,
      ...request.modules.map((file, i) => `import * as module${i} from ${JSON.stringify(file)};`),
      // A package marked side-effect free (as @kfp-ts/components is, so that its unused parts stay out of
      // lightweight bundles) would have a bare import dropped; holding each module's namespace keeps it.
      `globalThis[Symbol.for('kfp-ts.component-modules')] = [${request.modules.map((_, i) => `module${i}`).join(', ')}];`,
      `import { main } from '@kfp-ts/runtime';`,
      `main({ interfaces: ${JSON.stringify(request.interfaces)} });`,
      '',
    ].join('\n'),
  );
  return entry;
}

/**
 * Source map paths relative to the current directory (the project), not to the temporary build directory:
 * stack traces then name the project's files (`src/train.ts:12:5`, below the bundle's directory).
 */
function projectRelativeSources(mapText: string, mapDir: string): string {
  const map = JSON.parse(mapText) as { sources: string[] };
  map.sources = map.sources.map((source) => {
    const absolute = resolve(mapDir, source);
    const fromProject = relative(process.cwd(), absolute);
    return fromProject.startsWith('..') ? absolute : fromProject;
  });
  return JSON.stringify(map);
}

/** The package a bare import names: `@scope/name` or `name`, without a subpath. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function externalImports(metafile: Metafile, workDir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const imp of imports) {
      if (!imp.external || isBuiltin(imp.path)) continue;
      const name = packageNameOf(imp.path);
      if (!found.has(name)) found.set(name, resolve(workDir, input));
    }
  }
  return found;
}

function bundleError(failure: BuildFailure, workDir: string): BundleError {
  const errors = Array.isArray(failure.errors) ? failure.errors : [];
  if (!errors.length) return new BundleError(failure.message, []);
  const unresolved: string[] = [];
  const lines = errors.slice(0, 5).map((m) => {
    const res = /^Could not resolve "([^"]+)"/.exec(m.text);
    if (res) unresolved.push(res[1]);
    const where = m.location ? ` (at ${resolve(workDir, m.location.file)}:${m.location.line}:${m.location.column + 1})` : '';
    return m.text + where;
  });
  return new BundleError(lines.join('; '), unresolved);
}

/** The version of `name` installed where `importer` would find it (node_modules of it or of a parent). */
export function installedVersion(name: string, importer: string): string | undefined {
  let dir = dirname(importer);
  for (;;) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) {
      const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
      return typeof version === 'string' ? version : undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
