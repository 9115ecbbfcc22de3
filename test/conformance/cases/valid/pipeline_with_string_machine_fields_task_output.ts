import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const stringProducer = (executor: string) => pythonComponent({ ...golden.python(executor), outputs: { Output: t.string() } });
  const cpuLimit = stringProducer('exec-cpu-limit');
  const memoryLimit = stringProducer('exec-memory-limit');
  const acceleratorType = stringProducer('exec-accelerator-type');
  const acceleratorLimit = stringProducer('exec-accelerator-limit');
  const sumNumbers = pythonComponent({
    ...golden.python('exec-sum-numbers'),
    inputs: { a: t.integer(), b: t.integer() },
    outputs: { Output: t.integer() },
  });

  return pipeline({ name: 'pipeline' }, () => {
    const sumNumbersTask = sumNumbers({ a: 1, b: 2 });
    sumNumbersTask.setCpuLimit(cpuLimit().output);
    sumNumbersTask.setMemoryLimit(memoryLimit().output);
    sumNumbersTask.setAcceleratorType(acceleratorType().output);
    sumNumbersTask.setAcceleratorLimit(acceleratorLimit().output);
  });
};
