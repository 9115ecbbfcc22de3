/**
 * `kfp-ts run <file> --host <url> --experiment <name>`: uploads the pipeline (a new version when it
 * exists), starts a run with the given parameters and, with --watch, follows it to its end.
 */
import type { Command } from 'commander';
import { KfpDefinitionError } from '@kfp-ts/dsl';
import { addConnectionOptions, clientFrom, positiveNumber, type ConnectionFlags } from './client-options.js';
import { isJsonOutput, jsonOption, reportFailure, reportResult } from './json-output.js';
import { loadPipelineSource } from './pipeline-source.js';
import { addLocalRunOptions, runLocalCommand, type LocalRunFlags } from './run-local-command.js';
import { progressDisplay } from './run-progress.js';
import { uploadPipeline } from './upload.js';

interface RunFlags extends ConnectionFlags, LocalRunFlags {
  experiment?: string;
  param: string[];
  watch?: boolean;
  name?: string;
  runName?: string;
  pipeline?: string;
  pipelineRoot?: string;
  serviceAccount?: string;
  timeout?: string;
  pollInterval: string;
}

/** Collects repeated `--param k=v` flags. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Turns `k=v` flags into typed values according to the pipeline's input parameter types. */
export function parseParams(flags: string[], types: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new KfpDefinitionError(`--param '${flag}' is not of the form name=value`);
    const name = flag.slice(0, eq);
    const text = flag.slice(eq + 1);
    const type = types[name];
    if (!type) {
      const known = Object.keys(types);
      throw new KfpDefinitionError(`--param ${name}: the pipeline has no input '${name}'` + (known.length ? ` (inputs: ${known.join(', ')})` : ' (it takes no inputs)'));
    }
    values[name] = typedValue(name, text, type);
  }
  return values;
}

function typedValue(name: string, text: string, type: string): unknown {
  const fail = (what: string) => new KfpDefinitionError(`--param ${name}: '${text}' is not ${what}`);
  switch (type) {
    case 'NUMBER_INTEGER':
      if (!/^[-+]?\d+$/.test(text.trim())) throw fail('an integer');
      return Number(text);
    case 'NUMBER_DOUBLE':
      if (text.trim() === '' || !Number.isFinite(Number(text))) throw fail('a number');
      return Number(text);
    case 'BOOLEAN':
      if (text !== 'true' && text !== 'false') throw fail('true or false');
      return text === 'true';
    case 'LIST':
    case 'STRUCT': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw fail(`JSON (${type === 'LIST' ? 'a list' : 'an object'})`);
      }
      if (type === 'LIST' ? !Array.isArray(value) : !value || typeof value !== 'object' || Array.isArray(value)) {
        throw fail(type === 'LIST' ? 'a JSON list' : 'a JSON object');
      }
      return value;
    }
    default:
      return text;
  }
}

export function addRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('Upload a pipeline (.yaml, or .ts compiled first) and start a run of it in an experiment, or run it on this machine (--local).')
    .argument('<file>', 'the pipeline: IR YAML, or a .ts/.js file that exports it')
    .option('--experiment <name>', 'the experiment to run in (created when missing; required unless --local)')
    .option('--param <name=value>', 'a pipeline parameter value (repeatable); typed after the pipeline input', collect, [] as string[])
    .option('--watch', 'follow the run and show task states until it ends; exit code 1 unless it succeeds')
    .option('--name <name>', "the pipeline's name in KFP (default: the pipeline's own name)")
    .option('--run-name <name>', 'the run display name (default: the pipeline name and the time)')
    .option('-p, --pipeline <exportName>', 'the export to compile, when a .ts file exports several pipelines')
    .option('--pipeline-root <uri>', 'where the run stores its artifacts (default: the installation\'s)')
    .option('--service-account <name>', 'the Kubernetes service account the run uses')
    .option('--timeout <seconds>', 'with --watch: give up waiting after this long (exit code 1)')
    .option('--poll-interval <seconds>', 'with --watch: time between two status checks', '5')
    .addOption(jsonOption());
  addLocalRunOptions(command);
  addConnectionOptions(command, { hostRequired: false })
    .addHelpText(
      'after',
      `
The pipeline is uploaded under its name; when that pipeline exists, the file becomes a new version of it
(named after the time). Prints the run id. With --watch the states of the run's tasks are shown as they
change (redrawn in place on a terminal, one line per change otherwise).

With --local the pipeline runs here instead: each task a process on this machine (container components
with Docker or Podman), its files under --output-dir, the progress shown as it goes (see docs/local-runs.md).

Examples:
  $ kfp-ts run pipeline.ts --host http://localhost:8888 --experiment demo --param epochs=5 --watch
  $ kfp-ts run pipeline.ts --local --param epochs=1
  $ kfp-ts run pipeline.yaml --host https://kubeflow.example.com/pipeline --namespace team-a --experiment nightly`,
    )
    .action(async (file: string, opts: RunFlags) => {
      if (opts.local) return runLocalCommand(file, opts);
      const missing = (flag: string) => new Error(`required option '${flag}' not specified (or run on this machine with --local)`);
      if (!opts.host) throw missing('--host <url>');
      if (!opts.experiment) throw missing('--experiment <name>');
      const client = clientFrom(opts);
      const timeoutMs = opts.timeout === undefined ? undefined : positiveNumber(opts.timeout, '--timeout') * 1000;
      const pollIntervalMs = positiveNumber(opts.pollInterval, '--poll-interval') * 1000;
      const source = await loadPipelineSource(file, opts.pipeline);
      const parameters = parseParams(opts.param, source.parameterTypes);
      const name = opts.name ?? source.name;
      const uploaded = await uploadPipeline(client, source, { name, autoVersion: true });
      const experiment = await client.ensureExperiment(opts.experiment);
      const run = await client.createRun({
        displayName: opts.runName ?? `${name} ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
        experimentId: experiment.experiment_id,
        pipelineId: uploaded.pipelineId,
        pipelineVersionId: uploaded.pipelineVersionId,
        parameters,
        pipelineRoot: opts.pipelineRoot,
        serviceAccount: opts.serviceAccount,
      });
      process.stdout.write(`started run ${run.run_id} of pipeline '${name}' version '${uploaded.versionName}' in experiment '${opts.experiment}'\n`);
      const started = {
        command: 'run',
        pipeline: name,
        pipelineId: uploaded.pipelineId,
        pipelineVersionId: uploaded.pipelineVersionId,
        versionName: uploaded.versionName,
        experiment: opts.experiment,
        experimentId: experiment.experiment_id,
        runId: run.run_id,
      } as const;
      if (!opts.watch) return reportResult({ ok: true, ...started });
      // Under --json the progress is for people: it goes to standard error.
      const display = progressDisplay(isJsonOutput() ? process.stderr : process.stdout);
      let finished: Awaited<ReturnType<typeof client.waitForRun>>;
      try {
        finished = await client.waitForRun(run.run_id, { pollIntervalMs, timeoutMs, onUpdate: (r) => display.update(r) });
      } catch (e) {
        // The run was started: its ids belong in the result even though waiting for it failed.
        reportFailure(e, started);
        process.exitCode = 1;
        return;
      }
      const state = finished.state ?? 'STATE_UNSPECIFIED';
      if (state !== 'SUCCEEDED') {
        const reason = finished.error?.message ? `: ${finished.error.message.split('\n')[0]}` : '';
        const message = `run ${run.run_id} ended ${state}${reason}`;
        process.stderr.write(`error: ${message}\n`);
        process.exitCode = 1;
        return reportResult({ ok: false, ...started, state, error: { message } });
      }
      reportResult({ ok: true, ...started, state });
    });
}
