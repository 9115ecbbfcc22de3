import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const sumNumbers = pythonComponent({
    ...golden.python('exec-sum-numbers'),
    inputs: { a: t.integer(), b: t.integer() },
    outputs: { Output: t.integer() },
  });

  return pipeline(
    {
      name: 'pipeline',
      inputs: {
        cpu_limit: t.string().default('4000m'),
        memory_limit: t.string().default('15G'),
        accelerator_type: t.string().default('NVIDIA_TESLA_P4'),
        accelerator_limit: t.string().default('1'),
      },
    },
    ({ cpu_limit, memory_limit, accelerator_type, accelerator_limit }) => {
      const sumNumbersTask = sumNumbers({ a: 1, b: 2 });
      sumNumbersTask.setCpuLimit(cpu_limit);
      sumNumbersTask.setMemoryLimit(memory_limit);
      sumNumbersTask.setAcceleratorType(accelerator_type);
      sumNumbersTask.setAcceleratorLimit(accelerator_limit);
    },
  );
};
