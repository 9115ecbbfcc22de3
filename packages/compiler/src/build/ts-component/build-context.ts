/**
 * The Docker build context of containerized TypeScript components (`kfp-ts component build`): the bundle
 * of their modules and the runtime, a package.json of the npm packages the bundle imports (at the versions
 * installed where it was built) and those listed in packagesToInstall, and a Dockerfile that installs them
 * on the Node.js base image. Tasks of these components run `node component.mjs --component <name>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KfpDefinitionError, type ComponentSpec, type TypeScriptSource } from '@kfp-ts/dsl';
import { BundleError, bundleComponents, installedVersion } from './bundle.js';
import { IMAGE_ENTRY, IMAGE_WORKDIR } from './container.js';
import { runtimeInterface } from './runtime-interface.js';

export interface BuildContextOptions {
  /** The components to put in the image (TypeScript components). */
  readonly components: readonly ComponentSpec[];
  /** The image reference the context is built as (what the components' targetImage should be). */
  readonly image: string;
  /** The directory to write the context to (created if needed). */
  readonly outputDir: string;
  /** The Node.js base image; defaults to the components' baseImage (which must then agree). */
  readonly baseImage?: string;
}

export interface BuildContext {
  /** The files written, relative to the output directory. */
  readonly files: readonly string[];
  /** The npm dependencies installed in the image, by package name. */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly baseImage: string;
  /** Things the user should know: components whose targetImage is another image. */
  readonly warnings: readonly string[];
}

export function writeBuildContext(options: BuildContextOptions): BuildContext {
  const { components, image, outputDir } = options;
  if (components.length === 0) throw new KfpDefinitionError('there are no TypeScript components to build an image of');
  const sources = components.map((c) => [c, typescriptSource(c)] as const);

  const names = new Set<string>();
  for (const [c] of sources) {
    if (names.has(c.name)) throw new KfpDefinitionError(`two TypeScript components are named '${c.name}': an image runs components by name`);
    names.add(c.name);
  }
  const baseImages = [...new Set(sources.map(([, s]) => s.baseImage))];
  if (!options.baseImage && baseImages.length > 1) {
    throw new KfpDefinitionError(`the components have different base images (${baseImages.join(', ')}): choose one with --base-image`);
  }
  const baseImage = options.baseImage ?? baseImages[0];
  const registries = [...new Set(sources.flatMap(([, s]) => (s.npmRegistry ? [s.npmRegistry] : [])))];
  if (registries.length > 1) throw new KfpDefinitionError(`the components use different npm registries (${registries.join(', ')})`);

  const declared = new Map<string, string>();
  for (const [, s] of sources) for (const p of s.packagesToInstall) declared.set(p.name, versionRange(p.spec, p.name));
  const modules = [...new Set(sources.map(([c, s]) => moduleOf(c, s)))];
  let bundle;
  try {
    bundle = bundleComponents({
      modules,
      interfaces: Object.fromEntries(sources.map(([c]) => [c.name, runtimeInterface(c)])),
      mode: 'image',
      external: [...declared.keys()],
      sourceMap: true,
    });
  } catch (e) {
    if (e instanceof BundleError) throw new KfpDefinitionError(`cannot bundle the components: ${e.message}`);
    throw e;
  }

  const dependencies: Record<string, string> = {};
  for (const [name, importer] of [...bundle.imports].sort(([a], [b]) => a.localeCompare(b))) {
    if (declared.has(name)) continue;
    const version = installedVersion(name, importer);
    if (!version) {
      throw new KfpDefinitionError(
        `package '${name}' (imported by ${importer}) is not installed: install it, or list it in packagesToInstall with a version`,
      );
    }
    dependencies[name] = version;
  }
  for (const [name, range] of declared) dependencies[name] = range;

  mkdirSync(outputDir, { recursive: true });
  const files: Record<string, string> = {
    'component.mjs': bundle.code,
    ...(bundle.sourceMap ? { 'component.mjs.map': bundle.sourceMap } : {}),
    'package.json': JSON.stringify({ name: 'kfp-ts-components', private: true, type: 'module', dependencies: sortKeys(dependencies) }, null, 2) + '\n',
    Dockerfile: dockerfile({ baseImage, image, components: [...names], modules, outputDir, registry: registries[0], hasDependencies: Object.keys(dependencies).length > 0, hasSourceMap: !!bundle.sourceMap }),
    '.dockerignore': 'node_modules\n',
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(join(outputDir, file), text);

  const warnings: string[] = [];
  for (const [c, s] of sources) {
    const target = c.implementation.kind === 'container' ? c.implementation.container.image : undefined;
    if (!s.containerized) {
      warnings.push(`component '${c.name}' has no targetImage: its tasks embed their code and do not use this image (set targetImage: '${image}')`);
    } else if (target !== image) {
      warnings.push(`component '${c.name}' has targetImage '${target}', not '${image}': its tasks will not run this image`);
    }
  }
  return { files: Object.keys(files), dependencies, baseImage, warnings };
}

function typescriptSource(c: ComponentSpec): TypeScriptSource {
  const source = c.implementation.kind === 'container' ? c.implementation.container.typescript : undefined;
  if (!source) throw new KfpDefinitionError(`component '${c.name}' is not a TypeScript component (declare it with tsComponent)`);
  return source;
}

function moduleOf(c: ComponentSpec, s: TypeScriptSource): string {
  if (!s.declaredAt) throw new KfpDefinitionError(`cannot find the module that declares TypeScript component '${c.name}'`);
  return s.declaredAt.file;
}

/** The version range of a package spec (`name@range`), `*` when none is given. */
function versionRange(spec: string, name: string): string {
  return spec.length > name.length + 1 ? spec.slice(name.length + 1) : '*';
}

function sortKeys(obj: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b)));
}

function dockerfile(o: {
  baseImage: string;
  image: string;
  components: string[];
  modules: string[];
  outputDir: string;
  registry?: string;
  hasDependencies: boolean;
  hasSourceMap: boolean;
}): string {
  const from = o.modules.map((m) => relative(o.outputDir, m)).join(', ');
  const lines = [
    `# TypeScript components ${o.components.join(', ')} (from ${from}), with the kfp-ts runtime.`,
    `# Written by \`kfp-ts component build\`. Build and push:`,
    `#   docker build -t ${o.image} . && docker push ${o.image}`,
    `FROM ${o.baseImage}`,
    `WORKDIR ${IMAGE_WORKDIR}`,
    'ENV NODE_ENV=production',
  ];
  lines.push('COPY package.json ./');
  if (o.hasDependencies) {
    const registry = o.registry ? ` --registry=${o.registry}` : '';
    lines.push(`RUN npm install --omit=dev --no-audit --no-fund --loglevel=error${registry}`);
  }
  lines.push(`COPY component.mjs${o.hasSourceMap ? ' component.mjs.map' : ''} ./`);
  lines.push(`# Tasks run: node --enable-source-maps ${IMAGE_ENTRY} --executor_input <json> --component <name>`);
  return lines.join('\n') + '\n';
}
