/**
 * The local task launcher: runs one container executor of a pipeline on this machine, as the KFP
 * launcher runs it in its pod — placeholders filled in, output folders made, the program run, the outputs
 * read back. TypeScript components run with the local Node.js (bundled here when their code is in an
 * image), Python function components with the local Python, other containers with Docker or Podman.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ComponentSpec } from '@kfp-ts/dsl';
import { IMAGE_ENTRY } from '../../build/ts-component/container.js';
import { LocalRunError } from '../errors.js';
import { localPythonCommand, parsePythonComponentCommand } from '../python/index.js';
import type { ExecutorInput, LocalLaunchRequest, LocalLaunchResult } from '../launch-types.js';
import { containerRunArgv, envFileText, findContainerEngine, mountsFor } from './container-engine.js';
import { executorKind } from './executor-kind.js';
import { checkLocalNode } from './local-node.js';
import { OutputReadError, readOutputs } from './outputs.js';
import { resolveRuntimeInputs, runtimeValuesFor, substituteCommandLine, withDefaultParameters } from './placeholders.js';
import { runProcess, type ProcessResult } from './process.js';
import { localComponentBundle } from './ts-bundle.js';

/** The file in the task's folder that keeps its output lines. */
export const TASK_LOG_FILE = 'task.log';

type Env = Record<string, string | undefined>;

/** A program ready to run: its command line and environment, and whether it runs on this machine. */
interface Program {
  readonly argv: readonly string[];
  readonly env: Env;
  readonly onHost: boolean;
}

/**
 * Runs a task's container executor and collects its outputs. A task whose program fails (or whose outputs
 * cannot be read) gives a FAILED result with the log tail; a task that cannot be run here at all (no Docker
 * for a container component, no Node.js) throws a {@link LocalRunError}.
 */
export async function launchTask(request: LocalLaunchRequest): Promise<LocalLaunchResult> {
  const { task, container, taskDir } = request;
  const values = runtimeValuesFor(task, request.run);
  const executorInput = withDefaultParameters(
    resolveRuntimeInputs(request.executorInput, values),
    request.componentSpec?.inputDefinitions?.parameters,
  );
  const argv = substituteCommandLine(container, executorInput, values);
  if (argv.length === 0) throw new LocalRunError(`the container of component '${request.componentName}' has no command or args to run`, task);
  // Temporary files of the program (and a container's environment file) stay in the task's folder, and go
  // when it ends (as with a pod's). A task that cannot run here leaves no folder behind: programFor makes
  // none before it knows the task can run.
  const scratch = join(taskDir, 'tmp');
  const program = await programFor(request, executorInput, argv, scratch);
  prepareOutputFolders(executorInput);
  if (program.onHost) mkdirSync(scratch, { recursive: true });
  let run: ProcessResult;
  try {
    run = await runProcess({
      task,
      argv: program.argv,
      env: program.onHost ? { ...program.env, TMPDIR: scratch } : program.env,
      logFile: join(taskDir, TASK_LOG_FILE),
      onEvent: request.onEvent,
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const failure = failureOf(run);
  if (failure) return failed(failure, run.logTail);
  try {
    return { state: 'SUCCEEDED', ...readOutputs(request.executorInput, request.componentSpec?.outputDefinitions), logTail: run.logTail };
  } catch (e) {
    if (e instanceof OutputReadError) return failed(e.message, run.logTail);
    throw e;
  }
}

/** How to run the command line, by the kind of executor. */
async function programFor(request: LocalLaunchRequest, executorInput: ExecutorInput, argv: string[], scratch: string): Promise<Program> {
  const { task, container } = request;
  const hostEnv: Env = { ...process.env, ...containerEnv(request) };
  const kind = executorKind(container);
  switch (kind.kind) {
    case 'typescript-embedded': {
      checkLocalNode(hostEnv.PATH, task);
      // Installing the declared packages needs npm's registry; the project has them installed already.
      const spec = kind.installsPackages ? tsComponent(request, kind.component) : undefined;
      if (!spec) return { argv, env: hostEnv, onHost: true };
      return { argv: ['node', '--enable-source-maps', localComponentBundle(spec, task), ...argv.slice(4)], env: hostEnv, onHost: true };
    }
    case 'typescript-image': {
      const spec = tsComponent(request, kind.component);
      if (!spec) {
        return inContainer(request, executorInput, argv, scratch, `TypeScript component '${kind.component}' runs from its image ${container.image}, which needs Docker or Podman locally; none is running (run the pipeline from its TypeScript source to run the component without its image)`);
      }
      checkLocalNode(hostEnv.PATH, task);
      const bundle = localComponentBundle(spec, task);
      return { argv: argv.map((part) => (part === IMAGE_ENTRY ? bundle : part)), env: hostEnv, onHost: true };
    }
    case 'python': {
      if (parsePythonComponentCommand(argv)?.kind === 'containerized') {
        return inContainer(request, executorInput, argv, scratch, `Python component '${request.componentName}' runs code that only its image ${container.image} holds, which needs Docker or Podman locally; none is running`);
      }
      const python = localPythonCommand(argv, { task, taskDir: request.taskDir });
      return { argv: python.argv, env: { ...hostEnv, ...python.env }, onHost: true };
    }
    case 'container':
      return inContainer(request, executorInput, argv, scratch, `container component needs Docker or Podman to run locally (image ${container.image}); none is running`);
  }
}

/** The TypeScript component a task runs, by the name its command line gives, when the pipeline's source is known. */
function tsComponent(request: LocalLaunchRequest, name: string): ComponentSpec | undefined {
  const components = request.tsComponents;
  if (!components) return undefined;
  for (const spec of components.values()) if (spec.name === name) return spec;
  return components.get(name) ?? components.get(request.componentName);
}

/** The command line run in the image by Docker or Podman; `unavailable` is the error when neither is running. */
async function inContainer(request: LocalLaunchRequest, executorInput: ExecutorInput, argv: string[], scratch: string, unavailable: string): Promise<Program> {
  const engine = await findContainerEngine();
  if (!engine) throw new LocalRunError(unavailable, request.task);
  const env = containerEnv(request);
  // Values go in a file only this user can read, not on the engine's command line, which anyone can list.
  mkdirSync(scratch, { recursive: true });
  const envFile = join(scratch, 'container.env');
  writeFileSync(envFile, envFileText(env), { mode: 0o600 });
  return {
    argv: containerRunArgv(engine, { image: request.container.image, argv, env, envFile, mounts: mountsFor(executorInput, request.taskDir) }),
    env: process.env,
    onHost: false,
  };
}

/** The task's environment: the container's variables, then those the run adds. */
function containerEnv(request: LocalLaunchRequest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { name, value } of request.container.env ?? []) env[name] = value;
  return { ...env, ...request.env };
}

/** The launcher's `prepareOutputFolders`: the folders of the output files exist before the program runs. */
function prepareOutputFolders(executorInput: ExecutorInput): void {
  const { outputs } = executorInput;
  mkdirSync(dirname(outputs.outputFile), { recursive: true });
  for (const { outputFile } of Object.values(outputs.parameters ?? {})) mkdirSync(dirname(outputFile), { recursive: true });
  for (const list of Object.values(outputs.artifacts ?? {})) for (const a of list.artifacts) mkdirSync(dirname(a.uri), { recursive: true });
}

/** Why the program failed, in one line, or undefined when it succeeded. */
function failureOf(run: ProcessResult): string | undefined {
  if (run.aborted) return 'cancelled';
  if (run.startError) return run.startError;
  if (run.signal) return `ended by signal ${run.signal}`;
  if (run.code !== 0) return `exited with code ${run.code}${run.lastErrorLine ? `: ${run.lastErrorLine}` : ''}`;
  return undefined;
}

function failed(error: string, logTail: string): LocalLaunchResult {
  return { state: 'FAILED', outputParameters: {}, outputArtifacts: {}, logTail, error };
}
