import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const exampleComponent = pythonComponent({
    ...golden.python('exec-example-component'),
    inputs: { item: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    {
      name: 'pipeline-2-parallel-for-secret',
      description: 'Pipeline with 1 component inside ParallelFor using use_secret_as_env.',
      inputs: { my_secret_name: t.string().default('test-secret-1') },
    },
    ({ my_secret_name }) => {
      ParallelFor(
        ['a', 'b', 'c'],
        (item) => {
          exampleComponent({ item }).useSecretAsEnv(my_secret_name, { username: 'MY_SECRET_KEY' });
        },
        { parallelism: 1 },
      );
    },
  );
};
