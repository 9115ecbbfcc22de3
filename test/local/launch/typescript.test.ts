/**
 * TypeScript components run by the local launcher, for real: lightweight ones with the command line from
 * the IR, containerized ones (and those that install npm packages) bundled here and run with Node.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchTask, TASK_LOG_FILE } from '../../../packages/compiler/src/local/launch/index.js';
import { LocalRunError } from '../../../packages/compiler/src/local/errors.js';
import { findContainerEngine } from '../../../packages/compiler/src/local/launch/container-engine.js';
import { countWords, toYaml } from '../../runtime/fixtures/image-components.js';
import { evaluate, makeData } from '../../runtime/fixtures/ts-components.js';
import { dumpYaml } from '../../runtime/fixtures/with-packages.js';
import { doesNothing, leavesChildBehind, noisyFailure, reportsTmp, waitsForever } from './fixtures/components.js';
import { compiled, inputArtifact, logLines, plannedInput, removeScratch, request, scratch } from './harness.js';

afterAll(removeScratch);

describe('a lightweight TypeScript component', () => {
  const make = compiled(makeData);
  const root = scratch();

  it('runs the command line of the IR and reads its outputs back', async () => {
    const taskDir = join(root, 'make-data');
    const req = request(make, taskDir, plannedInput(make.componentSpec, taskDir, { parameters: { rows: 4, prefix: 'row' } }));
    const result = await launchTask(req);

    expect(result.error).toBeUndefined();
    expect(result.state).toBe('SUCCEEDED');
    expect(result.outputParameters).toEqual({ count: 4 });
    expect(result.outputArtifacts).toEqual({
      data: [
        {
          name: 'data',
          uri: join(taskDir, 'artifacts/data'),
          type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
          metadata: { rows: 4, prefix: 'row' },
        },
      ],
    });
    expect(readFileSync(join(taskDir, 'artifacts/data'), 'utf8')).toBe('row line 0\nrow line 1\nrow line 2\nrow line 3\n');
    // The parameter file and the executor output the launcher reads.
    expect(readFileSync(join(taskDir, 'parameters/count'), 'utf8')).toBe('4');
    expect(JSON.parse(readFileSync(join(taskDir, 'executor_output.json'), 'utf8')).parameterValues).toEqual({ count: 4 });

    const stdout = logLines(req.events, 'stdout');
    expect(stdout[0]).toBe("kfp-ts: running component 'make-data'");
    expect(logLines(req.events, 'stderr')).toEqual([]);
    expect(req.events.every((e) => e.type === 'task-log' && e.task === 'make-data')).toBe(true);
    expect(readFileSync(join(taskDir, TASK_LOG_FILE), 'utf8')).toBe(stdout.map((l) => l + '\n').join(''));
    expect(result.logTail).toBe(stdout.join('\n'));
  });

  it('gets the defaults the component declares', async () => {
    const taskDir = join(root, 'make-data-default');
    const result = await launchTask(request(make, taskDir, plannedInput(make.componentSpec, taskDir, { parameters: { prefix: 'd' } })));
    expect(result.outputParameters).toEqual({ count: 3 });
  });

  it('passes artifacts between tasks, and every kind of output parameter comes back typed', async () => {
    const ev = compiled(evaluate);
    const taskDir = join(root, 'evaluate');
    const data = inputArtifact(root, 'data', 'row line 0\nrow line 1\nrow line 2\nrow line 3\n', { rows: 4, prefix: 'row' });
    const req = request(ev, taskDir, plannedInput(ev.componentSpec, taskDir, { parameters: { expected: 5, tags: ['a', 'b'], verbose: true }, artifacts: { data } }));
    const result = await launchTask(req);
    expect(result.error).toBeUndefined();
    expect(result.outputParameters).toEqual({
      accuracy: 0.8,
      passed: true,
      label: 'a+b:default:no-extra',
      summary: { lines: 4, words: 12, source: { rows: 4, prefix: 'row' } },
      words: ['row', 'line', '0'],
    });
    expect(result.outputArtifacts.scores[0].metadata).toEqual({ accuracy: 0.8, lines: 4 });
    expect(readFileSync(result.outputArtifacts.notes[0].uri, 'utf8')).toBe('# Evaluation\n\n4 lines, threshold 0.5\n');
    expect(logLines(req.events, 'stdout')).toContain(`evaluated ${data.uri} (row)`);
  });

  it('keeps temporary files in the task folder while it runs, and removes them after', async () => {
    const c = compiled(reportsTmp);
    const taskDir = join(root, 'reports-tmp');
    const result = await launchTask(request(c, taskDir, plannedInput(c.componentSpec, taskDir)));
    expect(result.outputParameters).toEqual({ tmp: join(taskDir, 'tmp'), existed: true });
    expect(existsSync(join(taskDir, 'tmp'))).toBe(false);
  });

  it('installs no npm packages: the project has them, and the component is bundled here', async () => {
    const c = compiled(dumpYaml);
    expect(c.container.command![2]).toContain("npm install --prefix \"$program_path\"");
    const taskDir = join(root, 'dump-yaml');
    const req = request(c, taskDir, plannedInput(c.componentSpec, taskDir, { parameters: { value: { a: [1, 2] } } }), {
      tsComponents: new Map([['dump-yaml', dumpYaml.spec]]),
    });
    const result = await launchTask(req);
    expect(result.error).toBeUndefined();
    expect(result.outputParameters).toEqual({ text: 'a:\n  - 1\n  - 2\n' });
  });

  it('ends what the component left running, instead of waiting for it', async () => {
    const c = compiled(leavesChildBehind);
    const taskDir = join(root, 'child');
    const result = await launchTask(request(c, taskDir, plannedInput(c.componentSpec, taskDir)));
    expect(result.state).toBe('SUCCEEDED');
    expect(result.outputParameters.pid).toEqual(expect.any(Number));
  }, 30_000);
});

describe('a TypeScript component that fails', () => {
  const c = compiled(noisyFailure);
  const root = scratch();

  it('gives FAILED with the last lines of its output and the error in one line', async () => {
    const taskDir = join(root, 'noisy');
    const req = request(c, taskDir, plannedInput(c.componentSpec, taskDir, { parameters: { lines: 30 } }));
    const result = await launchTask(req);
    expect(result.state).toBe('FAILED');
    expect(result.error).toBe("exited with code 1: error: component 'noisy-failure' failed: gave up after 30 lines");
    expect(result.outputParameters).toEqual({});
    expect(result.outputArtifacts).toEqual({});
    const stderr = logLines(req.events, 'stderr');
    expect(stderr.slice(0, 2)).toEqual(['about to fail', "error: component 'noisy-failure' failed: gave up after 30 lines"]);
    expect(stderr.slice(2).every((line) => /^\s+at /.test(line))).toBe(true);
    const logged = readFileSync(join(taskDir, TASK_LOG_FILE), 'utf8').trimEnd().split('\n');
    expect(logged).toEqual([...logLines(req.events, 'stdout'), ...stderr]);
    expect(logged.slice(0, 2)).toEqual(["kfp-ts: running component 'noisy-failure'", 'progress 1']);
    expect(result.logTail).toBe(logged.slice(-20).join('\n'));
    expect(result.logTail).toContain('about to fail');
  });

  it('ends when the run is aborted', async () => {
    const w = compiled(waitsForever);
    const taskDir = join(root, 'waits');
    const abort = new AbortController();
    const req = request(w, taskDir, plannedInput(w.componentSpec, taskDir), {
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'task-log' && e.line === 'waiting') abort.abort();
      },
    });
    const result = await launchTask(req);
    expect(result).toMatchObject({ state: 'FAILED', error: 'cancelled' });
    expect(result.logTail).toContain('waiting');
  });

  it('fails when an output the component declares was not written', async () => {
    const make = compiled(makeData);
    const taskDir = join(root, 'no-outputs');
    // A program that writes no outputs, in place of the component's.
    const req = request(make, taskDir, plannedInput(make.componentSpec, taskDir, { parameters: { prefix: 'p' } }));
    const result = await launchTask({ ...req, container: compiled(doesNothing).container });
    expect(result.state).toBe('FAILED');
    expect(result.error).toBe(`cannot read output parameter 'count' from ${join(taskDir, 'parameters/count')}: the component did not write it`);
  });

  it('cannot run without Node.js on PATH', async () => {
    const taskDir = join(root, 'no-node');
    const req = request(c, taskDir, plannedInput(c.componentSpec, taskDir, { parameters: { lines: 1 } }), { env: { PATH: '/nonexistent' } });
    await expect(launchTask(req)).rejects.toThrow(
      new LocalRunError("TypeScript components run with Node.js 18 or later, and there is no working 'node' on PATH", 'noisy-failure'),
    );
    expect(existsSync(taskDir)).toBe(false);
  });
});

describe('a containerized TypeScript component', () => {
  const c = compiled(toYaml);
  const root = scratch();
  const components = new Map([
    ['to-yaml', toYaml.spec],
    ['count-words', countWords.spec],
  ]);

  it('runs without its image: bundled here, its packages from the project', async () => {
    expect(c.container.command).toEqual(['node', '--enable-source-maps', '/kfp-ts/component/component.mjs']);
    const taskDir = join(root, 'to-yaml');
    const req = request(c, taskDir, plannedInput(c.componentSpec, taskDir, { parameters: { value: { a: 1, b: [true, null] } } }), { tsComponents: components });
    const result = await launchTask(req);
    expect(result.error).toBeUndefined();
    expect(readFileSync(result.outputArtifacts.document[0].uri, 'utf8')).toBe('```yaml\na: 1\nb:\n  - true\n  - null\n```\n');
    const cache = resolve('node_modules/.cache/kfp-ts/local-bundles');
    expect(readdirSync(cache).some((d) => existsSync(join(cache, d, 'component.mjs')))).toBe(true);
  });

  it('reports errors at the lines of its TypeScript source', async () => {
    const w = compiled(countWords);
    const taskDir = join(root, 'count-words');
    const missing = { name: 'text', uri: join(root, 'missing'), type: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' }, metadata: {} };
    const result = await launchTask(request(w, taskDir, plannedInput(w.componentSpec, taskDir, { artifacts: { text: missing } }), { tsComponents: components }));
    expect(result.state).toBe('FAILED');
    expect(result.error).toMatch(/^exited with code 1: error: component 'count-words' failed: ENOENT/);
    expect(result.logTail).toContain(`at async run (${resolve('test/runtime/fixtures/image-components.ts')}:19:`);
  });

  it('without the pipeline source, needs its image', async () => {
    const engine = await findContainerEngine();
    if (engine) return; // With Docker or Podman the image would run instead.
    const taskDir = join(root, 'no-source');
    const req = request(c, taskDir, plannedInput(c.componentSpec, taskDir, { parameters: { value: {} } }));
    await expect(launchTask(req)).rejects.toThrow(
      "task 'to-yaml': TypeScript component 'to-yaml' runs from its image registry.example.com/kfp-ts/text-tools:1.0, which needs Docker or Podman locally; none is running (run the pipeline from its TypeScript source to run the component without its image)",
    );
    expect(existsSync(taskDir)).toBe(false);
  });
});
