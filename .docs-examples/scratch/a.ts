import { containerComponent, pipeline, t } from '@kfp-ts/dsl';
const makeData = containerComponent({ name: 'make-data', outputs: { data: t.dataset(), rows: t.integer() }, image: 'a', args: ({ outputs }) => [outputs.data.path, outputs.rows.path] });
const train = containerComponent({ name: 'train', inputs: { data: t.dataset(), epochs: t.integer(), name: t.string() }, outputs: { model: t.model() }, image: 'a' });
const deploy = containerComponent({ name: 'deploy', inputs: { model: t.model() }, image: 'a' });
export const p = pipeline({ name: 'p' }, () => {
  const d = makeData();
  const m = train({ data: d.outputs.data, epochs: 3, name: 'x' });
  deploy({ model: d.outputs.data });
  train({ data: d.outputs.data, epochs: '3', name: 'x' });
  train({ data: d.outputs.data, epochs: 3, name: d.outputs.rows });
  train({ data: d.outputs.data, epochs: 3, nmae: 'x' });
  train({ data: d.outputs.data, name: 'x' });
  d.output;
});
