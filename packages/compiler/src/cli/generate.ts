/**
 * `kfp-ts generate <component.yaml> -o <component.ts>`: writes a typed TypeScript module for a component
 * YAML, so that calls to the loaded component are type-checked like calls to a native one.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { KfpDefinitionError } from '@kfp-ts/dsl';
import { writeFileAtomic } from '../emit/write-file.js';

export function addGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('Generate a typed TypeScript module for a component YAML (KFP v1 component.yaml or compiled IR).')
    .argument('<file>', 'the component YAML')
    .option('-o, --output <file>', 'where to write the module (default: standard output)')
    .option('--export-name <name>', "the component's export name (default: its name in camelCase)")
    .addHelpText(
      'after',
      `
The module embeds the YAML, declares the component's inputs and outputs with t.*, and exports the
component typed by them; loading checks the declared types against the YAML. On any error nothing is
written and the exit code is 1.

Example:
  $ kfp-ts generate component.yaml -o src/components/train.ts`,
    )
    .action(async (file: string, opts: { output?: string; exportName?: string }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
        throw new KfpDefinitionError(`cannot read ${file}: ${why}`);
      }
      // Loaded on use: the TypeScript toolchain it brings is not needed by the other commands.
      const { generateComponentModule } = await import('../generate/component-module.js');
      const moduleText = generateComponentModule(text, {
        sourceName: basename(file),
        ...(opts.exportName !== undefined ? { exportName: opts.exportName } : {}),
      });
      if (opts.output) {
        writeFileAtomic(opts.output, moduleText);
        process.stderr.write(`wrote ${opts.output}\n`);
      } else {
        process.stdout.write(moduleText);
      }
    });
}
