/**
 * The container of a TypeScript component task. Lightweight: the bundle (runtime + the declaring module)
 * travels in the command line, is written to a temporary file and run with Node in the base image, after
 * installing the declared npm packages. Containerized: the image built by `kfp-ts component build` holds
 * the bundle; the command runs it by component name.
 */
import { KfpDefinitionError, type ComponentSpec, type ContainerSpec, type TypeScriptSource } from '@kfp-ts/dsl';
import { BundleError, bundleComponents } from './bundle.js';
import { runtimeInterface } from './runtime-interface.js';

/**
 * The largest bundle embedded in a pipeline, in bytes. Linux limits one command-line argument to 128 KiB
 * (MAX_ARG_STRLEN), and the bundle is one argument of the container's command; the rest is headroom.
 */
export const MAX_EMBEDDED_BUNDLE_BYTES = 100 * 1024;

/** Where `kfp-ts component build` puts the bundle in the image. */
export const IMAGE_WORKDIR = '/kfp-ts/component';
export const IMAGE_ENTRY = `${IMAGE_WORKDIR}/component.mjs`;

/** The KFP placeholder for the whole executor input, which the launcher substitutes. */
const EXECUTOR_INPUT = '{{$}}';

const cache = new WeakMap<ComponentSpec, ContainerSpec>();

/** The container to run: as declared, with the command line of a TypeScript component filled in. */
export function withTypeScriptCommand(container: ContainerSpec, component: ComponentSpec): ContainerSpec {
  const source = container.typescript;
  if (!source) return container;
  let packaged = cache.get(component);
  if (!packaged) {
    packaged = { ...container, ...typescriptCommandLine(component, source) };
    cache.set(component, packaged);
  }
  return packaged;
}

function runtimeArgs(name: string): string[] {
  return ['--executor_input', EXECUTOR_INPUT, '--component', name];
}

function typescriptCommandLine(component: ComponentSpec, source: TypeScriptSource): { command: string[]; args: string[] } {
  if (source.containerized) {
    return { command: ['node', '--enable-source-maps', IMAGE_ENTRY], args: runtimeArgs(component.name) };
  }
  const fail = (message: string) =>
    new KfpDefinitionError(message, { task: component.name, field: 'run', ...(source.declaredAt ? { location: source.declaredAt } : {}) });
  if (!source.declaredAt) {
    throw fail(`cannot find the module that declares TypeScript component '${component.name}': declare it at the top level of a .ts or .js file`);
  }
  let code: string;
  try {
    ({ code } = bundleComponents({
      modules: [source.declaredAt.file],
      interfaces: { [component.name]: runtimeInterface(component) },
      mode: 'embedded',
      external: source.packagesToInstall.map((p) => p.name),
    }));
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    const hint = e.unresolved.length
      ? `; install ${e.unresolved.length > 1 ? 'these packages' : 'it'} where the component is declared, or list ${e.unresolved.length > 1 ? 'them' : 'it'} in packagesToInstall`
      : '';
    throw fail(`cannot bundle TypeScript component '${component.name}': ${e.message}${hint}`);
  }
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > MAX_EMBEDDED_BUNDLE_BYTES) {
    throw fail(
      `the bundled code of TypeScript component '${component.name}' is ${kib(bytes)}, over the ${kib(MAX_EMBEDDED_BUNDLE_BYTES)} that can be embedded in a pipeline: ` +
        `list large dependencies in packagesToInstall, or build an image with \`kfp-ts component build\` and set targetImage`,
    );
  }
  if (code.includes('{{$')) {
    throw fail(
      `the bundled code of TypeScript component '${component.name}' contains the text '{{$', which the KFP launcher would replace: ` +
        `avoid it in the component's module, or build an image with \`kfp-ts component build\` and set targetImage`,
    );
  }
  return { command: ['sh', '-ec', startScript(source), code], args: runtimeArgs(component.name) };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Quotes a word for the shell. */
const shellQuote = (word: string) => `'${word.replaceAll("'", `'"'"'`)}'`;

/**
 * The shell script of a lightweight component: `$0` is the bundle, the arguments follow. npm installs the
 * declared packages next to the bundle, where Node resolves its imports.
 */
function startScript(source: TypeScriptSource): string {
  const lines = ['program_path=$(mktemp -d)', 'printf "%s" "$0" > "$program_path/component.mjs"'];
  if (source.packagesToInstall.length) {
    const registry = source.npmRegistry ? ` --registry ${shellQuote(source.npmRegistry)}` : '';
    const specs = source.packagesToInstall.map((p) => shellQuote(p.spec)).join(' ');
    lines.push(
      `npm install --prefix "$program_path" --cache "$program_path/.npm" --no-save --no-package-lock --no-audit --no-fund --loglevel=error${registry} ${specs}`,
    );
  }
  lines.push('exec node "$program_path/component.mjs" "$@"');
  return lines.join('\n') + '\n';
}
