/**
 * Inferred types: task outputs, pipeline outputs from the body's return, Collected lists, loop items,
 * If/Elif/Else results and OneOf values.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  Collected,
  If,
  OneOf,
  ParallelFor,
  pipeline,
  t,
  type AnyComponent,
  type ArtifactChannel,
  type Component,
  type ItemChannel,
  type ParameterChannel,
  type Pipeline,
} from '@kfp-ts/dsl';
import { makeCount, makeDataset, makeModel, makeText, train, useCount, useDatasets, useList, useText } from './fixtures.js';

/** Type checks only: these bodies are never run. */
const body = (f: () => void) => f;

describe('task outputs', () => {
  it('types .output of a single-output task and .outputs of any task', () => {
    body(() => {
      expectTypeOf(makeText().output).toEqualTypeOf<ParameterChannel<'STRING'>>();
      expectTypeOf(makeCount().output).toEqualTypeOf<ParameterChannel<'NUMBER_INTEGER'>>();
      expectTypeOf(makeDataset().output).toEqualTypeOf<ArtifactChannel<'system.Dataset', false>>();
      const trained = train({ data: makeDataset().output, epochs: 2 });
      expectTypeOf(trained.outputs.model).toEqualTypeOf<ArtifactChannel<'system.Model', false>>();
      expectTypeOf(trained.outputs.accuracy).toEqualTypeOf<ParameterChannel<'NUMBER_DOUBLE'>>();
    });
  });
});

describe('pipeline outputs', () => {
  const single = pipeline({ name: 'single', inputs: { text: t.string() } }, ({ text }) => {
    expectTypeOf(text).toEqualTypeOf<ParameterChannel<'STRING'>>();
    return makeModel().output;
  });
  const named = pipeline({ name: 'named' }, () => {
    const trained = train({ data: makeDataset().output, epochs: 2 });
    return { model: trained.outputs.model, accuracy: trained.outputs.accuracy };
  });
  const nothing = pipeline({ name: 'nothing' }, () => {
    makeText();
  });

  it('infers one output named Output from a returned channel', () => {
    body(() => {
      const task = single({ text: 'hi' });
      expectTypeOf(task.output).toEqualTypeOf<ArtifactChannel<'system.Model', false>>();
      expectTypeOf(task.outputs.Output).toEqualTypeOf<ArtifactChannel<'system.Model', false>>();
    });
  });

  it('infers named outputs from a returned object', () => {
    body(() => {
      const task = named();
      expectTypeOf(task.outputs.model).toEqualTypeOf<ArtifactChannel<'system.Model', false>>();
      expectTypeOf(task.outputs.accuracy).toEqualTypeOf<ParameterChannel<'NUMBER_DOUBLE'>>();
      // @ts-expect-error two outputs: no .output
      void task.output;
    });
  });

  it('infers no outputs from a body that returns nothing', () => {
    body(() => {
      const task = nothing();
      expectTypeOf(task.outputs).toEqualTypeOf<{}>();
      // @ts-expect-error no outputs: no .output
      void task.output;
    });
  });

  it('checks the arguments of a pipeline used as a component', () => {
    body(() => {
      // @ts-expect-error 'text' is required
      single({});
      // @ts-expect-error a NUMBER_INTEGER channel for a string input
      single({ text: makeCount().output });
    });
  });

  it('keeps pipelines and components assignable to the general types', () => {
    expectTypeOf(single).toMatchTypeOf<Pipeline>();
    expectTypeOf(named).toMatchTypeOf<Component>();
    expectTypeOf(train).toMatchTypeOf<Component>();
    expectTypeOf(train).toMatchTypeOf<AnyComponent>();
    const all: Component[] = [single, named, nothing, train, makeText];
    void all;
  });
});

describe('Collected', () => {
  it('gives a list of parameters, or a list of artifacts', () => {
    body(() => {
      const counts = ParallelFor([1, 2, 3], () => makeCount().output);
      expectTypeOf(Collected(counts)).toEqualTypeOf<ParameterChannel<'LIST'>>();
      useList({ items: Collected(counts) });
      // @ts-expect-error a list for an integer input
      useCount({ count: Collected(counts) });

      const datasets = ParallelFor([1, 2, 3], () => makeDataset().output);
      expectTypeOf(Collected(datasets)).toEqualTypeOf<ArtifactChannel<'system.Dataset', true>>();
      useDatasets({ data: Collected(datasets) });
    });
  });
});

describe('loop items', () => {
  it('types the item of a literal list by its elements', () => {
    body(() => {
      ParallelFor([1, 2, 3], (n) => {
        expectTypeOf(n.__itemValue).toEqualTypeOf<number>();
        useCount({ count: n });
        // @ts-expect-error a number item for a string input
        useText({ text: n });
      });
      ParallelFor(['a', 'b'], (s) => {
        useText({ text: s });
      });
    });
  });

  it('types the fields of object items, and only their keys', () => {
    body(() => {
      ParallelFor([{ name: 'a', size: 1 }, { name: 'b', size: 2 }], (item) => {
        expectTypeOf(item.get('name')).toEqualTypeOf<ItemChannel<string>>();
        expectTypeOf(item.get('size')).toEqualTypeOf<ItemChannel<number>>();
        useText({ text: item.get('name') });
        useCount({ count: item.get('size') });
        // @ts-expect-error 'size' is a number
        useText({ text: item.get('size') });
        // @ts-expect-error the items have no field 'colour'
        item.get('colour');
      });
    });
  });

  it('leaves items of a list channel untyped', () => {
    body(() => {
      const list = pipeline({ name: 'lists', inputs: { names: t.list() } }, ({ names }) => {
        ParallelFor(names, (item) => {
          useText({ text: item });
          useCount({ count: item.get('anything') });
        });
      });
      void list;
    });
  });

  it('rejects a loop over a single value', () => {
    body(() => {
      // @ts-expect-error a string channel is not a list
      ParallelFor(makeText().output, () => undefined);
    });
  });
});

describe('If / Elif / Else and OneOf', () => {
  it('types the results of each branch, in order', () => {
    body(() => {
      const n = makeCount().output;
      const chain = If(n.gt(5), () => makeText().output)
        .Elif(n.lt(0), () => makeDataset().output)
        .Else(() => 42);
      expectTypeOf(chain.results).toEqualTypeOf<[ParameterChannel<'STRING'>, ArtifactChannel<'system.Dataset', false>, number]>();
    });
  });

  it('gives OneOf the type of its branch outputs', () => {
    body(() => {
      const n = makeCount().output;
      const r = If(n.gt(5), () => makeText().output).Else(() => makeText().output);
      const picked = OneOf(...r.results);
      expectTypeOf(picked).toEqualTypeOf<ParameterChannel<'STRING'>>();
      useText({ text: picked });

      const mixed = If(n.gt(5), () => makeText().output).Else(() => makeCount().output);
      // @ts-expect-error a STRING and a NUMBER_INTEGER output
      OneOf(...mixed.results);
    });
  });

  it('compares a channel only with values of its type', () => {
    body(() => {
      const n = makeCount().output;
      // @ts-expect-error an integer channel compared with a string
      If(n.eq('five'), () => undefined);
    });
  });
});
