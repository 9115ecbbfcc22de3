/**
 * If/Elif/Else trigger conditions as the Python compiler writes them (type promotion, number formatting,
 * negated earlier branches), and the checks on conditions and branch chains.
 */
import { describe, expect, it } from 'vitest';
import {
  Collected,
  containerComponent,
  If,
  ParallelFor,
  ParameterChannel,
  pipeline,
  t,
  type Condition,
  type ParameterTypeName,
} from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';
import { pythonFloat, renderBranchCondition } from '../../packages/compiler/src/build/conditions.js';
import { expectDefinitionError as expectError } from '../negative/helpers.js';

const param = (name: string, type: ParameterTypeName) => new ParameterChannel(type, { kind: 'pipeline-input', name });
const inputName = (ch: ParameterChannel) => `pipelinechannel--${(ch.source as { name: string }).name}`;
const render = (own: Condition, negated: Condition[] = []) => renderBranchCondition(negated, own, inputName);
const value = (name: string) => `inputs.parameter_values['pipelinechannel--${name}']`;

const s = param('s', 'STRING');
const n = param('n', 'NUMBER_INTEGER');
const x = param('x', 'NUMBER_DOUBLE');
const b = param('b', 'BOOLEAN');

const echo = containerComponent({
  name: 'echo',
  inputs: { text: t.string() },
  outputs: { Output: t.string() },
  image: 'alpine',
  command: ({ inputs }) => ['echo', inputs.text],
});
const sum = containerComponent({
  name: 'sum',
  inputs: { nums: t.list() },
  image: 'alpine',
  command: ({ inputs }) => ['sum', inputs.nums],
});

const expectDefinitionError = (fn: () => unknown, message: RegExp) => expectError(fn, { message });

describe('trigger condition of one comparison', () => {
  it('casts integer channels and quotes string literals without escaping', () => {
    expect(render(n.gt(5))).toBe(`int(${value('n')}) > 5`);
    expect(render(s.eq("it's"))).toBe(`${value('s')} == 'it's'`);
    expect(render(b.eq(true))).toBe(`${value('b')} == true`);
  });

  it('compares two channels, each rendered by its own type', () => {
    expect(render(n.ge(n))).toBe(`int(${value('n')}) >= int(${value('n')})`);
    expect(render(x.lt(n))).toBe(`${value('x')} < double(int(${value('n')}))`);
  });

  it('promotes to a string by quoting the other side, casts included', () => {
    expect(render(n.eq('3' as never))).toBe(`'int(${value('n')})' == '3'`);
  });

  it('promotes integers to doubles', () => {
    expect(render(n.lt(0.5))).toBe(`double(int(${value('n')})) < 0.5`);
    expect(render(x.gt(2))).toBe(`${value('x')} > double(2)`);
  });

  it('promotes an integer literal to a boolean the way Python does (0 is true)', () => {
    expect(render(b.eq(0 as never))).toBe(`${value('b')} == true`);
    expect(render(b.eq(1 as never))).toBe(`${value('b')} == false`);
    expect(() => render(b.eq(n as never))).toThrow(/boolean with a number/);
  });

  it('writes numbers as Python prints them', () => {
    expect(render(x.gt(0.0001))).toBe(`${value('x')} > 0.0001`);
    expect(render(x.gt(0.00001))).toBe(`${value('x')} > 1e-05`);
    expect(render(x.gt(-1.5e-7))).toBe(`${value('x')} > -1.5e-07`);
    expect(render(n.lt(1e21))).toBe(`int(${value('n')}) < 1000000000000000000000`);
  });
});

describe('Python float text', () => {
  it('uses fixed notation for exponents -4 to 15 and a signed two-digit exponent otherwise', () => {
    expect(pythonFloat(0.5)).toBe('0.5');
    expect(pythonFloat(123.0)).toBe('123.0');
    expect(pythonFloat(1234567890123456.7)).toBe('1234567890123456.8');
    expect(pythonFloat(1e16)).toBe('1e+16');
    expect(pythonFloat(1.25e100)).toBe('1.25e+100');
    expect(pythonFloat(2.5e-300)).toBe('2.5e-300');
  });
});

describe('branches', () => {
  it('negates earlier branches, then adds their own condition', () => {
    const heads = s.eq('heads');
    const tails = s.eq('tails');
    expect(render(tails, [heads])).toBe(`!(${value('s')} == 'heads') && ${value('s')} == 'tails'`);
    expect(renderBranchCondition([heads, tails], undefined, inputName)).toBe(
      `!(${value('s')} == 'heads') && !(${value('s')} == 'tails')`,
    );
  });

  it('allows tasks between If and Elif; they stay outside the chain', () => {
    const p = pipeline({ name: 'p', inputs: { s: t.string() } }, ({ s }) => {
      const chain = If(s.eq('a'), () => echo({ text: 'a' }));
      echo({ text: 'between' });
      chain.Else(() => echo({ text: 'b' }));
    });
    const root = compile(p).pipelineSpec.root.dag!.tasks;
    expect(Object.keys(root).sort()).toEqual(['condition-branches-1', 'echo-2']);
  });

  it('rejects an Elif that does not follow its If (another block in between)', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { s: t.string() } }, ({ s }) => {
          const chain = If(s.eq('a'), () => echo({ text: 'a' }));
          If(s.eq('b'), () => echo({ text: 'b' }));
          chain.Elif(s.eq('c'), () => echo({ text: 'c' }));
        }),
      /must follow its If or Elif/,
    );
  });

  it('rejects a second branch on the same chain step and a branch after Else', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { s: t.string() } }, ({ s }) => {
          const chain = If(s.eq('a'), () => echo({ text: 'a' }));
          chain.Elif(s.eq('b'), () => echo({ text: 'b' }));
          chain.Elif(s.eq('c'), () => echo({ text: 'c' }));
        }),
      /must follow its If or Elif/,
    );
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { s: t.string() } }, ({ s }) => {
          const chain = If(s.eq('a'), () => echo({ text: 'a' })).Elif(s.eq('b'), () => echo({ text: 'b' }));
          chain.Else(() => echo({ text: 'c' }));
          chain.Else(() => echo({ text: 'd' }));
        }),
      /cannot follow an Else/,
    );
  });
});

describe('checks on conditions', () => {
  it('rejects constants, lists and missing values when the condition is written', () => {
    const body = (cond: (inputs: { s: ParameterChannel<'STRING'>; l: ParameterChannel<'LIST'> }) => unknown) => () =>
      pipeline({ name: 'p', inputs: { s: t.string(), l: t.list() } }, (inputs) => {
        If(cond(inputs) as Condition, () => echo({ text: 'x' }));
      });
    expectDefinitionError(body(() => true), /constant true/);
    expectDefinitionError(body(({ l }) => l.eq([] as never)), /single values; this side is a LIST parameter/);
    expectDefinitionError(body(({ s }) => s.eq(null as never)), /strings, finite numbers and booleans, got null/);
    expectDefinitionError(body(({ s }) => s.eq(Number.NaN as never)), /got NaN/);
  });
});

describe('list element types', () => {
  it('types the items of a loop over a list with declared elements', () => {
    const p = pipeline({ name: 'p', inputs: { nums: t.list(t.integer()) } }, ({ nums }) => {
      ParallelFor(nums, (num) => {
        If(num.eq(3), () => echo({ text: 'three' }));
      });
    });
    const spec = compile(p).pipelineSpec;
    expect(spec.components['comp-for-loop-1'].inputDefinitions!.parameters!['pipelinechannel--nums-loop-item']).toEqual({
      parameterType: 'NUMBER_INTEGER',
    });
    expect(spec.components['comp-for-loop-1'].dag!.tasks['condition-2'].triggerPolicy!.condition).toBe(
      `int(${value('nums-loop-item')}) == 3`,
    );
  });
});

describe('Collected of an output inside a condition', () => {
  it('may be returned from the pipeline, as a list', () => {
    const p = pipeline({ name: 'p', inputs: { s: t.string() } }, ({ s }) => {
      const out = If(s.eq('a'), () => echo({ text: 'a' }).output).results[0];
      return Collected(out);
    });
    const spec = compile(p).pipelineSpec;
    expect(spec.root.outputDefinitions!.parameters!.Output).toEqual({ parameterType: 'LIST' });
    expect(spec.root.dag!.outputs!.parameters!.Output).toEqual({
      valueFromParameter: { producerSubtask: 'condition-1', outputParameterKey: 'pipelinechannel--echo-Output' },
    });
  });

  it('cannot feed a task, and needs a task inside some block', () => {
    const consumer = pipeline({ name: 'p', inputs: { s: t.string() } }, ({ s }) => {
      const out = If(s.eq('a'), () => echo({ text: 'a' }).output).results[0];
      sum({ nums: Collected(out) });
    });
    expectDefinitionError(() => compile(consumer), /inside a ParallelFor/);
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          Collected(echo({ text: 'a' }).output);
        }),
      /not produced in a loop/,
    );
  });
});
