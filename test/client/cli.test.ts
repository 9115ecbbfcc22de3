/**
 * `kfp-ts upload` and `kfp-ts run` as a user runs them (the built binary; `npm run build` first) against
 * the in-memory KFP API server.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileToYaml } from '@kfp-ts/compiler';
import { hasStackTrace, kfpTsAsync, scratchDir, type CliResult } from '../cli/run-cli.js';
import { training } from './fixtures/train.js';
import { KfpApiServer } from './kfp-api-server.js';

const fixture = 'test/client/fixtures/train.ts';
let server: KfpApiServer;
let host: string;
let scratch: ReturnType<typeof scratchDir>;

beforeEach(async () => {
  server = new KfpApiServer();
  host = await server.start();
  scratch = scratchDir();
});
afterEach(async () => {
  scratch.remove();
  await server.stop();
});

/** Runs the CLI without blocking this process, which serves the API the CLI talks to; no token from this shell. */
const kfpTs = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => kfpTsAsync(args, { KFP_TOKEN: '', ...env });

function yamlFile(): string {
  const path = join(scratch.dir, 'train.yaml');
  writeFileSync(path, compileToYaml(training));
  return path;
}

function fails(r: CliResult): string {
  expect(r.code).toBe(1);
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(r.stderr).toMatch(/^error: /);
  return r.stderr;
}

describe('kfp-ts upload', () => {
  it('documents its options', async () => {
    const r = await kfpTs(['upload', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--host <url>', '--name <name>', '--version-name <name>', '--namespace <ns>', '--token <token>', 'KFP_TOKEN', 'Examples:']) expect(r.stdout).toContain(option);
  });

  it('uploads a YAML file', async () => {
    const r = await kfpTs(['upload', yamlFile(), '--host', host]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uploaded pipeline 'train-demo' \(pipeline id \S+, version id \S+\)\n$/);
    expect(server.pipelines.map((p) => p.name)).toEqual(['train-demo']);
  });

  it('compiles a .ts file in memory and uploads it under a name, in a namespace, with a token', async () => {
    server.token = 'tok-123';
    const r = await kfpTs(['upload', fixture, '--host', host, '--name', 'mine', '--namespace', 'team-a'], { KFP_TOKEN: 'tok-123' });
    expect(r.code).toBe(0);
    expect(server.pipelines[0]).toMatchObject({ name: 'mine', namespace: 'team-a' });
    expect(server.versions[0].spec.root.dag.tasks.train).toBeDefined();
    expect(server.requests.every((q) => q.authorization === 'Bearer tok-123')).toBe(true);
  });

  it('explains a rejected token without printing it', async () => {
    server.token = 'right';
    const stderr = fails(await kfpTs(['upload', fixture, '--host', host, '--token', 'wrong-token']));
    expect(stderr).toBe("error: cannot look up pipeline 'train-demo': not authenticated: pass a valid token with --token or KFP_TOKEN (HTTP 401): Unauthenticated: request is not authenticated\n");
    expect(stderr).not.toContain('wrong-token');
  });

  it('refuses to replace an existing pipeline, and adds a version with --version-name', async () => {
    const file = yamlFile();
    expect((await kfpTs(['upload', file, '--host', host])).code).toBe(0);
    const stderr = fails(await kfpTs(['upload', file, '--host', host]));
    expect(stderr).toBe("error: pipeline 'train-demo' already exists: pass --version-name <name> to upload a new version of it, or --name to upload under another name\n");
    const r = await kfpTs(['upload', file, '--host', host, '--version-name', 'v2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uploaded version 'v2' of pipeline 'train-demo'/);
    expect(server.versions.map((v) => v.name)).toEqual(['train-demo', 'v2']);
    // The same version name again is the server's 409.
    expect(fails(await kfpTs(['upload', file, '--host', host, '--version-name', 'v2']))).toMatch(/^error: cannot upload pipeline version 'v2': already exists \(HTTP 409\)/);
  });

  it('reports a wrong API path as 404 naming the call', async () => {
    const stderr = fails(await kfpTs(['upload', yamlFile(), '--host', `${host}/not-kfp`]));
    expect(stderr).toBe("error: cannot upload pipeline 'train-demo': not found (HTTP 404): Not Found\n");
  });

  it('retries server errors, a bounded number of times', async () => {
    server.failNext(2, 503);
    expect((await kfpTs(['upload', yamlFile(), '--host', host])).code).toBe(0);
    server.requests.length = 0;
    server.failNext(100, 502);
    const stderr = fails(await kfpTs(['upload', yamlFile(), '--host', host, '--retries', '1']));
    expect(stderr).toMatch(/^error: cannot look up pipeline 'train-demo': server error \(HTTP 502\)/);
    expect(server.requests).toHaveLength(2);
  });
});

describe('kfp-ts run', () => {
  it('documents its options', async () => {
    const r = await kfpTs(['run', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--host <url>', '--experiment <name>', '--param <name=value>', '--watch', '--namespace <ns>', '--token <token>', '--timeout <seconds>']) {
      expect(r.stdout).toContain(option);
    }
  });

  it('uploads, creates the experiment, starts a run with typed parameters and watches it succeed', async () => {
    const r = await kfpTs(['run', fixture, '--host', host, '--experiment', 'demo', '--param', 'rows=3', '--param', 'shuffle=true', '--watch', '--poll-interval', '0.01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const runId = [...server.runs.keys()][0];
    const runName = server.runs.get(runId)!.body.display_name;
    expect(r.stdout).toBe(
      [
        `started run ${runId} of pipeline 'train-demo' version 'train-demo' in experiment 'demo'`,
        `task prepare: RUNNING`,
        `run ${runName}: RUNNING`,
        `task prepare: SUCCEEDED`,
        `task train: RUNNING`,
        `task train: SUCCEEDED`,
        `run ${runName}: SUCCEEDED`,
        '',
      ].join('\n'),
    );
    expect(server.experiments.map((e) => e.display_name)).toEqual(['demo']);
    expect(server.runs.get(runId)!.body.runtime_config).toEqual({ parameters: { rows: 3, shuffle: true } });
  });

  it('runs an existing pipeline as a new version, in an existing experiment, without waiting', async () => {
    const file = yamlFile();
    expect((await kfpTs(['run', file, '--host', host, '--experiment', 'demo'])).code).toBe(0);
    const r = await kfpTs(['run', file, '--host', host, '--experiment', 'demo', '--namespace', '']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^started run \S+ of pipeline 'train-demo' version 'train-demo-\d{8}-\d{6}' in experiment 'demo'\n$/);
    expect(server.pipelines).toHaveLength(1);
    expect(server.versions).toHaveLength(2);
    expect(server.experiments).toHaveLength(1);
    expect(server.runs.size).toBe(2);
  });

  it('exits with 1 when the watched run fails', async () => {
    server.runOutcome = 'FAILED';
    const r = await kfpTs(['run', yamlFile(), '--host', host, '--experiment', 'demo', '--watch', '--poll-interval', '0.01']);
    expect(r.stdout).toContain('task train: FAILED\n');
    expect(fails(r)).toMatch(/^error: run \S+ ended FAILED: task train failed\n$/);
  });

  it('rejects a parameter the pipeline does not have, or of the wrong type, before calling the API', async () => {
    expect(fails(await kfpTs(['run', yamlFile(), '--host', host, '--experiment', 'demo', '--param', 'epochs=3']))).toBe(
      "error: --param epochs: the pipeline has no input 'epochs' (inputs: rows, shuffle)\n",
    );
    expect(fails(await kfpTs(['run', yamlFile(), '--host', host, '--experiment', 'demo', '--param', 'rows=many']))).toBe("error: --param rows: 'many' is not an integer\n");
    expect(server.requests).toEqual([]);
  });
});
