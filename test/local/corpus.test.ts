/**
 * The KFP corpus's local-execution pipelines (IR YAML compiled by the Python SDK, with Python function
 * components) run locally end to end, read from their YAML files, each task a real Python process. And
 * every pipeline of the corpus walks to its end with a stand-in launcher: the engine understands each DAG
 * structure the Python compiler writes.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalRunEvent } from '../../packages/compiler/src/local/events.js';
import type { LocalLaunchRequest, LocalLaunchResult } from '../../packages/compiler/src/local/launch-types.js';
import { loadLocalPipeline } from '../../packages/compiler/src/local/load-pipeline-file.js';
import { runLocal } from '../../packages/compiler/src/local/run-local.js';
import { corpusDir } from '../conformance/corpus.js';
import { scratchRoot } from './run-helpers.js';

const scratch = scratchRoot('local-corpus');
afterAll(scratch.remove);

async function runGolden(name: string, params: Record<string, unknown> = {}) {
  const { pipelineSpec, platformSpec } = await loadLocalPipeline(join(corpusDir, 'local_execution', `${name}.yaml`));
  const events: LocalRunEvent[] = [];
  const run = await runLocal(pipelineSpec, platformSpec, { outputRoot: scratch.root, params, retryWaitScale: 0, onEvent: (e) => events.push(e) });
  const states: Record<string, string> = {};
  for (const e of events) if (e.type === 'task-state') states[e.task] = e.state;
  return { ...run, events, states };
}

describe.concurrent('the corpus\'s local-execution pipelines', () => {
  it('exit handler: the exit task gets the final status', async () => {
    const run = await runGolden('local_execution_pipeline_with_exit_handler');
    expect(run.state).toBe('SUCCEEDED');
    expect(run.states).toEqual({ 'exit-handler-1': 'SUCCEEDED', 'exit-handler-1/echo': 'SUCCEEDED', 'record-exit': 'SUCCEEDED' });
    const output = JSON.parse(readFileSync(join(run.runDir, 'record-exit/executor_output.json'), 'utf8'));
    expect(output.parameterValues).toEqual({ Output: 'exit:SUCCEEDED' });
  });

  it('ignore upstream failure: the cleanup runs after the failure, the run fails', async () => {
    const marker = join(scratch.root, 'marker');
    const run = await runGolden('local_execution_pipeline_with_ignore_upstream_failure', { marker_path: marker });
    expect(run.state).toBe('FAILED');
    expect(run.states).toEqual({ 'fail-always': 'FAILED', 'write-marker': 'SUCCEEDED' });
    expect(readFileSync(marker, 'utf8')).toBe('cleanup_ran');
    const failure = run.events.find((e) => e.type === 'task-state' && e.state === 'FAILED');
    expect(failure?.type === 'task-state' && failure.message).toMatch(/^exited with code 1: RuntimeError: upstream failed intentionally\n/);
  });

  it('Kubernetes-only methods: warned about once, the task runs', async () => {
    const run = await runGolden('local_execution_pipeline_with_k8s_only_methods', { message: 'hi' });
    expect(run.outputs).toEqual({ Output: 'hi' });
    expect(run.events.filter((e) => e.type === 'warning')).toEqual([
      { type: 'warning', message: 'Kubernetes-only settings are ignored when running locally: echo (accelerator, CPU limit, memory limit)' },
    ]);
  });

  it('OneOf: the output of the branch that ran', async () => {
    const a = await runGolden('local_execution_pipeline_with_oneof');
    expect(a.outputs).toEqual({ Output: 'selected:A' });
    const b = await runGolden('local_execution_pipeline_with_oneof', { pick_a: false });
    expect(b.outputs).toEqual({ Output: 'selected:B' });
    expect(b.states).toMatchObject({ 'condition-branches-1/condition-2': 'SKIPPED', 'condition-branches-1/condition-3': 'SUCCEEDED' });
  });

  it('retry: the second attempt succeeds', async () => {
    const run = await runGolden('local_execution_pipeline_with_retry', { counter_path: join(scratch.root, 'counter') });
    expect(run.outputs).toEqual({ Output: 'attempt=2' });
  });

  it('caching: the second run is served from the cache', async () => {
    const first = await runGolden('pipeline_with_caching', { x: 41 });
    expect(first.outputs).toEqual({ Output: 42 });
    const second = await runGolden('pipeline_with_caching', { x: 41 });
    expect(second.states).toEqual({ 'add-one': 'CACHED' });
    expect(second.outputs).toEqual({ Output: 42 });
  });

  it('collected artifacts: a list of the loop\'s artifacts', async () => {
    const run = await runGolden('pipeline_with_collected_artifacts');
    expect(run.outputs).toEqual({ Output: '0,1,2' });
  });
});

/** Every file under `dir` ending in .yaml. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

/** A value of each parameter type; list items are objects with the fields the corpus's loops read. */
const SAMPLE: Record<string, unknown> = {
  STRING: 'heads',
  NUMBER_INTEGER: 3,
  NUMBER_DOUBLE: 0.5,
  BOOLEAN: true,
  LIST: [{ a: 1, A_a: 'heads', B_b: ['x', 'y'] }],
  STRUCT: { a: 1 },
};

/** Succeeds at once, with a sample value for each output parameter and a small file for each output artifact. */
async function standIn(request: LocalLaunchRequest): Promise<LocalLaunchResult> {
  const outputParameters: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(request.componentSpec?.outputDefinitions?.parameters ?? {})) outputParameters[name] = SAMPLE[spec.parameterType];
  const outputArtifacts: LocalLaunchResult['outputArtifacts'] = {};
  for (const [name, list] of Object.entries(request.executorInput.outputs.artifacts ?? {})) {
    mkdirSync(dirname(list.artifacts[0].uri), { recursive: true });
    writeFileSync(list.artifacts[0].uri, name);
    outputArtifacts[name] = list.artifacts;
  }
  return { state: 'SUCCEEDED', outputParameters, outputArtifacts, logTail: '' };
}

describe('every pipeline of the corpus', () => {
  it('runs to its end with a stand-in launcher, no task failing', async () => {
    let ran = 0;
    const failures: string[] = [];
    for (const file of yamlFiles(corpusDir)) {
      let pipeline;
      try {
        pipeline = await loadLocalPipeline(file);
      } catch {
        continue; // A few files of the corpus are not pipelines (components), or YAML this parser refuses.
      }
      const { pipelineSpec, platformSpec } = pipeline;
      if (!pipelineSpec.root?.dag) continue;
      const params: Record<string, unknown> = {};
      for (const [name, p] of Object.entries(pipelineSpec.root.inputDefinitions?.parameters ?? {})) {
        if (p.defaultValue === undefined && !p.isOptional) params[name] = SAMPLE[p.parameterType];
      }
      for (const [name, a] of Object.entries(pipelineSpec.root.inputDefinitions?.artifacts ?? {})) {
        if (!a.isOptional) params[name] = file;
      }
      const events: LocalRunEvent[] = [];
      const run = await runLocal(pipelineSpec, platformSpec, { outputRoot: scratch.root, params, cache: false, launch: standIn, onEvent: (e) => events.push(e) });
      ran++;
      for (const e of events) if (e.type === 'task-state' && e.state === 'FAILED') failures.push(`${file}: ${e.task}: ${e.message?.split('\n')[0]}`);
      if (run.state !== 'SUCCEEDED' && !failures.length) failures.push(`${file}: ${run.state}`);
    }
    expect(failures).toEqual([]);
    expect(ran).toBeGreaterThan(150);
  });
});
