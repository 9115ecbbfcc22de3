import { Collected, containerComponent, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
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
  const { image, command, args } = golden.container('exec-add-container');
  const addContainer = containerComponent({
    name: 'add-container',
    inputs: { in_datasets: t.artifactList(t.dataset()) },
    outputs: { out_dataset: t.dataset() },
    image: image!,
    command: command!,
    args: ({ inputs, outputs }) => [args![0], inputs.in_datasets, outputs.out_dataset.uri],
  });

  return pipeline({ name: 'math-pipeline' }, () => {
    const doubled = ParallelFor([1, 2, 3], (x) => double({ num: x }).outputs.out_dataset);
    add({ in_datasets: Collected(doubled) });
    addContainer({ in_datasets: Collected(doubled) });
    return Collected(doubled);
  });
};
