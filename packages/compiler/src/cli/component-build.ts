/**
 * `kfp-ts component build <file> --image <ref> [-o dir]`: writes the Docker build context of the
 * TypeScript components a file exports (containerized mode). Docker itself is left to the user.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { isTsComponent, KfpDefinitionError, type TsComponent } from '@kfp-ts/dsl';
import { writeBuildContext } from '../build/ts-component/build-context.js';
import { jsonOption, reportResult, warn } from './json-output.js';
import { importUserModule } from './load-pipeline.js';

/** The TypeScript components a module exports, by export name (a default-export object's included). */
export function exportedTsComponents(mod: Record<string, unknown>): TsComponent[] {
  const found = new Set<TsComponent>();
  for (const value of Object.values(mod)) if (isTsComponent(value)) found.add(value);
  const dflt = mod.default;
  if (dflt && typeof dflt === 'object') for (const value of Object.values(dflt)) if (isTsComponent(value)) found.add(value);
  return [...found];
}

export function addComponentBuildCommand(program: Command): void {
  const component = program.command('component').description('Work with TypeScript components.');
  component
    .command('build')
    .description('Write a Docker build context (Dockerfile, package.json, bundle) for the TypeScript components a file exports.')
    .argument('<file>', 'the .ts/.js file that exports the components')
    .requiredOption('--image <ref>', "the image to build, e.g. ghcr.io/acme/train:1.0 (the components' targetImage)")
    .option('-o, --output <dir>', 'where to write the build context', 'kfp-ts-image')
    .option('--base-image <image>', "the Node.js base image (default: the components' baseImage, node:20-slim)")
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Every TypeScript component the file exports goes into the image, with the npm packages its code imports
(at the versions installed here) and those in packagesToInstall. Set targetImage to the same reference
on the components, so that their tasks run this image. Then build and push it with Docker.

Example:
  $ kfp-ts component build src/train.ts --image ghcr.io/acme/train:1.0 -o build/train
  $ docker build -t ghcr.io/acme/train:1.0 build/train && docker push ghcr.io/acme/train:1.0`,
    )
    .action(async (file: string, opts: { image: string; output: string; baseImage?: string }) => {
      const mod = await importUserModule(file);
      const components = exportedTsComponents(mod);
      if (components.length === 0) throw new KfpDefinitionError(`${file} exports no TypeScript component (declare them with tsComponent and export them)`);
      const context = writeBuildContext({
        components: components.map((c) => c.spec),
        image: opts.image,
        outputDir: resolve(opts.output),
        ...(opts.baseImage ? { baseImage: opts.baseImage } : {}),
      });
      for (const warning of context.warnings) warn(warning);
      process.stderr.write(
        `wrote ${opts.output}: ${context.files.join(', ')} (components: ${components.map((c) => c.spec.name).join(', ')})\n` +
          `build and push it: docker build -t ${opts.image} ${opts.output} && docker push ${opts.image}\n`,
      );
      reportResult({
        ok: true,
        command: 'component build',
        output: opts.output,
        image: opts.image,
        files: [...context.files],
        components: components.map((c) => c.spec.name),
      });
    });
}
