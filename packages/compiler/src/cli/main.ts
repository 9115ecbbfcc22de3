/**
 * The `kfp-ts` command line. Thin by design: each command parses flags, calls the library, prints.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { compileToFile, compileToYaml } from '../compile.js';
import { validateYamlText } from '../validate/validate.js';
import { choosePipeline, importUserModule } from './load-pipeline.js';
import { formatError } from './errors.js';

function parseParams(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`--params is not valid JSON: ${(e as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('--params must be a JSON object of parameter values');
  return value as Record<string, unknown>;
}

export function buildProgram(): Command {
  const program = new Command('kfp-ts')
    .description('Compile TypeScript pipelines to Kubeflow Pipelines v2 IR YAML, and validate IR YAML.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('compile')
    .description('Compile a pipeline declared in a .ts/.js file to KFP IR YAML.')
    .argument('<file>', 'the TypeScript or JavaScript file that exports the pipeline')
    .option('-o, --output <file>', 'where to write the YAML (default: standard output)')
    .option('-p, --pipeline <exportName>', 'the export to compile, when the file exports several pipelines')
    .option('--params <json>', 'pipeline parameter values as a JSON object; they become the parameters\' defaults')
    .action(async (file: string, opts: { output?: string; pipeline?: string; params?: string }) => {
      const pipelineParameters = parseParams(opts.params);
      const mod = await importUserModule(file);
      const chosen = choosePipeline(file, mod, opts.pipeline);
      const options = pipelineParameters ? { pipelineParameters } : {};
      if (opts.output) {
        compileToFile(chosen, opts.output, options);
        process.stderr.write(`wrote ${opts.output}\n`);
      } else {
        process.stdout.write(compileToYaml(chosen, options));
      }
    });

  program
    .command('validate')
    .description('Check KFP IR YAML files against the PipelineSpec and Kubernetes PlatformSpec schemas.')
    .argument('<files...>', 'YAML files to check')
    .action((files: string[]) => {
      let bad = 0;
      for (const file of files) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          process.stderr.write(`${file}: cannot read: ${(e as Error).message}\n`);
          bad++;
          continue;
        }
        const issues = validateYamlText(text);
        if (issues.length === 0) {
          process.stdout.write(`${file}: valid\n`);
        } else {
          bad++;
          for (const i of issues) process.stderr.write(`${file}: ${i.document} ${i.path}: ${i.message}\n`);
        }
      }
      if (bad) process.exitCode = 1;
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit with code 0; usage errors were already printed by commander.
      return e.exitCode;
    }
    process.stderr.write(`error: ${formatError(e)}\n`);
    return 1;
  }
}
