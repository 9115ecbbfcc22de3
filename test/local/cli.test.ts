/**
 * `kfp-ts run --local` end to end with the built CLI: the examples that need no cluster run to success, the
 * reviews example fails on its container step (no Docker here) after running everything else, and bad
 * input stops the run before it starts with one line naming the input.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir, kfpTsAsync } from '../cli/run-cli.js';
import { scratchRoot } from './run-helpers.js';

const scratch = scratchRoot('local-cli');
afterAll(scratch.remove);

/** The run.json of the only run under `dir`. */
function onlyRun(dir: string): { runDir: string; summary: Record<string, any> } {
  const runs = readdirSync(dir).filter((name) => !name.startsWith('.'));
  expect(runs).toHaveLength(1);
  const runDir = join(dir, runs[0]);
  return { runDir, summary: JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) };
}

describe.concurrent('kfp-ts run --local', () => {
  it('runs examples/local/pipeline.ts to success, the alert branch included', async () => {
    const out = join(scratch.root, 'local-example');
    const r = await kfpTsAsync(['run', '--local', 'examples/local/pipeline.ts', '--output-dir', out, '--param', 'minimum=1.5', '--parallelism', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Run SUCCEEDED in /m);
    const { runDir, summary } = onlyRun(out);
    expect(summary.state).toBe('SUCCEEDED');
    expect(summary.tasks['exit-handler-1/condition-4/alert'].state).toBe('SUCCEEDED');
    expect(readFileSync(join(runDir, 'exit-handler-1/condition-4/alert/task.log'), 'utf8')).toContain('ALERT: best accuracy 1 is below 1.5');
    expect(readFileSync(join(runDir, 'announce/task.log'), 'utf8')).toMatch(/\[#local\] run reviews-local-\d{8}-\d{6} ended: SUCCEEDED/);
  });

  it('runs the reviews example up to its container step, which needs Docker, and exits 1', async () => {
    const out = join(scratch.root, 'reviews');
    const r = await kfpTsAsync(['run', '--local', 'examples/typescript-components/pipeline.ts', '--output-dir', out, '--run-id', 'reviews-1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('container component needs Docker or Podman to run locally (image alpine:3.20); none is running');
    expect(r.stdout).toMatch(/^Run FAILED in /m);
    const { runDir, summary } = onlyRun(out);
    expect(runDir).toBe(join(out, 'reviews-1'));
    expect(summary.tasks).toMatchObject({
      'exit-handler-1/load-reviews': { state: 'SUCCEEDED' },
      'exit-handler-1/evaluate-classifier': { state: 'SUCCEEDED' },
      'exit-handler-1/check-accuracy': { state: 'SUCCEEDED' },
      'exit-handler-1/publish': { state: 'FAILED' },
      announce: { state: 'SUCCEEDED' },
    });
    expect(readFileSync(join(runDir, 'announce/task.log'), 'utf8')).toContain('[#ml-runs] run reviews-1 ended: FAILED');
    expect(existsSync(join(runDir, 'exit-handler-1/evaluate-classifier/artifacts/report'))).toBe(true);
  });

  it('reuses cached outputs on a second run, and not with --no-cache (and reports the run under --json)', async () => {
    const out = join(scratch.root, 'cache');
    const yaml = join(corpusDir, 'local_execution/pipeline_with_caching.yaml');
    const first = await kfpTsAsync(['run', '--local', yaml, '--output-dir', out, '--run-id', 'first', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      ok: true,
      command: 'run',
      local: true,
      pipeline: 'pipeline-with-caching',
      runId: 'first',
      state: 'SUCCEEDED',
      runDir: join(out, 'first'),
      outputs: { Output: 2 },
      warnings: [],
    });
    const cached = await kfpTsAsync(['run', '--local', yaml, '--output-dir', out, '--run-id', 'second']);
    expect(cached.stdout).toMatch(/add-one: CACHED/);
    const fresh = await kfpTsAsync(['run', '--local', yaml, '--output-dir', out, '--run-id', 'third', '--no-cache']);
    expect(fresh.stdout).not.toMatch(/CACHED/);
    expect(JSON.parse(readFileSync(join(out, 'third/run.json'), 'utf8')).outputs).toEqual({ Output: 2 });
    const taken = await kfpTsAsync(['run', '--local', yaml, '--output-dir', out, '--run-id', 'third']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe(`error: run id 'third' is taken: ${join(out, 'third')} exists (choose another --run-id)\n`);
  });

  it('stops before the run with one line naming a bad, unknown or missing input', async () => {
    const out = join(scratch.root, 'bad');
    const yaml = join(corpusDir, 'local_execution/local_execution_pipeline_with_retry.yaml');
    const cases: [string[], string][] = [
      [[yaml], "error: pipeline 'pipeline-with-retry': input 'counter_path' (STRING) has no value: give it with --param counter_path=<value>\n"],
      [[yaml, '--param', 'tries=3'], "error: --param tries: the pipeline has no input 'tries' (inputs: counter_path)\n"],
      [[join(corpusDir, 'local_execution/pipeline_with_caching.yaml'), '--param', 'x=many'], "error: --param x: 'many' is not an integer\n"],
      [[yaml, '--param', 'counter_path=/tmp/c', '--parallelism', '0'], "error: --parallelism must be a whole number of 1 or more, not '0'\n"],
    ];
    for (const [args, stderr] of cases) {
      const r = await kfpTsAsync(['run', '--local', ...args, '--output-dir', out]);
      expect(r.stderr, args.join(' ')).toBe(stderr);
      expect(r.code).toBe(1);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('still needs --host and --experiment without --local', async () => {
    const r = await kfpTsAsync(['run', 'examples/local/pipeline.ts', '--experiment', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: required option '--host <url>' not specified (or run on this machine with --local)\n");
  });
});
