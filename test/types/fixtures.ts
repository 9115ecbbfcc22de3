/**
 * Components for the type tests: their declared inputs and outputs are what the checks are about.
 */
import { containerComponent, t } from '@kfp-ts/dsl';

const image = 'alpine:3.20';

export const makeDataset = containerComponent({ name: 'make-dataset', outputs: { data: t.dataset() }, image });
export const makeModel = containerComponent({ name: 'make-model', outputs: { model: t.model() }, image });
export const makeArtifact = containerComponent({ name: 'make-artifact', outputs: { thing: t.artifact() }, image });
export const makeMetrics = containerComponent({ name: 'make-metrics', outputs: { metrics: t.metrics() }, image });
export const makeText = containerComponent({ name: 'make-text', outputs: { text: t.string() }, image });
export const makeCount = containerComponent({ name: 'make-count', outputs: { count: t.integer() }, image });
export const makeRate = containerComponent({ name: 'make-rate', outputs: { rate: t.float() }, image });
export const train = containerComponent({
  name: 'train',
  inputs: { data: t.dataset(), epochs: t.integer(), rate: t.float().default(0.1), note: t.string().optionalInput() },
  outputs: { model: t.model(), accuracy: t.float() },
  image,
});
export const noOutputs = containerComponent({ name: 'no-outputs', inputs: { text: t.string() }, image });

export const useDataset = containerComponent({ name: 'use-dataset', inputs: { data: t.dataset() }, image });
export const useModel = containerComponent({ name: 'use-model', inputs: { model: t.model() }, image });
export const useAnyArtifact = containerComponent({ name: 'use-any-artifact', inputs: { thing: t.artifact() }, image });
export const useDatasets = containerComponent({ name: 'use-datasets', inputs: { data: t.artifactList(t.dataset()) }, image });
export const useText = containerComponent({ name: 'use-text', inputs: { text: t.string() }, image });
export const useCount = containerComponent({ name: 'use-count', inputs: { count: t.integer() }, image });
export const useRate = containerComponent({ name: 'use-rate', inputs: { rate: t.float() }, image });
export const useFlag = containerComponent({ name: 'use-flag', inputs: { flag: t.boolean() }, image });
export const useList = containerComponent({ name: 'use-list', inputs: { items: t.list() }, image });
export const useStruct = containerComponent({ name: 'use-struct', inputs: { fields: t.struct() }, image });
export const allOptional = containerComponent({
  name: 'all-optional',
  inputs: { text: t.string().default('hi'), count: t.integer().optionalInput() },
  image,
});
export const reportStatus = containerComponent({ name: 'report-status', inputs: { status: t.taskFinalStatus(), note: t.string() }, image });
