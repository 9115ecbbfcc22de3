import { Collected, If, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const double = pythonComponent({
    ...golden.python('exec-double'),
    inputs: { num: t.integer() },
    outputs: { out_dataset: t.dataset() },
  });
  const add = pythonComponent({
    ...golden.python('exec-add'),
    inputs: { in_datasets: t.artifactList(t.dataset()) },
    outputs: { out_dataset: t.dataset() },
  });
  const addTwoInts = pythonComponent({
    ...golden.python('exec-add-two-ints'),
    inputs: { in_dataset1: t.dataset(), in_dataset2: t.dataset() },
    outputs: { out_dataset: t.dataset() },
  });

  const addTwoListsOfDatasets = pipeline(
    {
      name: 'add-two-lists-of-datasets',
      inputs: { in_datasets1: t.artifactList(t.dataset()), in_datasets2: t.artifactList(t.dataset()) },
    },
    ({ in_datasets1, in_datasets2 }) => {
      const sum1 = add({ in_datasets: in_datasets1 });
      const sum2 = add({ in_datasets: in_datasets2 });
      return addTwoInts({ in_dataset1: sum1.outputs.out_dataset, in_dataset2: sum2.outputs.out_dataset }).outputs.out_dataset;
    },
  );

  return pipeline({ name: 'math-pipeline', inputs: { threshold: t.integer().default(2) } }, ({ threshold }) => {
    const { doubled1, doubled2 } = ParallelFor([1, 2, 3], (x) => {
      const doubled1 = double({ num: x }).outputs.out_dataset;
      const doubled2 = ParallelFor([1, 2, 3], (y) => {
        const [doubled] = If(y.ge(threshold), () => double({ num: y }).outputs.out_dataset).results;
        return doubled;
      });
      return { doubled1, doubled2 };
    });
    const sum = addTwoListsOfDatasets({ in_datasets1: Collected(doubled1), in_datasets2: Collected(doubled2) });
    return { sum: sum.output, datasets: Collected(doubled1) };
  });
};
