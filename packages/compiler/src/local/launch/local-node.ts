/**
 * The Node.js that runs TypeScript components locally: `node` on the task's PATH, which must be recent
 * enough for the bundles (they target Node 18).
 */
import { spawnSync } from 'node:child_process';
import { LocalRunError } from '../errors.js';

export const MIN_NODE_MAJOR = 18;

const checked = new Map<string, string>();

/** Throws a {@link LocalRunError} unless `node` on `path` is Node.js 18 or later; returns its version. */
export function checkLocalNode(path: string | undefined, task: string): string {
  const key = path ?? '';
  const known = checked.get(key);
  if (known) return known;
  const run = spawnSync('node', ['--version'], { env: { ...process.env, PATH: path }, encoding: 'utf8', timeout: 30_000 });
  if (run.error || run.status !== 0) {
    throw new LocalRunError(`TypeScript components run with Node.js ${MIN_NODE_MAJOR} or later, and there is no working 'node' on PATH`, task);
  }
  const version = run.stdout.trim();
  const major = Number(/^v(\d+)\./.exec(version)?.[1]);
  if (!(major >= MIN_NODE_MAJOR)) {
    throw new LocalRunError(`TypeScript components run with Node.js ${MIN_NODE_MAJOR} or later; 'node' on PATH is ${version || 'of an unknown version'}`, task);
  }
  checked.set(key, version);
  return version;
}
