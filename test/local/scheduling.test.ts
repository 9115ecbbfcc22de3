/**
 * How the engine schedules and hands tasks to the launcher, observed through a stand-in launcher that
 * records each request: the run's parallelism, a loop's parallelism, what a launch request holds, and a
 * task that cannot run here (not retried).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '@kfp-ts/compiler';
import { containerComponent, ParallelFor, pipeline, t } from '@kfp-ts/dsl';
import { LocalRunError } from '../../packages/compiler/src/local/errors.js';
import type { LocalLaunchRequest, LocalLaunchResult } from '../../packages/compiler/src/local/launch-types.js';
import { runLocal } from '../../packages/compiler/src/local/run-local.js';
import { scratchRoot } from './run-helpers.js';

const scratch = scratchRoot('local-scheduling');
afterAll(scratch.remove);

const work = containerComponent({
  name: 'work',
  inputs: { item: t.integer() },
  outputs: { result: t.integer(), out: t.dataset() },
  image: 'busybox:1.36',
  command: ['sh', '-c', 'echo "$0" > "$1"'],
  args: ({ inputs, outputs }) => [inputs.item, outputs.out.path],
});

/** A launcher that writes each task's outputs after yielding to the event loop, and counts overlapping launches. */
function recordingLauncher(fail?: (request: LocalLaunchRequest) => Error | undefined) {
  const requests: LocalLaunchRequest[] = [];
  let running = 0;
  let most = 0;
  const launch = async (request: LocalLaunchRequest): Promise<LocalLaunchResult> => {
    requests.push(request);
    running++;
    most = Math.max(most, running);
    try {
      // Let every task that can start, start, before this one ends.
      await new Promise((resolve) => setImmediate(resolve));
      const error = fail?.(request);
      if (error) throw error;
      const item = request.executorInput.inputs.parameterValues?.item as number;
      const out = request.executorInput.outputs.artifacts!.out.artifacts[0];
      mkdirSync(dirname(out.uri), { recursive: true });
      writeFileSync(out.uri, String(item));
      return { state: 'SUCCEEDED', outputParameters: { result: String(item * 10) }, outputArtifacts: { out: [out] }, logTail: '' };
    } finally {
      running--;
    }
  };
  return { launch, requests, most: () => most };
}

describe('scheduling', () => {
  const fanOut = (parallelism?: number) =>
    pipeline({ name: 'fan-out', inputs: { items: t.list(t.integer()).default([1, 2, 3, 4, 5, 6]) } }, ({ items }) => {
      ParallelFor(items, (item) => work({ item }), parallelism === undefined ? {} : { parallelism });
    });

  it("keeps to a loop's parallelism", async () => {
    const launcher = recordingLauncher();
    const { pipelineSpec } = compile(fanOut(2));
    const run = await runLocal(pipelineSpec, undefined, { outputRoot: scratch.root, launch: launcher.launch, parallelism: 8 });
    expect(run.state).toBe('SUCCEEDED');
    expect(launcher.requests).toHaveLength(6);
    expect(launcher.most()).toBe(2);
  });

  it("keeps to the run's parallelism", async () => {
    const one = recordingLauncher();
    await runLocal(compile(fanOut()).pipelineSpec, undefined, { outputRoot: scratch.root, launch: one.launch, parallelism: 1, cache: false });
    expect(one.most()).toBe(1);
    const many = recordingLauncher();
    await runLocal(compile(fanOut()).pipelineSpec, undefined, { outputRoot: scratch.root, launch: many.launch, parallelism: 8, cache: false });
    expect(many.most()).toBe(6);
  });

  it('gives the launcher the task, its folder, the executor input and the run', async () => {
    const launcher = recordingLauncher();
    const single = pipeline({ name: 'single' }, () => work({ item: 7 }).outputs.result);
    const run = await runLocal(compile(single).pipelineSpec, undefined, { outputRoot: scratch.root, launch: launcher.launch, runId: 'single-run' });
    expect(run.outputs).toEqual({ Output: 70 });
    const [request] = launcher.requests;
    const dir = join(scratch.root, 'single-run', 'work');
    expect(request).toMatchObject({
      task: 'work',
      componentName: 'work',
      taskDir: dir,
      container: { image: 'busybox:1.36' },
      componentSpec: { executorLabel: 'exec-work' },
      run: { runName: 'single-run', pipelineRoot: scratch.root },
    });
    expect(request.executorInput).toEqual({
      inputs: { parameterValues: { item: 7 }, artifacts: {} },
      outputs: {
        parameters: { result: { outputFile: join(dir, 'parameters/result') } },
        artifacts: { out: { artifacts: [{ name: 'out', uri: join(dir, 'artifacts/out'), type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' }, metadata: {} }] } },
        outputFile: join(dir, 'executor_output.json'),
      },
    });
  });

  it('fails a task that cannot run here, without retrying it', async () => {
    const launcher = recordingLauncher((r) => new LocalRunError('container component needs Docker or Podman to run locally (image busybox:1.36); none is running', r.task));
    const retried = pipeline({ name: 'no-docker' }, () => {
      work({ item: 1 }).setRetry({ maxRetryCount: 3 });
    });
    const run = await runLocal(compile(retried).pipelineSpec, undefined, { outputRoot: scratch.root, launch: launcher.launch, retryWaitScale: 0 });
    expect(run.state).toBe('FAILED');
    expect(launcher.requests).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(run.runDir, 'run.json'), 'utf8')).tasks.work).toEqual({
      state: 'FAILED',
      message: 'container component needs Docker or Podman to run locally (image busybox:1.36); none is running',
    });
  });
});
