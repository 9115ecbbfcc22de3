/**
 * Wiring mistakes are TypeScript errors: each `@ts-expect-error` line must fail to type-check (vitest
 * reports an unused directive otherwise), and every line without one must type-check.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { type ArtifactChannel, type KfpTypeError, type ParameterChannel } from '@kfp-ts/dsl';
import type { CheckedArguments } from '../../packages/dsl/src/components/type-errors.js';
import {
  allOptional,
  makeArtifact,
  makeCount,
  makeDataset,
  makeMetrics,
  makeModel,
  makeRate,
  makeText,
  noOutputs,
  reportStatus,
  train,
  useAnyArtifact,
  useCount,
  useDataset,
  useDatasets,
  useFlag,
  useList,
  useModel,
  useRate,
  useStruct,
  useText,
} from './fixtures.js';

/** Type checks only: these bodies are never run. */
const body = (f: () => void) => f;

describe('artifact types', () => {
  it('rejects a Dataset into a Model input and a Model into a Dataset input', () => {
    body(() => {
      const data = makeDataset().output;
      const model = makeModel().output;
      // @ts-expect-error a system.Dataset artifact for a system.Model input
      useModel({ model: data });
      // @ts-expect-error a system.Model artifact for a system.Dataset input
      useDataset({ data: model });
      useModel({ model });
      useDataset({ data });
    });
  });

  it('accepts any artifact into a generic artifact input, and a generic artifact anywhere', () => {
    body(() => {
      useAnyArtifact({ thing: makeDataset().output });
      useAnyArtifact({ thing: makeModel().output });
      useAnyArtifact({ thing: makeMetrics().output });
      useModel({ model: makeArtifact().output });
    });
  });

  it('rejects a single artifact into a list input, and accepts an array of artifacts', () => {
    body(() => {
      const data = makeDataset().output;
      // @ts-expect-error one artifact where a list is expected
      useDatasets({ data });
      useDatasets({ data: [data, makeDataset().output] });
      // @ts-expect-error a Model in a list of Datasets
      useDatasets({ data: [data, makeModel().output] });
    });
  });

  it('rejects an artifact into a parameter input and a parameter into an artifact input', () => {
    body(() => {
      // @ts-expect-error an artifact for a string input
      useText({ text: makeDataset().output });
      // @ts-expect-error a string channel for an artifact input
      useDataset({ data: makeText().output });
      // @ts-expect-error a string constant for an artifact input
      useModel({ model: 'gs://bucket/model' });
    });
  });
});

describe('parameter types', () => {
  it('rejects a string constant into an integer input', () => {
    body(() => {
      // @ts-expect-error a string for an integer input
      useCount({ count: '3' });
      useCount({ count: 3 });
    });
  });

  it('rejects an integer output into a string input', () => {
    body(() => {
      const count = makeCount().output;
      // @ts-expect-error a NUMBER_INTEGER channel for a string input
      useText({ text: count });
      useText({ text: `${count} rows` }); // a template literal is a string
    });
  });

  it('accepts an integer channel into a float input, not a float channel into an integer input', () => {
    body(() => {
      useRate({ rate: makeCount().output });
      // @ts-expect-error a NUMBER_DOUBLE channel for an integer input
      useCount({ count: makeRate().output });
    });
  });

  it('checks booleans, lists and objects', () => {
    body(() => {
      useFlag({ flag: true });
      // @ts-expect-error a string for a boolean input
      useFlag({ flag: 'true' });
      useList({ items: [1, 'two'] });
      // @ts-expect-error an object for a list input
      useList({ items: { a: 1 } });
      useStruct({ fields: { a: 1 } });
      // @ts-expect-error a number for an object input
      useStruct({ fields: 1 });
    });
  });
});

describe('input names', () => {
  it('rejects a missing required input', () => {
    body(() => {
      const data = makeDataset().output;
      // @ts-expect-error 'epochs' is required
      train({ data });
      // @ts-expect-error no arguments at all
      train();
      train({ data, epochs: 3 });
    });
  });

  it('rejects an unknown input name', () => {
    body(() => {
      // @ts-expect-error 'txet' is not an input
      useText({ text: 'hi', txet: 'typo' });
    });
  });

  it('lets optional inputs be omitted, and a component with only optional inputs be called with no argument', () => {
    body(() => {
      train({ data: makeDataset().output, epochs: 3 });
      train({ data: makeDataset().output, epochs: 3, rate: 0.5, note: 'x' });
      allOptional();
      allOptional({});
      allOptional({ count: 2 });
    });
  });

  it('never takes a task final status, which the backend fills', () => {
    body(() => {
      reportStatus({ note: 'done' });
      // @ts-expect-error the backend fills 'status'
      reportStatus({ note: 'done', status: { state: 'SUCCEEDED' } });
    });
  });
});

describe('outputs', () => {
  it('rejects an output name the producer does not have', () => {
    body(() => {
      const task = train({ data: makeDataset().output, epochs: 1 });
      // @ts-expect-error 'nope' is not an output of train
      void task.outputs.nope;
      void task.outputs.model;
    });
  });

  it('has no .output on a task with several outputs or none', () => {
    body(() => {
      const several = train({ data: makeDataset().output, epochs: 1 });
      // @ts-expect-error train has two outputs: use .outputs.model or .outputs.accuracy
      void several.output;
      const none = noOutputs({ text: 'x' });
      // @ts-expect-error no-outputs has no outputs
      void none.output;
    });
  });
});

describe('readable messages', () => {
  type Inputs = NonNullable<(typeof train)['__io']>['inputs'];

  it('names the input and both types on a mismatch', () => {
    type Checked = CheckedArguments<Inputs, { data: ArtifactChannel<'system.Model', false>; epochs: ParameterChannel<'STRING'> }>;
    expectTypeOf<Checked['data']>().toEqualTypeOf<KfpTypeError<"input 'data' takes a system.Dataset artifact; got a system.Model artifact">>();
    expectTypeOf<Checked['epochs']>().toEqualTypeOf<
      KfpTypeError<"input 'epochs' takes a whole number or a NUMBER_INTEGER channel; got a STRING channel">
    >();
  });

  it('names an unknown input', () => {
    type Checked = CheckedArguments<Inputs, { epoch: number }>;
    expectTypeOf<Checked['epoch']>().toEqualTypeOf<KfpTypeError<"the component has no input 'epoch'">>();
  });

  it('keeps fitting arguments as they are', () => {
    type Checked = CheckedArguments<Inputs, { data: ArtifactChannel<'system.Dataset', false>; epochs: number }>;
    expectTypeOf<Checked['data']>().toEqualTypeOf<ArtifactChannel<'system.Dataset', false>>();
    expectTypeOf<Checked['epochs']>().toEqualTypeOf<number>();
  });
});
