import { pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

/** A Python component compiled on its own; descriptions show in its component and in the root. */
export default (golden: Golden) =>
  pythonComponent({
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
