/**
 * Small components shared by the negative tests: producers and consumers of each kind of value.
 */
import { containerComponent, t } from '@kfp-ts/dsl';

const image = 'alpine:3.20';

export const makeText = containerComponent({ name: 'make-text', outputs: { text: t.string() }, image });
export const makeNumber = containerComponent({ name: 'make-number', outputs: { n: t.integer() }, image });
export const makeList = containerComponent({ name: 'make-list', outputs: { items: t.list() }, image });
export const makeStruct = containerComponent({ name: 'make-struct', outputs: { fields: t.struct() }, image });
export const makeDataset = containerComponent({ name: 'make-dataset', outputs: { data: t.dataset() }, image });
export const makeModel = containerComponent({ name: 'make-model', outputs: { model: t.model() }, image });
export const makeBoth = containerComponent({ name: 'make-both', outputs: { model: t.model(), score: t.float() }, image });
export const noOutputs = containerComponent({ name: 'no-outputs', image });

export const useText = containerComponent({ name: 'use-text', inputs: { text: t.string() }, image });
export const useNumber = containerComponent({ name: 'use-number', inputs: { n: t.integer() }, image });
export const useList = containerComponent({ name: 'use-list', inputs: { items: t.list() }, image });
export const useModel = containerComponent({ name: 'use-model', inputs: { model: t.model() }, image });
export const useDatasets = containerComponent({ name: 'use-datasets', inputs: { data: t.artifactList(t.dataset()) }, image });
export const useTextOrDefault = containerComponent({ name: 'use-text-or-default', inputs: { text: t.string().default('none') }, image });
export const cleanup = containerComponent({ name: 'cleanup', inputs: { note: t.string().default('done') }, image });
export const reportStatus = containerComponent({ name: 'report-status', inputs: { status: t.taskFinalStatus() }, image });
