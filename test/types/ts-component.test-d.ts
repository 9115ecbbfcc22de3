/**
 * The `run` function of a TypeScript component is typed from its declarations: input values by name
 * (defaults make them non-optional; optional inputs may be undefined; artifacts are `{ path, uri,
 * metadata }`), output artifacts with the helpers of their type, and the output parameters it must
 * return. Each `@ts-expect-error` line must fail to type-check.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  pipeline,
  t,
  tsComponent,
  type ClassificationMetricsOutput,
  type HtmlOutput,
  type InputArtifact,
  type MarkdownOutput,
  type MetricsOutput,
  type OutputArtifact,
  type ParameterChannel,
  type ArtifactChannel,
  type RunInputs,
  type RunOutputs,
  type RunResult,
  type TaskFinalStatusValue,
} from '@kfp-ts/dsl';
import type {
  ClassificationMetricsArtifact,
  HtmlArtifact,
  InputArtifact as RuntimeInputArtifact,
  MarkdownArtifact,
  MetricsArtifact,
  OutputArtifact as RuntimeOutputArtifact,
  TaskFinalStatus,
} from '@kfp-ts/runtime';

const inputs = {
  name: t.string(),
  rows: t.integer().default(100),
  rate: t.float().describe('learning rate').default(0.1),
  seed: t.integer().optionalInput(),
  label: t.string().default(null),
  flag: t.boolean(),
  tags: t.list(t.string()),
  config: t.struct(),
  data: t.dataset(),
  extra: t.artifact().optionalInput(),
  shards: t.artifactList(t.dataset()),
};

const outputs = {
  accuracy: t.float(),
  count: t.integer(),
  ok: t.boolean(),
  summary: t.string(),
  model: t.model(),
  scores: t.metrics(),
  confusion: t.classificationMetrics(),
  page: t.html(),
  notes: t.markdown(),
};

describe('the inputs run receives', () => {
  it('types each input by its declaration', () => {
    expectTypeOf<RunInputs<typeof inputs>>().toEqualTypeOf<{
      readonly name: string;
      readonly rows: number;
      readonly rate: number;
      readonly seed: number | undefined;
      readonly label: string | undefined;
      readonly flag: boolean;
      readonly tags: unknown[];
      readonly config: Record<string, unknown>;
      readonly data: InputArtifact;
      readonly extra: InputArtifact | undefined;
      readonly shards: readonly InputArtifact[];
    }>();
  });

  it('infers them in run from the declarations', () => {
    tsComponent({
      name: 'train',
      inputs,
      outputs,
      run(args, outs) {
        expectTypeOf(args.rows).toEqualTypeOf<number>();
        expectTypeOf(args.seed).toEqualTypeOf<number | undefined>();
        expectTypeOf(args.data.path).toEqualTypeOf<string>();
        expectTypeOf(args.data.metadata).toEqualTypeOf<Readonly<Record<string, unknown>>>();
        // @ts-expect-error: inputs are read-only.
        args.rows = 1;
        // @ts-expect-error: no such input.
        void args.epochs;
        expectTypeOf(outs.scores).toEqualTypeOf<MetricsOutput>();
        return { accuracy: 1, count: 2, ok: true, summary: '' };
      },
    });
  });

  it('gives exit tasks the final status', () => {
    tsComponent({
      name: 'exit',
      inputs: { status: t.taskFinalStatus() },
      run({ status }) {
        expectTypeOf(status).toEqualTypeOf<TaskFinalStatusValue>();
        expectTypeOf(status.error.message).toEqualTypeOf<string | undefined>();
      },
    });
  });
});

describe('the output artifacts run writes', () => {
  it('gives each artifact output, with the helpers of its type, and no parameters', () => {
    expectTypeOf<RunOutputs<typeof outputs>>().toEqualTypeOf<{
      readonly model: OutputArtifact;
      readonly scores: MetricsOutput;
      readonly confusion: ClassificationMetricsOutput;
      readonly page: HtmlOutput;
      readonly notes: MarkdownOutput;
    }>();
    expectTypeOf<MetricsOutput['logMetric']>().toEqualTypeOf<(name: string, value: number) => void>();
    expectTypeOf<HtmlOutput['writeHtml']>().returns.toEqualTypeOf<Promise<void>>();
  });

  it('lets run set metadata but not the path', () => {
    tsComponent({
      name: 'writes',
      outputs: { model: t.model() },
      async run(_, { model }) {
        model.metadata.framework = 'onnx';
        // @ts-expect-error: the path is where the launcher uploads from.
        model.path = '/elsewhere';
      },
    });
  });
});

describe('what run returns', () => {
  it('is the output parameters, by name and type', () => {
    expectTypeOf<RunResult<typeof outputs>>().toEqualTypeOf<{ accuracy: number; count: number; ok: boolean; summary: string }>();
    expectTypeOf<RunResult<{ model: ReturnType<typeof t.model> }>>().toEqualTypeOf<void>();
  });

  it('must give every output parameter, with its type', () => {
    tsComponent({
      name: 'missing',
      outputs: { count: t.integer(), label: t.string() },
      // @ts-expect-error: label is missing.
      run: async () => ({ count: 1 }),
    });
    tsComponent({
      name: 'wrong-type',
      outputs: { count: t.integer() },
      // @ts-expect-error: count is a number.
      run: () => ({ count: 'one' }),
    });
    tsComponent({ name: 'sync-or-async', outputs: { count: t.integer() }, run: () => ({ count: 1 }) });
    tsComponent({ name: 'nothing', run: async () => {} });
  });
});

describe('the component in a pipeline', () => {
  it('is called like any component, and its outputs are channels', () => {
    const train = tsComponent({ name: 'train', inputs, outputs, run: () => ({ accuracy: 1, count: 2, ok: true, summary: '' }) });
    const prepare = tsComponent({ name: 'prepare', outputs: { data: t.dataset() }, run: async () => {} });
    pipeline({ name: 'p' }, () => {
      const data = prepare().outputs.data;
      const task = train({ name: 'n', flag: true, tags: [], config: {}, data, shards: [data] });
      expectTypeOf(task.outputs.accuracy).toEqualTypeOf<ParameterChannel<'NUMBER_DOUBLE'>>();
      expectTypeOf(task.outputs.model).toEqualTypeOf<ArtifactChannel<'system.Model', false>>();
      // @ts-expect-error: 'name' is required.
      train({ flag: true, tags: [], config: {}, data, shards: [] });
    });
    expectTypeOf(train.run).parameter(0).toEqualTypeOf<RunInputs<typeof inputs>>();
  });
});

describe('the container runtime provides these shapes', () => {
  it('has input and output artifacts and helpers assignable to what run is typed with', () => {
    expectTypeOf<RuntimeInputArtifact>().toExtend<InputArtifact>();
    expectTypeOf<RuntimeOutputArtifact>().toExtend<OutputArtifact>();
    expectTypeOf<MetricsArtifact>().toExtend<MetricsOutput>();
    expectTypeOf<ClassificationMetricsArtifact>().toExtend<ClassificationMetricsOutput>();
    expectTypeOf<HtmlArtifact>().toExtend<HtmlOutput>();
    expectTypeOf<MarkdownArtifact>().toExtend<MarkdownOutput>();
    expectTypeOf<TaskFinalStatus>().toExtend<TaskFinalStatusValue>();
  });
});
