/**
 * Components that need their image: the launcher runs them with Docker or Podman when an engine answers,
 * with the task's folders mounted at the same paths, and otherwise stops with a clear message.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerComponent, pythonComponent, t } from '@kfp-ts/dsl';
import { LocalRunError } from '../../../packages/compiler/src/local/errors.js';
import { containerRunArgv, envFileText, findContainerEngine, mountsFor } from '../../../packages/compiler/src/local/launch/container-engine.js';
import { executorKind } from '../../../packages/compiler/src/local/launch/executor-kind.js';
import { launchTask } from '../../../packages/compiler/src/local/launch/index.js';
import { substituteCommandLine } from '../../../packages/compiler/src/local/launch/placeholders.js';
import { makeData } from '../../runtime/fixtures/ts-components.js';
import { toYaml } from '../../runtime/fixtures/image-components.js';
import { compiled, plannedInput, removeScratch, request, scratch } from './harness.js';

afterAll(removeScratch);

const shout = containerComponent({
  name: 'shout',
  inputs: { text: t.string(), data: t.dataset() },
  outputs: { loud: t.artifact(), size: t.integer() },
  image: 'alpine:3.20',
  command: ['sh', '-c', 'tr a-z A-Z < "$0" > "$1" && wc -c < "$1" > "$2"'],
  args: ({ inputs, outputs }) => [inputs.data.path, outputs.loud.path, outputs.size],
});

const sayHello = pythonComponent({
  name: 'say-hello',
  inputs: { name: t.string() },
  outputs: { Output: t.string() },
  source: 'def say_hello(name: str) -> str:\n    return f"Hello, {name}!"\n',
  functionName: 'say_hello',
});

describe('the kind of an executor', () => {
  it('is told from its command line', () => {
    expect(executorKind(compiled(shout).container)).toEqual({ kind: 'container' });
    expect(executorKind(compiled(makeData).container)).toEqual({ kind: 'typescript-embedded', component: 'make-data', installsPackages: false });
    expect(executorKind(compiled(toYaml).container)).toEqual({ kind: 'typescript-image', component: 'to-yaml' });
    expect(executorKind(compiled(sayHello).container)).toEqual({ kind: 'python' });
  });
});

describe('running a container', () => {
  const dir = '/work/runs/r1';
  const c = compiled(shout);
  const data = { name: 'data', uri: `${dir}/make-data/artifacts/data`, type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' }, metadata: {} };
  const remote = { name: 'old', uri: 'gs://bucket/old', type: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' }, metadata: {} };
  const taskDir = `${dir}/shout`;
  const executorInput = plannedInput(c.componentSpec, taskDir, { parameters: { text: 'hi' }, artifacts: { data, old: remote } });

  it('mounts the folders of the task, of its inputs and of its outputs, each once', () => {
    expect(mountsFor(executorInput, taskDir)).toEqual([`${dir}/make-data/artifacts`, taskDir]);
    expect(mountsFor(executorInput, dir)).toEqual([dir]);
  });

  it('runs the command line in the image, with its environment, in place of the entry point', () => {
    const argv = substituteCommandLine(c.container, executorInput, { task: 'shout', taskName: 'shout', taskId: '1' });
    const run = containerRunArgv('docker', { image: c.container.image, argv, env: { MODE: 'loud', EMPTY: '' }, mounts: mountsFor(executorInput, taskDir) });
    expect(run).toEqual([
      'docker',
      'run',
      '--rm',
      '-v',
      `${dir}/make-data/artifacts:${dir}/make-data/artifacts`,
      '-v',
      `${taskDir}:${taskDir}`,
      '-e',
      'MODE=loud',
      '-e',
      'EMPTY=',
      '--entrypoint',
      'sh',
      'alpine:3.20',
      '-c',
      'tr a-z A-Z < "$0" > "$1" && wc -c < "$1" > "$2"',
      data.uri,
      `${taskDir}/artifacts/loud`,
      `${taskDir}/parameters/size`,
    ]);
    expect(containerRunArgv('podman', { image: 'i', argv: ['prog'], env: {}, mounts: [] })).toEqual(['podman', 'run', '--rm', '--entrypoint', 'prog', 'i']);
  });

  it('keeps environment values off the command line with an env file, except values with line breaks', () => {
    const env = { TOKEN: 's3cr3t', EMPTY: '', PEM: 'line 1\nline 2' };
    expect(envFileText(env)).toBe('TOKEN=s3cr3t\nEMPTY=\n');
    const run = containerRunArgv('docker', { image: 'i', argv: ['prog', 'arg'], env, envFile: '/t/container.env', mounts: [] });
    expect(run).toEqual(['docker', 'run', '--rm', '--env-file', '/t/container.env', '-e', 'PEM=line 1\nline 2', '--entrypoint', 'prog', 'i', 'arg']);
    expect(run.join(' ')).not.toContain('s3cr3t');
  });

  it('stops with a clear message when neither Docker nor Podman is running', async () => {
    if (await findContainerEngine()) return; // An engine answers here: the container would run.
    const root = scratch();
    const req = request(c, join(root, 'shout'), plannedInput(c.componentSpec, join(root, 'shout'), { parameters: { text: 'hi' } }));
    const error = await launchTask(req).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalRunError);
    expect((error as LocalRunError).task).toBe('shout');
    expect((error as Error).message).toBe("task 'shout': container component needs Docker or Podman to run locally (image alpine:3.20); none is running");
  });
});

describe('a Python function component', () => {
  it('runs with the local Python', async () => {
    const c = compiled(sayHello);
    const taskDir = join(scratch(), 'say-hello');
    const req = request(c, taskDir, plannedInput(c.componentSpec, taskDir, { parameters: { name: 'world' } }));
    const result = await launchTask(req);
    expect(result.error).toBeUndefined();
    expect(result.outputParameters).toEqual({ Output: 'Hello, world!' });
  });

  it('built into an image, needs the image', async () => {
    if (await findContainerEngine()) return; // An engine answers here: the image would run.
    const inImage = pythonComponent({
      name: 'in-image',
      inputs: { name: t.string() },
      functionName: 'in_image',
      targetImage: 'registry.example.com/py:1',
    });
    const c = compiled(inImage);
    const taskDir = join(scratch(), 'in-image');
    await expect(launchTask(request(c, taskDir, plannedInput(c.componentSpec, taskDir, { parameters: { name: 'x' } })))).rejects.toThrow(
      "task 'in-image': Python component 'in-image' runs code that only its image registry.example.com/py:1 holds, which needs Docker or Podman locally; none is running",
    );
  });
});
