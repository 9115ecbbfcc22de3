/**
 * The `kfp-ts` command line. Thin by design: each command parses flags, calls the library, prints.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { compileToFile, compileToYaml } from '../compile.js';
import { validateYamlText, type SchemaIssue } from '../validate/validate.js';
import { choosePipeline, importUserModule } from './load-pipeline.js';
import { formatError } from './errors.js';
import { compilerVersion } from './version.js';
import { addComponentBuildCommand } from './component-build.js';
import { addGenerateCommand } from './generate.js';
import { addUploadCommand } from './upload.js';
import { addRunCommand } from './run-pipeline.js';

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

/** One line per problem: the document and field path, then the message (YAML parse errors carry a code frame: drop it). */
function describeIssue(issue: SchemaIssue): string {
  const message = issue.message.split('\n')[0].replace(/:$/, '');
  return issue.path ? `${issue.document} ${issue.path}: ${message}` : message;
}

export function buildProgram(): Command {
  const program = new Command('kfp-ts')
    .description('Compile TypeScript pipelines to Kubeflow Pipelines v2 IR YAML, and validate IR YAML.')
    .version(compilerVersion(), '-V, --version', 'print the kfp-ts version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    // Subcommands inherit these: a usage error prints one line and a hint, not the whole help.
    .showHelpAfterError("(add --help for usage)")
    .exitOverride();
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
      const onWarning = (message: string) => process.stderr.write(`warning: ${message}\n`);
      const options = { ...(pipelineParameters ? { pipelineParameters } : {}), onWarning };
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
    .addHelpText(
      'after',
      `
Prints "<file>: valid" for each valid file and one line per problem for the others, with the path of the
offending field. The exit code is 1 when any file is invalid or unreadable.

Example:
  $ kfp-ts validate pipeline.yaml other.yaml`,
    )
    .action((files: string[]) => {
      let bad = 0;
      for (const file of files) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
          process.stderr.write(`${file}: cannot read: ${why}\n`);
          bad++;
          continue;
        }
        const issues = validateYamlText(text);
        if (issues.length === 0) {
          process.stdout.write(`${file}: valid\n`);
        } else {
          bad++;
          for (const i of issues) process.stderr.write(`${file}: ${describeIssue(i)}\n`);
        }
      }
      if (bad) process.exitCode = 1;
    });

  addComponentBuildCommand(program);
  addGenerateCommand(program);
  addUploadCommand(program);
  addRunCommand(program);
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
