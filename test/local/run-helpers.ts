/**
 * Runs a pipeline locally the way `kfp-ts run --local` does (compiled in memory, its TypeScript components
 * known), recording the run's events, in a temporary output root.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '@kfp-ts/compiler';
import type { Pipeline } from '@kfp-ts/dsl';
import type { LocalRunEvent, LocalTaskState } from '../../packages/compiler/src/local/events.js';
import { typescriptComponents } from '../../packages/compiler/src/local/load-pipeline-file.js';
import { runLocal, type LocalRunOptions, type LocalRunResult } from '../../packages/compiler/src/local/run-local.js';

export interface RecordedRun extends LocalRunResult {
  readonly events: LocalRunEvent[];
  /** The last state of each task, by path. */
  readonly states: Record<string, LocalTaskState>;
  /** The last message of each task that has one, by path. */
  readonly messages: Record<string, string>;
  /** Reads a file of the run's folder. */
  read(relative: string): string;
}

/** A temporary output root, removed by the returned function. */
export function scratchRoot(prefix: string): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), `kfp-ts-${prefix}-`));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export async function runPipeline(p: Pipeline, options: LocalRunOptions & { outputRoot: string }): Promise<RecordedRun> {
  const compiled = compile(p);
  const events: LocalRunEvent[] = [];
  const impl = p.spec.implementation;
  const result = await runLocal(compiled.pipelineSpec, compiled.platformSpec, {
    ...(impl.kind === 'graph' ? { tsComponents: typescriptComponents(impl.graph()) } : {}),
    ...options,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  const states: Record<string, LocalTaskState> = {};
  const messages: Record<string, string> = {};
  for (const e of events) {
    if (e.type !== 'task-state') continue;
    states[e.task] = e.state;
    if (e.message) messages[e.task] = e.message;
  }
  return { ...result, events, states, messages, read: (relative) => readFileSync(join(result.runDir, relative), 'utf8') };
}
