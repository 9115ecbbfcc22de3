/**
 * Running a task in its image with Docker or Podman, for components that cannot run on this machine
 * directly. The folders the task reads and writes are bind-mounted at the same absolute paths, so the
 * command line (whose paths are local paths) works unchanged inside the container.
 */
import { execFile } from 'node:child_process';
import { dirname, isAbsolute, sep } from 'node:path';
import type { ExecutorInput } from '../launch-types.js';

export type ContainerEngine = 'docker' | 'podman';

let found: Promise<ContainerEngine | undefined> | undefined;

/** The first of Docker and Podman whose engine answers (`<cli> info` succeeds); checked once. */
export function findContainerEngine(): Promise<ContainerEngine | undefined> {
  found ??= (async () => {
    for (const engine of ['docker', 'podman'] as const) if (await answers(engine)) return engine;
    return undefined;
  })();
  return found;
}

function answers(engine: ContainerEngine): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(engine, ['info'], { timeout: 20_000 }, (error) => resolve(!error));
  });
}

export interface ContainerRun {
  readonly image: string;
  /** The program and its arguments, placeholders filled in. */
  readonly argv: readonly string[];
  /** The container's environment (not this process's). */
  readonly env: Readonly<Record<string, string>>;
  /** Folders mounted at the same path inside the container. */
  readonly mounts: readonly string[];
  /**
   * A file holding `env` ({@link envFileText}): its values then stay off the command line. A value with a
   * line break cannot be written there and is passed with `-e`.
   */
  readonly envFile?: string;
}

/** `env` as an engine's `--env-file` reads it: one NAME=value per line; values with line breaks left out. */
export function envFileText(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .filter(([, value]) => !/[\r\n]/.test(value))
    .map(([name, value]) => `${name}=${value}\n`)
    .join('');
}

/** The engine's command line that runs `run`: the program replaces the image's entry point, as in KFP. */
export function containerRunArgv(engine: ContainerEngine, run: ContainerRun): string[] {
  return [
    engine,
    'run',
    '--rm',
    ...run.mounts.flatMap((dir) => ['-v', `${dir}:${dir}`]),
    ...(run.envFile ? ['--env-file', run.envFile] : []),
    ...Object.entries(run.env)
      .filter(([, value]) => !run.envFile || /[\r\n]/.test(value))
      .flatMap(([name, value]) => ['-e', `${name}=${value}`]),
    '--entrypoint',
    run.argv[0],
    run.image,
    ...run.argv.slice(1),
  ];
}

/**
 * The folders a task needs: its own, those of its input artifacts, and those its outputs go to (each output
 * folder, not the output itself, which does not exist yet). Folders inside another one are left out.
 */
export function mountsFor(executorInput: ExecutorInput, taskDir: string): string[] {
  const dirs = new Set<string>([taskDir, dirname(executorInput.outputs.outputFile)]);
  const artifacts = [...Object.values(executorInput.inputs.artifacts ?? {}), ...Object.values(executorInput.outputs.artifacts ?? {})];
  // An artifact that is not a local file (a remote URI an importer brought in) needs no mount.
  for (const list of artifacts) for (const a of list.artifacts) if (isAbsolute(a.uri)) dirs.add(dirname(a.uri));
  for (const p of Object.values(executorInput.outputs.parameters ?? {})) dirs.add(dirname(p.outputFile));
  const sorted = [...dirs].map((d) => d.replace(/\/+$/, '') || '/').sort();
  return sorted.filter((dir) => !sorted.some((other) => other !== dir && (other === '/' || dir.startsWith(other + sep))));
}
