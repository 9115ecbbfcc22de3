/**
 * Wiring: arguments that do not fit their inputs (as JavaScript callers, casts or loaded components can
 * pass them), channels used outside the pipeline or loop they belong to, and components called outside a
 * pipeline.
 */
import { describe, it } from 'vitest';
import { compile } from '@kfp-ts/compiler';
import { ParallelFor, pipeline, t } from '@kfp-ts/dsl';
import { expectDefinitionError } from './helpers.js';
import {
  makeBoth,
  makeDataset,
  makeList,
  makeText,
  noOutputs,
  reportStatus,
  useDatasets,
  useModel,
  useNumber,
  useText,
} from './fixtures.js';

/** A component called the way plain JavaScript may call it: any argument object. */
const untyped = (component: unknown) => component as (args?: unknown) => unknown;

describe('arguments that do not fit their inputs', () => {
  it('rejects an unknown input name', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          untyped(useText)({ text: 'hi', txet: 'typo' }); // @at(unknown-input)
        }),
      { message: "component 'use-text' has no input 'txet' (its inputs: text)", pipeline: 'p', task: 'use-text', field: 'txet', at: 'unknown-input' },
    );
  });

  it('rejects a string constant for an integer input', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          untyped(useNumber)({ n: 'five' }); // @at(string-for-int)
        }),
      { message: `input 'n' is NUMBER_INTEGER, got the string "five"`, pipeline: 'p', task: 'use-number', field: 'n', at: 'string-for-int' },
    );
  });

  it('rejects a fractional number for an integer input', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          untyped(useNumber)({ n: 2.5 }); // @at(float-for-int)
        }),
      { message: "input 'n' is NUMBER_INTEGER, got number 2.5", task: 'use-number', field: 'n', at: 'float-for-int' },
    );
  });

  it('rejects an artifact for a parameter input', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const data = makeDataset();
          untyped(useText)({ text: data.output }); // @at(artifact-for-param)
        }),
      { message: 'an artifact (system.Dataset) cannot feed a parameter input', task: 'use-text', field: 'text', at: 'artifact-for-param' },
    );
  });

  it('rejects a Dataset for a Model input', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const data = makeDataset();
          untyped(useModel)({ model: data.output }); // @at(dataset-for-model)
        }),
      { message: 'a system.Dataset artifact cannot feed a system.Model input', task: 'use-model', field: 'model', at: 'dataset-for-model' },
    );
  });

  it('rejects a single artifact for a list-of-artifacts input', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const data = makeDataset();
          untyped(useDatasets)({ data: data.output }); // @at(single-for-list)
        }),
      { message: 'a single artifact cannot feed a list-of-artifacts input', task: 'use-datasets', field: 'data', at: 'single-for-list' },
    );
  });

  it('rejects a string constant for an artifact input', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          untyped(useModel)({ model: 'gs://bucket/model' }); // @at(string-for-artifact)
        }),
      { message: "artifact input 'model' needs an artifact from a task, an importer or a pipeline input", task: 'use-model', field: 'model', at: 'string-for-artifact' },
    );
  });

  it('rejects a missing required input', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          untyped(useText)({}); // @at(missing-input)
        }),
      { message: "missing required input 'text' of component 'use-text'", task: 'use-text', field: 'text', at: 'missing-input' },
    );
  });

  it('rejects a value for a task final status input', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          untyped(reportStatus)({ status: { state: 'SUCCEEDED' } }); // @at(final-status-arg)
        }),
      { message: 'a task final status input is filled by the backend and cannot be passed', task: 'report-status', field: 'status', at: 'final-status-arg' },
    );
  });

  it('rejects arguments that are not one object of named arguments', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          untyped(useText)('hi'); // @at(positional)
        }),
      { message: 'a component is called with one object of named arguments', task: 'use-text', at: 'positional' },
    );
  });
});

describe('outputs a task does not have', () => {
  it('rejects .output on a task with several outputs', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const both = makeBoth();
          useText({ text: (both as unknown as { output: never }).output }); // @at(output-several)
        }),
      { message: "component 'make-both' has 2 outputs (model, score); use .outputs.<name> instead of .output", task: 'make-both', at: 'output-several' },
    );
  });

  it('rejects .output on a task without outputs', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const none = noOutputs();
          useText({ text: (none as unknown as { output: never }).output }); // @at(output-none)
        }),
      { message: "component 'no-outputs' has no outputs, so its task has no .output", task: 'no-outputs', at: 'output-none' },
    );
  });
});

describe('channels used where they do not belong', () => {
  it('rejects a task output of another pipeline', () => {
    let foreign: unknown;
    pipeline({ name: 'other' }, () => { foreign = makeText().output; });
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          useText({ text: foreign as string }); // @at(foreign-output)
        }),
      {
        message: "input 'text': output 'text' of task 'make-text' belongs to another pipeline; pass it into pipeline 'p' as one of its inputs instead",
        pipeline: 'p',
        task: 'use-text',
        field: 'text',
        at: 'foreign-output',
      },
    );
  });

  it('rejects a pipeline input of another pipeline', () => {
    let foreign: unknown;
    pipeline({ name: 'other', inputs: { rows: t.integer() } }, ({ rows }) => {
      foreign = rows;
      useNumber({ n: rows });
    });
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { rows: t.integer() } }, () => {
          useNumber({ n: foreign as number }); // @at(foreign-input)
        }),
      { message: "pipeline input 'rows' belongs to another pipeline", pipeline: 'p', task: 'use-number', field: 'n', at: 'foreign-input' },
    );
  });

  it('rejects a channel of another pipeline inside a template literal', () => {
    let foreign: unknown;
    pipeline({ name: 'other' }, () => { foreign = makeText().output; });
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          useText({ text: `hello ${foreign}` }); // @at(foreign-in-string)
        }),
      { message: "output 'text' of task 'make-text' belongs to another pipeline", task: 'use-text', field: 'text', at: 'foreign-in-string' },
    );
  });

  it('rejects after() on a task of another pipeline', () => {
    let foreign: ReturnType<typeof makeText> | undefined;
    pipeline({ name: 'other' }, () => { foreign = makeText(); });
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          useText({ text: 'x' }).after(foreign!); // @at(foreign-after)
        }),
      { message: "task 'make-text' belongs to another pipeline; after() takes tasks of the same pipeline", pipeline: 'p', task: 'use-text', field: 'after', at: 'foreign-after' },
    );
  });

  it('rejects a loop over a list of another pipeline', () => {
    let foreign: unknown;
    pipeline({ name: 'other' }, () => { foreign = makeList().output; });
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          ParallelFor(foreign as never, () => { makeText(); }); // @at(foreign-items)
        }),
      { message: "ParallelFor items: output 'items' of task 'make-list' belongs to another pipeline", pipeline: 'p', field: 'items', at: 'foreign-items' },
    );
  });

  it('rejects a loop item as a task setting outside its loop', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          let cpu: unknown;
          ParallelFor(['1', '2'], (item) => { cpu = item; makeText(); });
          makeText().setCpuLimit(cpu as string); // @at(item-setting)
        }),
      { message: 'a ParallelFor loop item is used outside its loop', task: 'make-text', field: 'cpuLimit', at: 'item-setting' },
    );
  });

  it('rejects a pipeline input of another pipeline as a Kubernetes setting', () => {
    let foreign: unknown;
    pipeline({ name: 'other', inputs: { secret: t.string() } }, ({ secret }) => {
      foreign = secret;
      useText({ text: secret });
    });
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          makeText().useSecretAsEnv(foreign as string, { token: 'TOKEN' }); // @at(foreign-secret)
        }),
      { message: "pipeline input 'secret' belongs to another pipeline", pipeline: 'p', task: 'make-text', at: 'foreign-secret' },
    );
  });

  it('rejects, when compiling, a graph that uses a loop item outside its loop', () => {
    // A graph assembled without the DSL's call-time checks (here: changed after it was declared).
    let item: unknown;
    const p = pipeline({ name: 'p' }, () => {
      ParallelFor(['a', 'b'], (i) => { item = i; useText({ text: i }); });
      useText({ text: 'later' }); // @at(compiler-item)
    });
    (p.graph.tasks[1].args as Record<string, unknown>).text = item;
    expectDefinitionError(() => compile(p), {
      message: "task 'use-text-2' uses the item of ParallelFor 'for-loop-2' outside that loop",
      pipeline: 'p',
      task: 'use-text-2',
      at: 'compiler-item',
    });
  });

  it('rejects, when compiling, a graph that uses a pipeline input of another pipeline', () => {
    const other = pipeline({ name: 'other', inputs: { text: t.string() } }, ({ text }) => { useText({ text }); });
    const p = pipeline({ name: 'p', inputs: { text: t.string() } }, () => { useText({ text: 'x' }); }); // @at(compiler-input)
    (p.graph.tasks[0].args as Record<string, unknown>).text = other.graph.inputChannels.text;
    expectDefinitionError(() => compile(p), {
      message: "pipeline input 'text' of another pipeline is used here; pass it in as an input of this pipeline instead",
      pipeline: 'p',
      at: 'compiler-input',
    });
  });

  it('rejects a component called outside a pipeline', () => {
    expectDefinitionError(() => useText({ text: 'hi' }), { // @at(outside-pipeline)
      message: "component 'use-text' can only be used inside a pipeline body (the function given to pipeline())",
      at: 'outside-pipeline',
    });
  });

  it('rejects ParallelFor outside a pipeline', () => {
    expectDefinitionError(() => ParallelFor([1], () => undefined), { // @at(loop-outside)
      message: 'ParallelFor can only be used inside a pipeline body',
      at: 'loop-outside',
    });
  });
});
