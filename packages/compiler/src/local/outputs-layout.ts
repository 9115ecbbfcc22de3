/**
 * Where a local run keeps its files:
 *
 * ```text
 * <output root>/                       ./local_outputs by default
 *   <run id>/                          <pipeline name>-<yyyymmdd-hhmmss>
 *     <task>/                          a task of the root DAG
 *       executor_input.json            what the task was given
 *       executor_output.json           what it wrote back (when it did)
 *       parameters/<name>              its output parameter files
 *       artifacts/<name>               its output artifacts (their URIs are these absolute paths)
 *       task.log                       its standard output and error, every attempt
 *     <dag task>/<task>/               tasks of nested DAGs (pipelines, conditions, exit handlers)
 *     <loop>/iteration-<i>/<task>/     tasks of a loop's iterations
 *   .cache/<pipeline name>/<key>.json  cached task outputs, shared by the runs under this root
 * ```
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalRunError } from './errors.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** A run id like `reviews-20250102-150405`, from the pipeline name and the local time. */
export function defaultRunId(pipelineName: string, now: Date = new Date()): string {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${safeName(pipelineName)}-${stamp}`;
}

/** A name safe as one path segment. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'pipeline';
}

/**
 * Creates the run's folder and returns its id and absolute path. A run id chosen by the user must be new; a
 * generated one gets a `-2`, `-3`, … suffix when two runs start in the same second.
 */
export function createRunDir(outputRoot: string, pipelineName: string, runId?: string): { runId: string; runDir: string } {
  const root = resolve(outputRoot);
  if (runId !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId)) {
      throw new LocalRunError(`run id '${runId}' may hold only letters, digits, '.', '_' and '-' (and must start with a letter or digit)`);
    }
    const runDir = join(root, runId);
    if (existsSync(runDir)) throw new LocalRunError(`run id '${runId}' is taken: ${runDir} exists (choose another --run-id)`);
    mkdirSync(runDir, { recursive: true });
    return { runId, runDir };
  }
  const base = defaultRunId(pipelineName);
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const runDir = join(root, id);
    if (existsSync(runDir)) continue;
    mkdirSync(runDir, { recursive: true });
    return { runId: id, runDir };
  }
}

/** A task's path in the DAG (`for-loop-2[1]/condition-3/train`) as a folder under the run's folder. */
export function taskDir(runDir: string, taskPath: string): string {
  const segments = taskPath.split('/').flatMap((segment) => {
    const m = /^(.*)\[(\d+)\]$/.exec(segment);
    return m ? [m[1], `iteration-${m[2]}`] : [segment];
  });
  return join(runDir, ...segments);
}

/** The files of one task's folder. */
export function taskFiles(dir: string) {
  return {
    executorInput: join(dir, 'executor_input.json'),
    executorOutput: join(dir, 'executor_output.json'),
    log: join(dir, 'task.log'),
    parameter: (name: string) => join(dir, 'parameters', name),
    artifact: (name: string) => join(dir, 'artifacts', name),
  };
}

/** The folder of cached task outputs of one pipeline. */
export function cacheDir(outputRoot: string, pipelineName: string): string {
  return join(resolve(outputRoot), '.cache', safeName(pipelineName));
}
