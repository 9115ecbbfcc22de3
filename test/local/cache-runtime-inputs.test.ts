/**
 * The cache key of a task that takes a run-time value (`runtime.pipelineJobId`, `runtime.pipelineTaskId`) as an input: the KFP
 * driver fills the value in before it computes the key, so such a task never reuses the outputs of another
 * run, while its run-independent neighbours still do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pipeline, runtime, t } from '@kfp-ts/dsl';
import { record } from './fixtures/components.js';
import { runPipeline, scratchRoot } from './run-helpers.js';

const scratch = scratchRoot('local-cache-runtime');
afterAll(scratch.remove);
const log = join(scratch.root, 'executions.log');
const executions = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);

const perRun = pipeline({ name: 'per-run', inputs: { logFile: t.string() } }, ({ logFile }) => {
  record({ logFile, line: 'constant' });
  record({ logFile, line: runtime.pipelineTaskId });
  return record({ logFile, line: runtime.pipelineJobId }).output;
});

describe('the cache key of a task with a run-time input', () => {
  it('differs between runs, as the run and task ids it is computed from do', async () => {
    const first = await runPipeline(perRun, { outputRoot: scratch.root, params: { logFile: log } });
    expect(first.states).toMatchObject({ record: 'SUCCEEDED', 'record-2': 'SUCCEEDED', 'record-3': 'SUCCEEDED' });
    const second = await runPipeline(perRun, { outputRoot: scratch.root, params: { logFile: log } });
    expect(second.states).toMatchObject({ record: 'CACHED', 'record-2': 'SUCCEEDED', 'record-3': 'SUCCEEDED' });
    expect(second.outputs.Output).not.toBe(first.outputs.Output);
    const lines = executions();
    expect(lines).toHaveLength(5);
    expect(lines.filter((line) => line.includes('{{'))).toEqual([]);
  });
});
