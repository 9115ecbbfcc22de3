import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const strToDataset = pythonComponent({
    ...golden.python('exec-str-to-dataset'),
    inputs: { string: t.string().describe('The string.') },
    outputs: { dataset: t.dataset().describe('The dataset.') },
  });
  const datasetJoiner = pythonComponent({
    ...golden.python('exec-dataset-joiner'),
    inputs: {
      dataset_a: t.dataset().describe('First dataset.'),
      dataset_b: t.dataset().describe('Second dataset.'),
    },
    outputs: {
      out_dataset: t.dataset().describe('The concatenated dataset.'),
      Output: t.string().describe('The concatenated string.'),
    },
  });

  return pipeline(
    {
      name: 'dataset-concatenator',
      description: 'A pipeline that joins string to in_dataset.',
      inputs: {
        string: t.string().describe('String to concatenate to in_artifact.'),
        in_dataset: t.dataset().describe('Dataset to which to concatenate string.'),
      },
      outputs: { Output: t.dataset().describe('The final concatenated dataset.') },
    },
    ({ string, in_dataset }) => {
      const firstDatasetTask = strToDataset({ string });
      const joined = datasetJoiner({ dataset_a: firstDatasetTask.outputs.dataset, dataset_b: in_dataset });
      return joined.outputs.out_dataset;
    },
  );
};
