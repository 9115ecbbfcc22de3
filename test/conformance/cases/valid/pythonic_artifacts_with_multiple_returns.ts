import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  // A NamedTuple of two artifacts returned from the function.
  const datasetSplitter = pythonComponent({
    ...golden.python('exec-dataset-splitter'),
    inputs: { in_dataset: t.dataset() },
    outputs: { dataset1: t.dataset(), dataset2: t.dataset() },
  });
  const makeDataset = pythonComponent({ ...golden.python('exec-make-dataset'), outputs: { Output: t.artifact() } });

  const splitterPipeline = pipeline({ name: 'splitter_pipeline', inputs: { in_dataset: t.dataset() } }, ({ in_dataset }) => {
    const task = datasetSplitter({ in_dataset });
    return { dataset1: task.outputs.dataset1, dataset2: task.outputs.dataset1 };
  });

  return pipeline({ name: 'split_datasets_and_return_first' }, () => {
    const t1 = makeDataset();
    return splitterPipeline({ in_dataset: t1.output }).outputs.dataset1;
  });
};
