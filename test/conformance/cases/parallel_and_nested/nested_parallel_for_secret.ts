import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const emitSecretName = pythonComponent({ ...golden.python('exec-emit-secret-name'), outputs: { Output: t.string() } });
  const workerComponent = pythonComponent({
    ...golden.python('exec-worker-component'),
    inputs: { item: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    {
      name: 'pipeline-4-nested-parallel-for-secret',
      description: 'Pipeline with outer task output used as secret name inside ParallelFor.',
    },
    () => {
      const secretNameTask = emitSecretName();
      ParallelFor(
        ['x', 'y'],
        (item) => {
          workerComponent({ item }).useSecretAsEnv(secretNameTask.output, { username: 'MY_SECRET_KEY' });
        },
        { parallelism: 1 },
      );
    },
  );
};
