/**
 * `kfp-ts generate <component.yaml> -o <component.ts>`: writes a typed TypeScript module for a component
 * YAML, so that calls to the loaded component are type-checked like calls to a native one.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isKfpDefinitionError, KfpDefinitionError } from '@kfp-ts/dsl';
import { writeFileAtomic } from '../emit/write-file.js';
import { isJsonOutput, jsonOption, reportResult } from './json-output.js';
import { unreadableFileReason } from '../ir/read-ir-yaml.js';

export function addGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('Generate a typed TypeScript module for a component YAML (KFP v1 component.yaml or compiled IR).')
    .argument('<file>', 'the component YAML')
    .option('-o, --output <file>', 'where to write the module (default: standard output)')
    .option('--export-name <name>', "the component's export name (default: its name in camelCase)")
    .addOption(jsonOption())
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
        const why = unreadableFileReason(e);
        throw new KfpDefinitionError(`cannot read ${file}: ${why}`);
      }
      // Loaded on use: the TypeScript toolchain it brings is not needed by the other commands.
      const { generateComponentModule } = await import('../generate/component-module.js');
      const sourceName = basename(file);
      let moduleText: string;
      try {
        moduleText = generateComponentModule(text, { sourceName, ...(opts.exportName !== undefined ? { exportName: opts.exportName } : {}) });
      } catch (e) {
        throw locatedIn(file, sourceName, e);
      }
      if (opts.output) {
        writeFileAtomic(opts.output, moduleText);
        process.stderr.write(`wrote ${opts.output}\n`);
        reportResult({ ok: true, command: 'generate', output: opts.output });
      } else if (isJsonOutput()) {
        reportResult({ ok: true, command: 'generate', module: moduleText });
      } else {
        process.stdout.write(moduleText);
      }
    });
}

/**
 * The module names the YAML by its base name; an error located in it points at the file as given on the
 * command line, so that its code frame can be read.
 */
function locatedIn(file: string, sourceName: string, e: unknown): unknown {
  if (!isKfpDefinitionError(e) || e.context.location?.file !== sourceName) return e;
  return new KfpDefinitionError(e.message, { ...e.context, location: { ...e.context.location, file } });
}
