import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const readEnvVar = pythonComponent({
    ...golden.python('exec-read-env-var'),
    inputs: { var_name: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    { name: 'pipeline_with_env_variable', inputs: { var_name: t.string().default('KFP_TEST_ENV_VAR') } },
    ({ var_name }) => {
      const task = readEnvVar({ var_name });
      task.setEnvVariable('KFP_TEST_ENV_VAR', 'env_var_value');
      return task.output;
    },
  );
};
