/**
 * The command line of a task as KFP runs it: every kind of placeholder of a compiled container component,
 * filled in from an executor input with the driver's and the launcher's rules (and the local runner's for
 * what a cluster leaves as written).
 */
import { describe, expect, it } from 'vitest';
import { concat, containerComponent, ifPresent, runtime, t } from '@kfp-ts/dsl';
import {
  driverText,
  launcherText,
  resolveRuntimeInputs,
  runtimeValuesFor,
  substituteCommandLine,
  withDefaultParameters,
  type RuntimeValues,
} from '../../../packages/compiler/src/local/launch/placeholders.js';
import { LocalRunError } from '../../../packages/compiler/src/local/errors.js';
import type { ExecutorInput } from '../../../packages/compiler/src/local/launch-types.js';
import { compiled, plannedInput } from './harness.js';

const everything = containerComponent({
  name: 'everything',
  inputs: {
    text: t.string(),
    count: t.integer(),
    ratio: t.float(),
    flag: t.boolean(),
    items: t.list(),
    options: t.struct(),
    maybe: t.string().optionalInput(),
    data: t.dataset(),
    parts: t.artifactList(t.dataset()),
  },
  outputs: { result: t.string(), model: t.model() },
  image: 'alpine:3.20',
  command: ['run-{{$.inputs.parameters[\'text\']}}-{{$}}', 'tool'],
  args: ({ inputs, outputs }) => [
    inputs.text,
    `--count=${inputs.count}`,
    `--ratio=${inputs.ratio}`,
    `--flag=${inputs.flag}`,
    `--items=${inputs.items}`,
    `--options=${inputs.options}`,
    inputs.data.uri,
    inputs.data.path,
    inputs.data.metadata,
    inputs.parts,
    outputs.result,
    outputs.model.uri,
    outputs.model.path,
    outputs.model.metadata,
    // Mentions an output: the driver leaves it, the launcher formats the ratio its own way.
    `${outputs.result}@${inputs.ratio}`,
    ifPresent(inputs.maybe, ['--maybe', inputs.maybe], ['--no-maybe']),
    ifPresent(inputs.maybe, inputs.maybe),
    concat('--label=', inputs.text, ifPresent(inputs.maybe, concat('+', inputs.maybe), '+none'), ':', inputs.count),
    runtime.pipelineJobName,
    `${runtime.pipelineTaskName}/${runtime.pipelineRoot}/${runtime.pipelineJobCreateTime}`,
    '{{$}}',
    '{{$.outputs.output_file}}',
  ],
});

const c = compiled(everything);
const dir = '/runs/r1/everything';
const data = { name: 'data', uri: '/runs/r1/make/data', type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' }, metadata: { rows: 4, tag: 'a<b' } };
const part = (i: number) => ({ name: 'data', uri: `/runs/r1/make-${i}/data`, type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' }, metadata: {} });
const run = { runName: 'demo-20240501', runId: '7f3c', pipelineRoot: '/runs/r1', createTime: '2024-05-01T12:00:00Z' };
const values: RuntimeValues = { task: 'everything', run, taskName: 'everything', taskId: 'task-1' };

function input(parameters: Record<string, unknown>): ExecutorInput {
  return plannedInput(c.componentSpec, dir, {
    parameters: { text: 'hello world', count: 3, ratio: 1234567.5, flag: true, items: ['a', 1], options: { z: 1, a: '<&>' }, ...parameters },
    artifacts: { data, parts: [part(0), part(1)] },
  });
}

describe('a compiled container command line', () => {
  it('keeps the IR structures as JSON elements', () => {
    expect(c.container.args).toContain('{"IfPresent": {"InputName": "maybe", "Then": ["--maybe", "{{$.inputs.parameters[\'maybe\']}}"], "Else": ["--no-maybe"]}}');
  });

  it('fills in every placeholder kind, an optional input given', () => {
    const executorInput = input({ maybe: 'yes' });
    const json = JSON.stringify(executorInput);
    const argv = substituteCommandLine(c.container, executorInput, values);
    expect(argv).toEqual([
      // The program: the driver's input parameters and {{$}}, nothing else.
      `run-hello world-${json}`,
      'tool',
      'hello world',
      '--count=3',
      '--ratio=1.2345675e+06',
      '--flag=true',
      '--items=["a",1]',
      '--options={"a":"\\u003c\\u0026\\u003e","z":1}',
      '/runs/r1/make/data',
      '/runs/r1/make/data',
      '{"rows":4,"tag":"a<b"}',
      JSON.stringify({ artifacts: [part(0), part(1)] }),
      `${dir}/parameters/result`,
      `${dir}/artifacts/model`,
      `${dir}/artifacts/model`,
      '{}',
      `${dir}/parameters/result@1234567.5`,
      '--maybe',
      'yes',
      'yes',
      '--label=hello world+yes:3',
      'demo-20240501',
      'everything//runs/r1/2024-05-01T12:00:00Z',
      json,
      `${dir}/executor_output.json`,
    ]);
  });

  it('takes the other branch of IfPresent for an input with no value, or a null one', () => {
    for (const executorInput of [input({}), input({ maybe: null })]) {
      const argv = substituteCommandLine(c.container, executorInput, values);
      const from = argv.indexOf(`${dir}/parameters/result@1234567.5`) + 1;
      expect(argv.slice(from, from + 3)).toEqual(['--no-maybe', '--label=hello world+none:3', 'demo-20240501']);
    }
  });

  it('puts the defaults the component declares into the executor input, as the launcher does', () => {
    const withDefault = containerComponent({
      name: 'with-default',
      inputs: { n: t.integer().default(7), given: t.integer().default(1) },
      image: 'alpine',
      command: ({ inputs }) => ['echo', inputs.n, inputs.given],
    });
    const d = compiled(withDefault);
    const executorInput = withDefaultParameters(plannedInput(d.componentSpec, dir, { parameters: { given: 2 } }), d.componentSpec.inputDefinitions?.parameters);
    expect(executorInput.inputs.parameterValues).toEqual({ given: 2, n: 7 });
    expect(substituteCommandLine(d.container, executorInput, values)).toEqual(['echo', '7', '2']);
  });

  it('leaves the runtime placeholders of the run as written when the run is not known', () => {
    const argv = substituteCommandLine(c.container, input({}), { task: 'everything', taskName: 'everything', taskId: 't' });
    expect(argv).toContain('{{$.pipeline_job_name}}');
    expect(argv).toContain('everything/{{$.pipeline_root}}/{{$.pipeline_job_create_time_utc}}');
  });

  it('gives a task argument that is a runtime placeholder its value, as the driver does', () => {
    const executorInput: ExecutorInput = {
      inputs: { parameterValues: { job: '{{$.pipeline_job_name}}', id: '{{$.pipeline_job_uuid}}', task: '{{$.pipeline_task_name}}', other: 'x {{$.pipeline_job_name}}' } },
      outputs: { outputFile: '/o.json' },
    };
    const v = runtimeValuesFor('for-loop-2[1]/condition-3/train[0]', run);
    expect(v.taskName).toBe('train');
    expect(resolveRuntimeInputs(executorInput, v).inputs.parameterValues).toEqual({
      job: 'demo-20240501',
      id: '7f3c',
      task: 'train',
      other: 'x {{$.pipeline_job_name}}',
    });
  });

  it('fails with one line, naming the task, for a structure it cannot expand', () => {
    const bad = (args: string[]) => () =>
      substituteCommandLine({ command: ['echo'], args }, input({}), values);
    expect(bad(['{"IfPresent": {"InputName": "maybe", "Then": ']) ).toThrow(LocalRunError);
    expect(bad(['{"IfPresent": {"InputName": "maybe", "Then": ']) ).toThrow(/^task 'everything': the command line element .* is not valid JSON/);
    expect(bad(['{"Concat": ["a", {"IfPresent": {"InputName": "text", "Then": ["x", "y"]}}]}'])).toThrow(
      "task 'everything': cannot expand the command line element {\"Concat\": [\"a\", {\"IfPresent\": {\"InputName\": \"text\", \"Then\": [\"x\", \"y\"]}}]}: an IfPresent inside a Concat must have single elements as Then and Else",
    );
    expect(bad(['{"Concat": "a"}'])).toThrow(/Concat takes a list$/);
    expect(bad(['{"IfPresent": {"Then": "a"}}'])).toThrow(/IfPresent needs an InputName$/);
  });
});

describe('parameter values as text', () => {
  // Checked against Go: fmt.Sprintf("%g") / strconv.FormatFloat(n, 'f', -1, 64) / encoding/json.
  it.each([
    [3, '3', '3'],
    [-2.5, '-2.5', '-2.5'],
    [0.1, '0.1', '0.1'],
    [123456.5, '123456.5', '123456.5'],
    [1234567.5, '1.2345675e+06', '1234567.5'],
    [1.5e-7, '1.5e-07', '0.00000015'],
    [0.0001, '0.0001', '0.0001'],
    [0.00001234, '1.234e-05', '0.00001234'],
    [1e21, '1e+21', '1000000000000000000000'],
    [2 ** 53, '9007199254740992', '9007199254740992'],
  ])('%s: driver %s, launcher %s', (n, driver, launcher) => {
    expect(driverText(n)).toBe(driver);
    expect(launcherText(n)).toBe(launcher);
  });

  it('writes strings as they are, booleans as words, null as nothing', () => {
    expect([driverText('a b'), driverText(false), driverText(null)]).toEqual(['a b', 'false', '']);
    expect([launcherText('a b'), launcherText(true), launcherText(null)]).toEqual(['a b', 'true', '']);
  });

  it('writes lists and structs as JSON with sorted keys; the driver escapes HTML characters as Go does', () => {
    const value = { b: [1, 0.5, 'x\u2028'], a: { d: '<a&b>', c: null } };
    expect(driverText(value)).toBe('{"a":{"c":null,"d":"\\u003ca\\u0026b\\u003e"},"b":[1,0.5,"x\\u2028"]}');
    expect(launcherText(value)).toBe('{"a":{"c":null,"d":"<a&b>"},"b":[1,0.5,"x\u2028"]}');
  });
});
