import { Collected, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const makeDataset = pythonComponent({
    ...golden.python('exec-make-dataset'),
    inputs: { text: t.string() },
    outputs: { Output: t.dataset() },
  });
  const joinDatasets = pythonComponent({
    ...golden.python('exec-join-datasets'),
    inputs: { datasets: t.artifactList(t.dataset()) },
    outputs: { Output: t.dataset() },
  });

  return pipeline(
    { name: 'make-and-join-datasets', inputs: { texts: t.list(t.string()).default(['Hello', ',', ' ', 'world!']) } },
    ({ texts }) => {
      const datasets = ParallelFor(texts, (text) => makeDataset({ text }).output);
      return joinDatasets({ datasets: Collected(datasets) }).output;
    },
  );
};
