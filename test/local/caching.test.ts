/**
 * Caching in local runs of real TypeScript components: a second identical run reuses the outputs of the
 * first (CACHED), tasks with caching off always run, other inputs or `cache: false` run again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cached, controlFlow } from './fixtures/pipelines.js';
import { runPipeline, scratchRoot } from './run-helpers.js';

const scratch = scratchRoot('local-cache');
afterAll(scratch.remove);
const log = join(scratch.root, 'executions.log');
const executions = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);

describe('the task cache', () => {
  it('reuses the outputs of an identical earlier run', async () => {
    const first = await runPipeline(cached, { outputRoot: scratch.root, params: { logFile: log } });
    expect(first.states).toMatchObject({ record: 'SUCCEEDED', 'record-2': 'SUCCEEDED', 'record-3': 'SUCCEEDED' });
    expect(executions()).toHaveLength(3);

    const second = await runPipeline(cached, { outputRoot: scratch.root, params: { logFile: log } });
    expect(second.states).toMatchObject({ record: 'CACHED', 'record-2': 'CACHED', 'record-3': 'SUCCEEDED' });
    expect(second.messages.record).toBe(`outputs of task 'record' in run ${first.runId}`);
    expect(second.outputs).toEqual(first.outputs);
    expect(executions().sort()).toEqual(['one', 'one, again', 'uncached', 'uncached']);
  });

  it('runs again for other inputs, or when the run does not use the cache', async () => {
    const other = await runPipeline(cached, { outputRoot: scratch.root, params: { logFile: log, line: 'two' } });
    expect(other.states).toMatchObject({ record: 'SUCCEEDED', 'record-2': 'SUCCEEDED' });
    const uncached = await runPipeline(cached, { outputRoot: scratch.root, params: { logFile: log }, cache: false });
    expect(uncached.states).toMatchObject({ record: 'SUCCEEDED', 'record-2': 'SUCCEEDED', 'record-3': 'SUCCEEDED' });
    expect(executions().slice(4).sort()).toEqual(['one', 'one, again', 'two', 'two, again', 'uncached', 'uncached']);
    expect(executions()).toHaveLength(10);
  });

  it('hands cached artifacts on by their paths in the earlier run, through loops and collected lists', async () => {
    const first = await runPipeline(controlFlow, { outputRoot: scratch.root, params: { n: 3, xs: [2] } });
    const second = await runPipeline(controlFlow, { outputRoot: scratch.root, params: { n: 3, xs: [2] } });
    expect(Object.values(second.states).filter((s) => s === 'SUCCEEDED' || s === 'CACHED').length).toBeGreaterThan(5);
    expect(Object.entries(second.states).filter(([, s]) => s === 'CACHED').map(([task]) => task)).toEqual(
      expect.arrayContaining(['classify', 'for-loop-5[0]/square', 'for-loop-7[1]/write-text', 'merge', 'sum']),
    );
    expect(second.outputs).toEqual(first.outputs);
    expect(second.outputs.merged).toBe(join(first.runDir, 'merge/artifacts/merged'));
  });
});
