import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const preprocess = pythonComponent({
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
  const train = pythonComponent({
    ...golden.python('exec-train'),
    inputs: {
      dataset_one_path: t.dataset(),
      dataset_two: t.dataset(),
      message: t.string(),
      input_bool: t.boolean(),
      input_dict: t.struct(),
      input_list: t.list(),
      num_steps: t.integer().default(100),
    },
    outputs: { model: t.model() },
  });

  return pipeline(
    {
      name: 'my-test-pipeline-beta',
      inputs: { message: t.string(), input_dict: t.struct().default({ A: 1, B: 2 }) },
    },
    ({ message, input_dict }) => {
      const preprocessTask = preprocess({
        message,
        input_dict_parameter: input_dict,
        input_list_parameter: ['a', 'b', 'c'],
      });
      train({
        dataset_one_path: preprocessTask.outputs.output_dataset_one,
        dataset_two: preprocessTask.outputs.output_dataset_two_path,
        message: preprocessTask.outputs.output_parameter_path,
        input_bool: preprocessTask.outputs.output_bool_parameter_path,
        input_dict: preprocessTask.outputs.output_dict_parameter_path,
        input_list: preprocessTask.outputs.output_list_parameter_path,
      });
    },
  );
};
