/**
 * A lightweight TypeScript component declared in a module that also imports the prebuilt steps: its
 * embedded bundle stays small (the components package is side-effect free, so esbuild leaves out what the
 * module does not use, and a native addon beside the used code does not stop the bundle), and the
 * pipeline runs locally end to end, the prebuilt quality gate included.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '@kfp-ts/compiler';
import { gatedScore } from './fixtures/beside-prebuilt-steps.js';
import { runPipeline, scratchRoot } from './run-helpers.js';

const scratch = scratchRoot('beside-steps');
afterAll(() => scratch.remove());

describe('a lightweight component beside the prebuilt steps', () => {
  it('embeds a bundle of its own code only', () => {
    const executors = compile(gatedScore).pipelineSpec.deploymentSpec.executors as Record<string, { container: { command: string[] } }>;
    const bundle = executors['exec-score-run'].container.command.at(-1)!;
    expect(bundle.length).toBeLessThan(100 * 1024);
    expect(bundle).not.toContain('onnxruntime');
    expect(bundle).not.toContain('@kubernetes/client-node');
  });

  it('runs locally, the gate deciding whether the branch runs', async () => {
    const passed = await runPipeline(gatedScore, { outputRoot: scratch.root, params: { correct: 7 }, runId: 'passes' });
    expect(passed.state).toBe('SUCCEEDED');
    expect(passed.states).toMatchObject({ 'score-run': 'SUCCEEDED', 'quality-gate': 'SUCCEEDED', 'condition-1/announce': 'SUCCEEDED' });
    expect(passed.read('condition-1/announce/parameters/message')).toBe('accuracy 0.70 passed');

    const failed = await runPipeline(gatedScore, { outputRoot: scratch.root, params: { correct: 3 }, runId: 'fails' });
    expect(failed.state).toBe('SUCCEEDED');
    expect(failed.states).toMatchObject({ 'score-run': 'SUCCEEDED', 'quality-gate': 'SUCCEEDED', 'condition-1': 'SKIPPED' });
    expect(failed.states['condition-1/announce']).toBeUndefined();
  }, 60_000);
});
