/**
 * Failures in local runs of real TypeScript components: exit handlers with the final status on success and
 * on failure, tasks that ignore upstream failures, the failing task's log tail, retries, cancellation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ignoringFailure, retried, withExitHandler } from './fixtures/pipelines.js';
import { runPipeline, scratchRoot } from './run-helpers.js';

const scratch = scratchRoot('local-failures');
afterAll(scratch.remove);
const file = (name: string) => join(scratch.root, name);
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('exit handlers', () => {
  it('run the exit task after the guarded tasks succeed, with their final status', async () => {
    const run = await runPipeline(withExitHandler, {
      outputRoot: scratch.root,
      params: { fail: false, logFile: file('ok.log'), statusFile: file('ok-status.json') },
    });
    expect(run.state).toBe('SUCCEEDED');
    expect(run.states).toMatchObject({ 'exit-handler-1': 'SUCCEEDED', 'exit-handler-1/record': 'SUCCEEDED', 'report-status': 'SUCCEEDED' });
    expect(JSON.parse(readFileSync(file('ok-status.json'), 'utf8'))).toEqual({
      state: 'SUCCEEDED',
      pipelineJobResourceName: run.runId,
      pipelineTaskName: 'exit-handler-1',
      error: {},
    });
  });

  it('run the exit task after a guarded task fails, and the run fails with that task\'s log tail', async () => {
    const run = await runPipeline(withExitHandler, {
      outputRoot: scratch.root,
      params: { fail: true, logFile: file('bad.log'), statusFile: file('bad-status.json') },
    });
    expect(run.state).toBe('FAILED');
    expect(run.states).toMatchObject({
      'exit-handler-1/maybe-fail': 'FAILED',
      'exit-handler-1/record': 'SKIPPED',
      'exit-handler-1': 'FAILED',
      'report-status': 'SUCCEEDED',
    });
    const [why, ...tail] = run.messages['exit-handler-1/maybe-fail'].split('\n');
    expect(why).toBe("exited with code 1: error: component 'maybe-fail' failed: the step broke on purpose");
    expect(tail).toEqual(expect.arrayContaining(['working, step 1', 'working, step 2', 'working, step 3']));
    expect(run.messages['exit-handler-1/record']).toBe("upstream task 'maybe-fail' failed");
    expect(run.messages['exit-handler-1']).toBe(`task 'exit-handler-1/maybe-fail' failed: ${why}`);

    const status = JSON.parse(readFileSync(file('bad-status.json'), 'utf8'));
    expect(status).toEqual({
      state: 'FAILED',
      pipelineJobResourceName: run.runId,
      pipelineTaskName: 'exit-handler-1',
      error: { message: `task 'exit-handler-1/maybe-fail' failed: ${why}` },
    });
    expect(run.events.at(-1)).toMatchObject({ type: 'run-finished', state: 'FAILED' });
    expect(JSON.parse(run.read('run.json')).error).toBe(`task 'exit-handler-1/maybe-fail' failed: ${why}`);
    expect(run.read('exit-handler-1/maybe-fail/task.log')).toContain('working, step 3');
  });
});

describe('a failed task', () => {
  it('skips the tasks after it, except those that ignore upstream failures; independent tasks run', async () => {
    const log = file('ignoring.log');
    const run = await runPipeline(ignoringFailure, { outputRoot: scratch.root, params: { logFile: log } });
    expect(run.state).toBe('FAILED');
    expect(run.states).toMatchObject({ 'maybe-fail': 'FAILED', record: 'SUCCEEDED', 'record-2': 'SKIPPED', 'record-3': 'SUCCEEDED' });
    expect(lines(log).sort()).toEqual(['cleanup ran', 'independent ran', 'maybe-fail']);
  });
});

describe('retries', () => {
  it('run a failed task again, and it succeeds on the second attempt', async () => {
    const counter = file('flaky-2');
    const run = await runPipeline(retried, { outputRoot: scratch.root, params: { counterFile: counter }, retryWaitScale: 0 });
    expect(run.state).toBe('SUCCEEDED');
    expect(run.outputs).toEqual({ Output: 2 });
    expect(readFileSync(counter, 'utf8')).toBe('2');
    const attempts = run.events.flatMap((e) => (e.type === 'task-state' && e.task === 'flaky' && e.state === 'RUNNING' ? [e] : []));
    expect(attempts.map((e) => e.attempt)).toEqual([1, 2]);
    expect(attempts[1].message).toBe("retry 1 of 2 after: exited with code 1: error: component 'flaky' failed: attempt 1 fails");
    // Both attempts write to the task's log.
    expect(run.read('flaky/task.log').match(/running component 'flaky'/g)).toHaveLength(2);
  });

  it('give up after the last retry', async () => {
    const counter = file('flaky-5');
    const run = await runPipeline(retried, { outputRoot: scratch.root, params: { counterFile: counter, succeedOn: 5 }, retryWaitScale: 0 });
    expect(run.state).toBe('FAILED');
    expect(readFileSync(counter, 'utf8')).toBe('3');
    expect(run.messages.flaky.split('\n')[0]).toBe("exited with code 1: error: component 'flaky' failed: attempt 3 fails (after 3 attempts)");
  });
});

describe('cancelling a run', () => {
  it('stops the running task and skips the rest', async () => {
    const controller = new AbortController();
    const log = file('cancelled.log');
    const run = await runPipeline(withExitHandler, {
      outputRoot: scratch.root,
      params: { fail: false, logFile: log, statusFile: file('cancelled-status.json') },
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'task-state' && e.task === 'exit-handler-1/maybe-fail' && e.state === 'RUNNING') controller.abort();
      },
    });
    expect(run.state).toBe('FAILED');
    expect(run.states).toMatchObject({ 'exit-handler-1/maybe-fail': 'FAILED', 'exit-handler-1/record': 'SKIPPED', 'report-status': 'SKIPPED' });
    expect(run.messages['report-status']).toBe('the run was cancelled');
  });
});
