/**
 * ParallelFor and Collected beyond the corpus: item types, where literal items are declared, runnable IR for
 * fields of literal items read in nested groups, and the checks on loops and fan-ins.
 */
import { describe, expect, it } from 'vitest';
import { Collected, containerComponent, If, ParallelFor, pipeline, t } from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';
import { expectDefinitionError as expectError } from '../negative/helpers.js';

const echo = containerComponent({
  name: 'echo',
  inputs: { text: t.string() },
  outputs: { Output: t.string() },
  image: 'alpine',
  command: ({ inputs }) => ['echo', inputs.text],
});
const show = containerComponent({
  name: 'show',
  inputs: { n: t.integer() },
  image: 'alpine',
  command: ({ inputs }) => ['echo', inputs.n],
});
const makeData = containerComponent({
  name: 'make-data',
  outputs: { data: t.dataset() },
  image: 'alpine',
  command: ({ outputs }) => ['touch', outputs.data.path],
});
const joinData = containerComponent({
  name: 'join-data',
  inputs: { parts: t.artifactList(t.dataset()) },
  image: 'alpine',
  command: ({ inputs }) => ['join', inputs.parts],
});

const expectDefinitionError = (fn: () => unknown, message: RegExp) => expectError(fn, { message });

type Spec = { components: Record<string, any>; root: any; deploymentSpec: any };
const spec = (p: Parameters<typeof compile>[0]) => compile(p).pipelineSpec as unknown as Spec;
const declared = (s: Spec, component: string) => Object.keys(s.components[component].inputDefinitions?.parameters ?? {}).sort();

describe('loop items', () => {
  it('types items of a list declared with an element type', () => {
    const p = pipeline({ name: 'typed', inputs: { nums: t.list(t.integer()) } }, ({ nums }) => {
      ParallelFor(nums, (n) => {
        If(n.gt(2), () => {
          show({ n });
        });
      });
    });
    const s = spec(p);
    expect(s.components['comp-for-loop-1'].inputDefinitions.parameters['pipelinechannel--nums-loop-item']).toEqual({
      parameterType: 'NUMBER_INTEGER',
    });
    expect(s.components['comp-for-loop-1'].dag.tasks['condition-2'].triggerPolicy.condition).toBe(
      "int(inputs.parameter_values['pipelinechannel--nums-loop-item']) > 2",
    );
  });

  it('types items of an undeclared list as strings', () => {
    const p = pipeline({ name: 'untyped', inputs: { items: t.list() } }, ({ items }) => {
      ParallelFor(items, (item) => {
        echo({ text: item });
      });
    });
    expect(spec(p).components['comp-for-loop-1'].inputDefinitions.parameters['pipelinechannel--items-loop-item']).toEqual({
      parameterType: 'STRING',
    });
  });

  it('declares a literal item in its loop, not the fields read from it', () => {
    const p = pipeline({ name: 'fields' }, () => {
      ParallelFor([{ a: 'x', b: 'y' }], (item) => {
        echo({ text: item.get('a') });
      });
    });
    expect(declared(spec(p), 'comp-for-loop-2')).toEqual(['pipelinechannel--loop-item-param-1']);
  });

  it('carries a literal item into nested groups whose tasks read its fields', () => {
    const p = pipeline({ name: 'nested-fields' }, () => {
      ParallelFor([{ a: 'x' }], (item) => {
        ParallelFor(['1', '2'], () => {
          echo({ text: item.get('a') });
        });
        If(item.get('a').eq('x'), () => {
          echo({ text: item.get('a') });
        });
      });
    });
    const s = spec(p);
    expect(declared(s, 'comp-for-loop-4')).toEqual(['pipelinechannel--loop-item-param-1', 'pipelinechannel--loop-item-param-3']);
    expect(declared(s, 'comp-condition-5')).toEqual(['pipelinechannel--loop-item-param-1', 'pipelinechannel--loop-item-param-1-subvar-a']);
    expect(s.components['comp-for-loop-4'].dag.tasks.echo.inputs.parameters.text).toEqual({
      componentInputParameter: 'pipelinechannel--loop-item-param-1',
      parameterExpressionSelector: 'parseJson(string_value)["a"]',
    });
  });

  it('sets the parallelism limit only when it is positive', () => {
    const p = pipeline({ name: 'limits' }, () => {
      ParallelFor([1, 2], () => echo({ text: 'a' }), { parallelism: 2 });
      ParallelFor([1, 2], () => echo({ text: 'b' }), { parallelism: 0 });
    });
    const tasks = spec(p).root.dag.tasks;
    expect(tasks['for-loop-2'].iteratorPolicy).toEqual({ parallelismLimit: 2 });
    expect(tasks['for-loop-4'].iteratorPolicy).toBeUndefined();
  });
});

describe('loop checks', () => {
  it('rejects a negative parallelism', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'neg' }, () => {
          ParallelFor([1], () => echo({ text: 'a' }), { parallelism: -1 });
        }),
      /parallelism must be a whole number >= 0/,
    );
  });

  it('rejects an empty literal list', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'empty' }, () => {
          ParallelFor([], () => echo({ text: 'a' }));
        }),
      /empty list/,
    );
  });

  it('rejects a loop over a list of artifacts, which the backend cannot run, where it is written', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'artifact-loop', inputs: { parts: t.artifactList(t.dataset()) } }, ({ parts }) => {
          // @ts-expect-error lists of artifacts cannot be iterated
          ParallelFor(parts, (part) => {
            joinData({ parts: [part] });
          });
        }),
      /cannot iterate over artifacts: the KFP backend does not support it/,
    );
  });

  it('rejects data taken out of a loop without Collected', () => {
    const p = pipeline({ name: 'leak' }, () => {
      const inner = ParallelFor([1, 2], () => echo({ text: 'a' }));
      echo({ text: inner.output });
    });
    expectDefinitionError(() => compile(p), /Collected/);
  });

  it('rejects Collected of an output not produced in a loop', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'not-in-loop' }, () => {
          const once = echo({ text: 'a' });
          echo({ text: `${Collected(once.output)}` });
        }),
      /only gather the output of a task inside a ParallelFor/,
    );
  });

  it('rejects Collected out of a loop nested in a condition the consumer is not in', () => {
    const p = pipeline({ name: 'collected-in-condition', inputs: { go: t.boolean() } }, ({ go }) => {
      const [texts] = If(go.eq(true), () => ParallelFor([1, 2], () => echo({ text: 'a' }).output)).results;
      echo({ text: `${Collected(texts)}` });
    });
    expectDefinitionError(() => compile(p), /cannot be nested in an If\/Elif\/Else/);
  });
});

describe('lists of artifacts in container commands', () => {
  it('renders a list-of-artifacts input as the whole list', () => {
    const p = pipeline({ name: 'fan-in' }, () => {
      const parts = ParallelFor([1, 2], () => makeData().outputs.data);
      joinData({ parts: Collected(parts) });
    });
    const s = spec(p);
    expect(s.deploymentSpec.executors['exec-join-data'].container.command).toEqual(['join', "{{$.inputs.artifacts['parts']}}"]);
    expect(s.components['comp-join-data'].inputDefinitions.artifacts.parts.isArtifactList).toBe(true);
  });
});
