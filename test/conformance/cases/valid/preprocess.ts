import { pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

/** A Python component compiled on its own, with parameter and artifact outputs of several types. */
export default (golden: Golden) =>
  pythonComponent({
    ...golden.python('exec-preprocess'),
    inputs: {
      message: t.string(),
      input_dict_parameter: t.struct(),
      input_list_parameter: t.list(),
    },
    outputs: {
      output_dataset_one: t.dataset(),
      output_dataset_two_path: t.dataset(),
      output_parameter_path: t.string(),
      output_bool_parameter_path: t.boolean(),
      output_dict_parameter_path: t.struct(),
      output_list_parameter_path: t.list(),
    },
  });
