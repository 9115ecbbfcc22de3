import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const echo = pythonComponent({
    ...golden.python('exec-echo'),
    inputs: { message: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    { name: 'pipeline-with-k8s-only-methods', inputs: { message: t.string().default('hello') } },
    ({ message }) => {
      const task = echo({ message });
      task.setCpuLimit('1000m');
      task.setMemoryLimit('256Mi');
      task.setAcceleratorType('nvidia.com/gpu');
      return task.output;
    },
  );
};
