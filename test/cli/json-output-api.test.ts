/**
 * `--json` of `upload` and `run` against the in-memory KFP API server: standard output holds exactly one
 * JSON object (parsed whole here) with the shapes of cli/json-output.ts; messages for people and run
 * progress go to standard error; exit codes are those of the plain command.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileToYaml } from '@kfp-ts/compiler';
import type { FailureResult, RunResult, UploadResult } from '../../packages/compiler/src/cli/json-output.js';
import { training } from '../client/fixtures/train.js';
import { KfpApiServer } from '../client/kfp-api-server.js';
import { jsonOf } from './json-result.js';
import { kfpTsAsync, scratchDir } from './run-cli.js';

const scratch = scratchDir();
afterAll(() => scratch.remove());

describe('--json of upload and run', () => {
  const server = new KfpApiServer();
  let host: string;
  const trainYaml = join(scratch.dir, 'train-api.yaml');
  beforeAll(async () => {
    host = await server.start();
    writeFileSync(trainYaml, compileToYaml(training));
  });
  afterAll(() => server.stop());

  it('upload: the ids of the new pipeline; then the refusal to replace it', async () => {
    const r = await kfpTsAsync(['upload', trainYaml, '--host', host, '--json']);
    expect(r.code).toBe(0);
    const result = jsonOf<UploadResult>(r);
    const pipeline = server.pipelines.find((p) => p.name === 'train-demo')!;
    const version = server.versions.find((v) => v.pipeline_id === pipeline.pipeline_id)!;
    expect(result).toEqual({
      ok: true,
      command: 'upload',
      pipeline: 'train-demo',
      pipelineId: pipeline.pipeline_id,
      pipelineVersionId: version.pipeline_version_id,
      versionName: 'train-demo',
      newPipeline: true,
      warnings: [],
    });
    // The sentence for people moved to standard error.
    expect(r.stderr).toMatch(/^uploaded pipeline 'train-demo' \(pipeline id \S+, version id \S+\)\n$/);

    const again = await kfpTsAsync(['upload', trainYaml, '--host', host, '--json']);
    expect(again.code).toBe(1);
    expect(jsonOf<FailureResult>(again).error.message).toMatch(/^pipeline 'train-demo' already exists: pass --version-name/);
  });

  it('upload: the HTTP status of a failed API call', async () => {
    server.token = 'right';
    try {
      const r = await kfpTsAsync(['upload', trainYaml, '--host', host, '--name', 'other', '--token', 'wrong', '--json']);
      expect(r.code).toBe(1);
      expect(jsonOf<FailureResult>(r)).toMatchObject({ ok: false, command: 'upload', error: { httpStatus: 401 } });
    } finally {
      server.token = undefined;
    }
  });

  it('run --watch: the run, its ids and its final state; progress on standard error', async () => {
    server.runOutcome = 'SUCCEEDED';
    // Each run uploads a pipeline of its own name (versions named after the time could meet within a second).
    const r = await kfpTsAsync(['run', 'test/client/fixtures/train.ts', '--host', host, '--name', 'watched', '--experiment', 'json', '--param', 'rows=3', '--watch', '--poll-interval', '0.01', '--json']);
    expect(r.code).toBe(0);
    const result = jsonOf<RunResult>(r);
    const experiment = server.experiments.find((e) => e.display_name === 'json')!;
    expect(result).toMatchObject({ ok: true, command: 'run', pipeline: 'watched', experiment: 'json', experimentId: experiment.experiment_id, state: 'SUCCEEDED' });
    expect(server.runs.get(result.runId)?.body.runtime_config).toEqual({ parameters: { rows: 3 } });
    expect(server.versions.map((v) => v.pipeline_version_id)).toContain(result.pipelineVersionId);
    expect(r.stderr).toContain(`started run ${result.runId} of pipeline 'watched'`);
    expect(r.stderr).toContain('task train: SUCCEEDED\n');
  });

  it('run without --watch: the run started, no state', async () => {
    const r = await kfpTsAsync(['run', trainYaml, '--host', host, '--name', 'unwatched', '--experiment', 'json', '--json']);
    expect(r.code).toBe(0);
    const result = jsonOf<RunResult>(r);
    expect(result.ok).toBe(true);
    expect(server.runs.has(result.runId)).toBe(true);
    expect(result.state).toBeUndefined();
  });

  it('run --watch of a run that fails: ok false, exit code 1, the state and why', async () => {
    server.runOutcome = 'FAILED';
    const r = await kfpTsAsync(['run', trainYaml, '--host', host, '--name', 'failing', '--experiment', 'json', '--watch', '--poll-interval', '0.01', '--json']);
    expect(r.code).toBe(1);
    const result = jsonOf<RunResult>(r);
    expect(result).toMatchObject({ ok: false, command: 'run', state: 'FAILED', error: { message: `run ${result.runId} ended FAILED: task train failed` } });
    expect(r.stderr).toContain(`error: run ${result.runId} ended FAILED`);
  });

  it('run --watch that times out: the ids of the run it started, beside the error', async () => {
    server.runOutcome = 'SUCCEEDED';
    // The first poll finds the run still going, and the next would come after the deadline.
    const r = await kfpTsAsync(['run', trainYaml, '--host', host, '--name', 'slow', '--experiment', 'json', '--watch', '--timeout', '0.001', '--json']);
    expect(r.code).toBe(1);
    const result = jsonOf<RunResult>(r);
    expect(result).toMatchObject({ ok: false, command: 'run', pipeline: 'slow', experiment: 'json' });
    expect(server.runs.has(result.runId)).toBe(true);
    expect(result.error?.message).toMatch(new RegExp(`^run ${result.runId} is still \\w+ after 0s$`));
    expect(r.stderr).toContain(`error: run ${result.runId} is still`);
  });

  it('run: a bad --param, before any API call', async () => {
    const before = server.requests.length;
    const r = await kfpTsAsync(['run', trainYaml, '--host', host, '--experiment', 'json', '--param', 'rows=many', '--json']);
    expect(r.code).toBe(1);
    expect(jsonOf<FailureResult>(r)).toEqual({ ok: false, command: 'run', error: { message: "--param rows: 'many' is not an integer" }, warnings: [] });
    expect(server.requests.length).toBe(before);
  });
});
