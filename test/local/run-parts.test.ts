/**
 * The parts of a local run that need no task to run: pipeline arguments, parameter text, retry waits, the
 * run's folders, cache keys and entries, the warning about Kubernetes-only settings, and the checks of a
 * pipeline's DAGs.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type PipelineSpec } from '@kfp-ts/compiler';
import { containerComponent, pipeline, t } from '@kfp-ts/dsl';
import { cacheKey, TaskCache, type CacheKeyParts } from '../../packages/compiler/src/local/cache.js';
import { LocalRunError } from '../../packages/compiler/src/local/errors.js';
import { ignoredSettingsWarning } from '../../packages/compiler/src/local/ignored-settings.js';
import { createRunDir, defaultRunId, taskDir } from '../../packages/compiler/src/local/outputs-layout.js';
import { parameterFromText, parameterText, inputParameterValue } from '../../packages/compiler/src/local/parameters.js';
import { pipelineArguments } from '../../packages/compiler/src/local/pipeline-arguments.js';
import { retryDelayMs, retrySettings } from '../../packages/compiler/src/local/retry.js';
import { checkDags } from '../../packages/compiler/src/local/task-dependencies.js';

const scratch = mkdtempSync(join(tmpdir(), 'kfp-ts-local-parts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const echo = containerComponent({
  name: 'echo',
  inputs: { text: t.string(), times: t.integer().default(1) },
  image: 'alpine:3.20',
  command: ['echo'],
  args: ({ inputs }) => [inputs.text],
});

const typed = pipeline(
  {
    name: 'typed',
    inputs: { text: t.string(), times: t.integer().default(2), ratio: t.float().optionalInput(), flags: t.list(), data: t.dataset() },
  },
  ({ text, times }) => {
    echo({ text, times });
  },
);
const typedSpec = compile(typed).pipelineSpec;

/** The message of the LocalRunError `run` throws. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(LocalRunError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('pipeline arguments', () => {
  const dataFile = join(scratch, 'data.csv');
  writeFileSync(dataFile, 'a,b\n');

  it('takes the values given, the defaults of the others, and a local file for an input artifact', () => {
    const args = pipelineArguments(typedSpec, { text: 'hi', flags: [1], data: dataFile });
    expect(args.parameters).toEqual({ text: 'hi', times: 2, ratio: null, flags: [1] });
    expect(args.artifacts.data).toEqual([{ name: 'data', uri: dataFile, type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' }, metadata: {} }]);
  });

  it('names the input that is missing, unknown or of the wrong type', () => {
    expect(errorOf(() => pipelineArguments(typedSpec, { flags: [], data: dataFile }))).toBe(
      "pipeline 'typed': input 'text' (STRING) has no value: give it with --param text=<value>",
    );
    expect(errorOf(() => pipelineArguments(typedSpec, { text: 'x', flags: [], data: dataFile, speed: 3 }))).toBe(
      "pipeline 'typed': it has no input 'speed' (its inputs: text, times, ratio, flags, data)",
    );
    expect(errorOf(() => pipelineArguments(typedSpec, { text: 'x', times: 1.5, flags: [], data: dataFile }))).toBe(
      "pipeline 'typed': input 'times' must be an integer, not 1.5",
    );
    expect(errorOf(() => pipelineArguments(typedSpec, { text: 'x', flags: [] }))).toBe(
      "pipeline 'typed': input artifact 'data' has no value: give the path of a local file with --param data=<path>",
    );
    expect(errorOf(() => pipelineArguments(typedSpec, { text: 'x', flags: [], data: join(scratch, 'nope.csv') }))).toMatch(
      /^pipeline 'typed': input artifact 'data': no such file: /,
    );
  });
});

describe('parameter values', () => {
  it('writes values as the backend does when a STRING input receives them', () => {
    expect(parameterText(3)).toBe('3');
    expect(parameterText(0.5)).toBe('0.5');
    expect(parameterText(1e21)).toBe('1000000000000000000000');
    expect(parameterText(1.5e-7)).toBe('0.00000015');
    expect(parameterText(-2e22)).toBe('-20000000000000000000000');
    expect(parameterText(true)).toBe('true');
    expect(parameterText([1, 'a'])).toBe('[1,"a"]');
    expect(parameterText(null)).toBe('');
    expect(inputParameterValue({ a: 1 }, 'STRING')).toBe('{"a":1}');
  });

  it('reads parameter files by type, and rejects text that does not fit', () => {
    expect(parameterFromText(' 42\n', 'NUMBER_INTEGER')).toBe(42);
    expect(parameterFromText('0.25', 'NUMBER_DOUBLE')).toBe(0.25);
    expect(parameterFromText('True', 'BOOLEAN')).toBe(true);
    expect(parameterFromText('[1,2]', 'LIST')).toEqual([1, 2]);
    expect(parameterFromText(' keep spaces ', 'STRING')).toBe(' keep spaces ');
    expect(() => parameterFromText('4.5', 'NUMBER_INTEGER')).toThrow("'4.5' is not an integer");
    expect(() => parameterFromText('{"a":1}', 'LIST')).toThrow('is not a JSON list');
    expect(() => inputParameterValue('3', 'NUMBER_INTEGER')).toThrow('type mismatch: expected NUMBER_INTEGER, got string');
  });
});

describe('retry policy', () => {
  it('waits the backoff, growing by the factor, capped by the maximum', () => {
    const policy = retrySettings({ maxRetryCount: 4, backoffDuration: '30s', backoffFactor: 2, backoffMaxDuration: '100s' }, 'train');
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n))).toEqual([30_000, 60_000, 100_000, 100_000]);
    const defaults = retrySettings({ maxRetryCount: 1, backoffDuration: '1.5s' }, 'train');
    expect(defaults).toEqual({ maxRetryCount: 1, backoffMs: 1500, backoffFactor: 2, backoffMaxMs: 3_600_000 });
    expect(retrySettings(undefined, 'train').maxRetryCount).toBe(0);
  });

  it('rejects a duration it cannot read, naming the task', () => {
    expect(errorOf(() => retrySettings({ maxRetryCount: 1, backoffDuration: 'soon' }, 'train'))).toBe(
      "task 'train': retryPolicy.backoffDuration 'soon' is not a duration like '30s'",
    );
  });
});

describe('output folders', () => {
  it('names runs after the pipeline and the time, and makes each run a new folder', () => {
    expect(defaultRunId('my pipeline', new Date(2025, 0, 2, 3, 4, 5))).toBe('my-pipeline-20250102-030405');
    const root = join(scratch, 'runs');
    const first = createRunDir(root, 'p');
    const second = createRunDir(root, 'p');
    expect(second.runId).not.toBe(first.runId);
    expect(existsSync(first.runDir) && existsSync(second.runDir)).toBe(true);
    createRunDir(root, 'p', 'fixed');
    expect(errorOf(() => createRunDir(root, 'p', 'fixed'))).toMatch(/^run id 'fixed' is taken: .* exists \(choose another --run-id\)$/);
    expect(errorOf(() => createRunDir(root, 'p', '../escape'))).toMatch(/^run id '..\/escape' may hold only/);
  });

  it('puts a loop iteration in a folder of its own', () => {
    expect(taskDir('/runs/r', 'for-loop-2[1]/condition-3/train')).toBe('/runs/r/for-loop-2/iteration-1/condition-3/train');
  });
});

describe('task cache', () => {
  const parts: CacheKeyParts = {
    componentRef: 'comp-train',
    executorInput: {
      inputs: { parameterValues: { lr: 0.1 }, artifacts: { data: { artifacts: [{ uri: '/runs/a/data', type: { schemaTitle: 'system.Dataset' } }] } } },
      outputs: { parameters: { loss: { outputFile: '/runs/b/loss' } }, artifacts: {}, outputFile: '/runs/b/out.json' },
    },
    outputParameterTypes: { loss: 'NUMBER_DOUBLE' },
    container: { image: 'python:3.11', command: ['python'], args: ['train.py'] },
  };
  const withInputs = (parameterValues: Record<string, unknown>, uri = '/runs/a/data'): CacheKeyParts => ({
    ...parts,
    executorInput: {
      ...parts.executorInput,
      inputs: { parameterValues, artifacts: { data: { artifacts: [{ uri, type: { schemaTitle: 'system.Dataset' } }] } } },
    },
  });

  it('keys on inputs, output types and the container, not on where outputs go', () => {
    const key = cacheKey(parts);
    const elsewhere = { ...parts, executorInput: { ...parts.executorInput, outputs: { ...parts.executorInput.outputs, outputFile: '/runs/c/out.json', parameters: { loss: { outputFile: '/runs/c/loss' } } } } };
    expect(cacheKey(elsewhere)).toBe(key);
    expect(cacheKey(withInputs({ lr: 0.2 }))).not.toBe(key);
    expect(cacheKey(withInputs({ lr: 0.1 }, '/runs/other/data'))).not.toBe(key);
    expect(cacheKey({ ...parts, outputParameterTypes: { loss: 'STRING' } })).not.toBe(key);
    expect(cacheKey({ ...parts, container: { ...parts.container, image: 'python:3.12' } })).not.toBe(key);
    // A custom key replaces everything else, per component.
    expect(cacheKey({ ...withInputs({ lr: 9 }), customKey: 'v1' })).toBe(cacheKey({ ...parts, customKey: 'v1' }));
    expect(cacheKey({ ...parts, componentRef: 'comp-eval', customKey: 'v1' })).not.toBe(cacheKey({ ...parts, customKey: 'v1' }));
  });

  it('misses when an artifact file of the entry is gone', () => {
    const cache = new TaskCache(join(scratch, 'cache'));
    const model = join(scratch, 'model.bin');
    writeFileSync(model, 'weights');
    const entry = { outputParameters: { loss: 0.5 }, outputArtifacts: { model: [{ uri: model, type: { schemaTitle: 'system.Model' } }] }, runId: 'r1', task: 'train' };
    cache.put('k', entry);
    expect(cache.get('k')).toMatchObject({ outputParameters: { loss: 0.5 }, runId: 'r1' });
    expect(cache.get('other')).toBeUndefined();
    rmSync(model);
    expect(cache.get('k')).toBeUndefined();
  });
});

describe('Kubernetes-only settings', () => {
  it('lists what a local run ignores, per task, in one warning', () => {
    const k8s = pipeline({ name: 'k8s' }, () => {
      echo({ text: 'a' }).setCpuLimit('2').setMemoryLimit('1Gi').useSecretAsEnv('creds', { KEY: 'API_KEY' }).addNodeSelector('pool', 'gpu');
      echo({ text: 'b' });
    });
    const compiled = compile(k8s);
    expect(ignoredSettingsWarning(compiled.pipelineSpec, compiled.platformSpec)).toBe(
      `Kubernetes-only settings are ignored when running locally: echo (Secret 'creds' as env, node selector, CPU limit, memory limit)`,
    );
    expect(ignoredSettingsWarning(typedSpec)).toBeUndefined();
  });
});

describe('DAG checks', () => {
  const spec = (): PipelineSpec => JSON.parse(JSON.stringify(typedSpec)) as PipelineSpec;

  it('accepts a compiled pipeline', () => {
    expect(() => checkDags(typedSpec)).not.toThrow();
  });

  it('rejects a missing component, a dependency outside the DAG and a cycle', () => {
    const missing = spec();
    missing.root.dag!.tasks.echo.componentRef.name = 'comp-nope';
    expect(errorOf(() => checkDags(missing))).toBe("task 'echo' of the root DAG uses component 'comp-nope', which the pipeline does not define");
    const stray = spec();
    stray.root.dag!.tasks.echo.dependentTasks = ['ghost'];
    expect(errorOf(() => checkDags(stray))).toBe("task 'echo' of the root DAG depends on 'ghost', which is not a task of that DAG");
    const cycle = spec();
    const tasks = cycle.root.dag!.tasks;
    tasks.other = { ...tasks.echo, taskInfo: { name: 'other' }, dependentTasks: ['echo'] };
    tasks.echo.dependentTasks = ['other'];
    expect(errorOf(() => checkDags(cycle))).toMatch(/^the tasks of the root DAG depend on each other in a cycle: (echo → other → echo|other → echo → other)$/);
  });
});

