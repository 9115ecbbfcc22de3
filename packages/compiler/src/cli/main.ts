/**
 * The `kfp-ts` command line. Thin by design: each command parses flags, calls the library, prints.
 */
import { Command, CommanderError } from 'commander';
import { compileToFile, compileToYaml } from '../compile.js';
import { choosePipeline, importUserModule } from './load-pipeline.js';
import { finishCommand, isJsonOutput, jsonOption, reportFailure, reportResult, reportUsageError, startCommand, warn } from './json-output.js';
import { addValidateCommand } from './validate-command.js';
import { compilerVersion } from './version.js';
import { addComponentBuildCommand } from './component-build.js';
import { addGenerateCommand } from './generate.js';
import { addUploadCommand } from './upload.js';
import { addRunCommand } from './run-pipeline.js';
import { addGraphCommand } from './graph.js';

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
    .version(compilerVersion(), '-V, --version', 'print the kfp-ts version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    // Subcommands inherit these: a usage error prints one line and a hint, not the whole help.
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    // Runs before the action of any command: sets up its output (plain, or one JSON object with --json).
    .hook('preAction', (_program, action) => startCommand(action));
  program.addHelpText(
    'after',
    `
Examples:
  $ kfp-ts compile pipeline.ts -o pipeline.yaml
  $ kfp-ts compile pipelines.ts --pipeline training --params '{"epochs": 5}' -o training.yaml
  $ kfp-ts validate pipeline.yaml`,
  );

  program
    .command('compile')
    .description('Compile a pipeline declared in a .ts/.js file to KFP IR YAML.')
    .argument('<file>', 'the TypeScript or JavaScript file that exports the pipeline')
    .option('-o, --output <file>', 'where to write the YAML (default: standard output)')
    .option('-p, --pipeline <exportName>', 'the export to compile, when the file exports several pipelines (a component compiles on its own)')
    .option('--params <json>', 'pipeline parameter values as a JSON object; they become the parameters\' defaults')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
The file is loaded directly (TypeScript needs no build step). Without -o the YAML goes to standard output.
On any error nothing is written and the exit code is 1.

Examples:
  $ kfp-ts compile pipeline.ts -o pipeline.yaml
  $ kfp-ts compile pipelines.ts --pipeline training -o training.yaml
  $ kfp-ts compile pipeline.ts --params '{"epochs": 5, "lr": 0.001}' > pipeline.yaml`,
    )
    .action(async (file: string, opts: { output?: string; pipeline?: string; params?: string }) => {
      const pipelineParameters = parseParams(opts.params);
      const mod = await importUserModule(file);
      const chosen = choosePipeline(file, mod, opts.pipeline);
      // Warnings go to standard error, so that YAML on standard output stays clean.
      const options = { ...(pipelineParameters ? { pipelineParameters } : {}), onWarning: warn };
      if (opts.output) {
        compileToFile(chosen, opts.output, options);
        process.stderr.write(`wrote ${opts.output}\n`);
        reportResult({ ok: true, command: 'compile', pipeline: chosen.spec.name, output: opts.output });
      } else if (isJsonOutput()) {
        reportResult({ ok: true, command: 'compile', pipeline: chosen.spec.name, yaml: compileToYaml(chosen, options) });
      } else {
        process.stdout.write(compileToYaml(chosen, options));
      }
    });

  addValidateCommand(program);
  addComponentBuildCommand(program);
  addGenerateCommand(program);
  addUploadCommand(program);
  addRunCommand(program);
  addGraphCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  let code: number;
  try {
    await program.parseAsync(argv);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit with code 0; usage errors were already printed by commander.
      if (e.exitCode !== 0) reportUsageError(program, argv.slice(2), e.message);
      return e.exitCode;
    }
    reportFailure(e);
    return 1;
  }
  finishCommand(code);
  return code;
}
