/**
 * Local runs of real TypeScript components through the local launcher: If/Elif/Else with OneOf, ParallelFor
 * with parallelism and Collected values and artifacts, a nested pipeline, and the run's files.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { controlFlow, imported } from './fixtures/pipelines.js';
import { runPipeline, scratchRoot } from './run-helpers.js';

const scratch = scratchRoot('local-flow');
afterAll(scratch.remove);

describe('a local run of a pipeline with every kind of group', () => {
  it('takes the branch that holds, gathers loop outputs and runs the nested pipeline', async () => {
    const run = await runPipeline(controlFlow, { outputRoot: scratch.root, params: { n: 5 }, parallelism: 4 });
    expect(run.state).toBe('SUCCEEDED');
    expect(run.outputs).toMatchObject({
      picked: '<<few>>',
      total: 30,
      squares: [1, 4, 9, 16],
      count: 2,
      nested: '<5 squared is 25>',
    });
    expect(readFileSync(run.outputs.merged as string, 'utf8')).toBe('a: alpha\nb: beta\n');

    expect(run.states).toMatchObject({
      classify: 'SUCCEEDED',
      'condition-branches-1': 'SUCCEEDED',
      'condition-branches-1/condition-2': 'SUCCEEDED',
      'condition-branches-1/condition-2/label': 'SUCCEEDED',
      'condition-branches-1/condition-3': 'SKIPPED',
      'condition-branches-1/condition-4': 'SKIPPED',
      'for-loop-5': 'SUCCEEDED',
      'for-loop-5[3]/square': 'SUCCEEDED',
      inner: 'SUCCEEDED',
      'inner/square': 'SUCCEEDED',
    });
    expect(run.messages['condition-branches-1/condition-3']).toMatch(/^condition is false: .*== 'medium'$/);
    expect(Object.keys(run.states).filter((task) => task.startsWith('condition-branches-1/condition-3/'))).toEqual([]);

    // Events: the run starts, tasks go PENDING → RUNNING → an end state, the run finishes with the outputs.
    expect(run.events[0]).toMatchObject({ type: 'run-started', runId: run.runId, pipelineName: 'control-flow', outputDir: run.runDir });
    expect(run.events.at(-1)).toMatchObject({ type: 'run-finished', state: 'SUCCEEDED', outputs: run.outputs });
    const sumStates = run.events.filter((e) => e.type === 'task-state' && e.task === 'sum').map((e) => (e.type === 'task-state' ? e.state : ''));
    expect(sumStates).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    expect(run.events.some((e) => e.type === 'task-log' && e.task === 'for-loop-5[2]/square')).toBe(true);
  });

  it('keeps each task\'s inputs, outputs and log in its folder, loop iterations apart', async () => {
    const run = await runPipeline(controlFlow, { outputRoot: scratch.root, params: { n: 5 }, cache: false, runId: 'layout' });
    expect(run.runDir).toBe(join(scratch.root, 'layout'));
    const square = 'for-loop-5/iteration-2/square';
    const executorInput = JSON.parse(run.read(`${square}/executor_input.json`));
    expect(executorInput.inputs.parameterValues).toEqual({ x: 3 });
    expect(executorInput.outputs.parameters.Output.outputFile).toBe(join(run.runDir, square, 'parameters/Output'));
    expect(run.read(`${square}/task.log`)).toContain("running component 'square'");
    const merged = join(run.runDir, 'merge/artifacts/merged');
    expect(run.outputs.merged).toBe(merged);
    const mergeInput = JSON.parse(run.read('merge/executor_input.json'));
    expect(mergeInput.inputs.artifacts.files.artifacts.map((a: { uri: string }) => a.uri)).toEqual([
      join(run.runDir, 'for-loop-7/iteration-0/write-text/artifacts/file'),
      join(run.runDir, 'for-loop-7/iteration-1/write-text/artifacts/file'),
    ]);
    expect(mergeInput.inputs.artifacts.files.artifacts[1].metadata).toEqual({ name: 'b' });
    const summary = JSON.parse(run.read('run.json'));
    expect(summary).toMatchObject({ runId: 'layout', state: 'SUCCEEDED', outputs: run.outputs });
    expect(summary.tasks['condition-branches-1/condition-4']).toMatchObject({ state: 'SKIPPED' });
  });

  it('takes the Elif or the Else branch when their conditions hold', async () => {
    const medium = await runPipeline(controlFlow, { outputRoot: scratch.root, params: { n: 50, xs: [] } });
    expect(medium.outputs).toMatchObject({ picked: '<<some>>', total: 0, squares: [], nested: '<50 squared is 2500>' });
    expect(medium.states).toMatchObject({ 'condition-branches-1/condition-2': 'SKIPPED', 'condition-branches-1/condition-3': 'SUCCEEDED' });
    const large = await runPipeline(controlFlow, { outputRoot: scratch.root, params: { n: 500, xs: [7] } });
    expect(large.outputs).toMatchObject({ picked: '<<many>>', total: 49, squares: [49] });
    expect(large.states['condition-branches-1/condition-4']).toBe('SUCCEEDED');
    expect(existsSync(join(large.runDir, 'condition-branches-1/condition-4/label-3/executor_output.json'))).toBe(true);
  });
});

describe('an importer', () => {
  it('imports a local file, by a relative path, as an artifact with its metadata', async () => {
    const data = join(scratch.root, 'imported.txt');
    writeFileSync(data, 'imported text\n');
    const run = await runPipeline(imported, { outputRoot: scratch.root, params: { path: relative(process.cwd(), data) } });
    expect(run.state).toBe('SUCCEEDED');
    expect(run.outputs).toEqual({ Output: 'imported text' });
    const given = JSON.parse(run.read('read-text/executor_input.json')).inputs.artifacts.file.artifacts[0];
    expect(given).toMatchObject({ uri: data, metadata: { source: 'test' }, type: { schemaTitle: 'system.Artifact' } });
    expect(run.events.filter((e) => e.type === 'warning')).toEqual([]);
  });

  it('keeps a remote URI, with a warning, and the task reading it fails', async () => {
    const run = await runPipeline(imported, { outputRoot: scratch.root, params: { path: 'gs://bucket/data.txt' } });
    expect(run.events.filter((e) => e.type === 'warning')).toEqual([
      { type: 'warning', message: "task 'importer' imports gs://bucket/data.txt: a local run reads local files only, so tasks given this artifact cannot open it" },
    ]);
    expect(run.states).toMatchObject({ importer: 'SUCCEEDED', 'read-text': 'FAILED' });
  });
});
