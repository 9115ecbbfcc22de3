/**
 * `kfp-ts run <file> --local`: runs the pipeline on this machine (see ../local/run-local.ts) with a live
 * view of its tasks, and exits with code 1 unless the run succeeds.
 */
import type { Command } from 'commander';
import { loadLocalPipeline } from '../local/load-pipeline-file.js';
import { createProgressView } from '../local/progress.js';
import { runLocal } from '../local/run-local.js';
import { reportResult, warn } from './json-output.js';
import { parseParams } from './run-pipeline.js';

export interface LocalRunFlags {
  local?: boolean;
  param: string[];
  pipeline?: string;
  outputDir: string;
  parallelism?: string;
  /** False with --no-cache. */
  cache: boolean;
  runId?: string;
  logs?: boolean;
}

/** The options of a local run, on the `run` command. */
export function addLocalRunOptions(command: Command): Command {
  return command
    .option('--local', 'run the pipeline on this machine instead of on KFP (needs no --host or --experiment)')
    .option('--output-dir <dir>', 'with --local: where runs keep their outputs, in a folder per run', './local_outputs')
    .option('--parallelism <n>', 'with --local: how many tasks may run at once (default: the number of CPUs)')
    .option('--no-cache', 'with --local: run every task instead of reusing the outputs of an identical earlier run')
    .option('--run-id <id>', 'with --local: the run id and folder name (default: <pipeline>-<yyyymmdd-hhmmss>)')
    .option('--logs', "with --local: also print every line the tasks write");
}

function parallelismOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--parallelism must be a whole number of 1 or more, not '${text}'`);
  return n;
}

export async function runLocalCommand(file: string, flags: LocalRunFlags): Promise<void> {
  const parallelism = parallelismOf(flags.parallelism);
  const { pipelineSpec, platformSpec, tsComponents } = await loadLocalPipeline(file, flags.pipeline, warn);
  // An input artifact takes the path of a local file, given like a string parameter.
  const inputs = pipelineSpec.root.inputDefinitions ?? {};
  const types: Record<string, string> = {
    ...Object.fromEntries(Object.keys(inputs.artifacts ?? {}).map((name) => [name, 'STRING'])),
    ...Object.fromEntries(Object.entries(inputs.parameters ?? {}).map(([name, p]) => [name, p.parameterType])),
  };
  const params = parseParams(flags.param, types);

  // Ctrl-C stops the run's tasks and skips the rest; a second one ends the process at once.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  const view = createProgressView(process.stdout, { tty: process.stdout.isTTY === true, logs: flags.logs === true });
  try {
    const result = await runLocal(pipelineSpec, platformSpec, {
      params,
      outputRoot: flags.outputDir,
      ...(flags.runId !== undefined ? { runId: flags.runId } : {}),
      ...(parallelism !== undefined ? { parallelism } : {}),
      cache: flags.cache,
      onEvent: view.listener,
      signal: controller.signal,
      ...(tsComponents ? { tsComponents } : {}),
    });
    const ok = result.state === 'SUCCEEDED';
    if (!ok) process.exitCode = 1;
    reportResult({
      ok,
      command: 'run',
      local: true,
      pipeline: pipelineSpec.pipelineInfo.name,
      runId: result.runId,
      state: result.state,
      runDir: result.runDir,
      outputs: result.outputs,
      ...(ok ? {} : { error: { message: result.error ?? `run ${result.runId} ended ${result.state}` } }),
    });
  } finally {
    view.close();
    process.removeListener('SIGINT', stop);
  }
}
