import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printOp = pythonComponent({
    ...golden.python('exec-print-op'),
    inputs: { message: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline({ name: 'loop-with-after-dependency-set' }, () => {
    const one = ParallelFor([1, 2, 3], () => printOp({ message: 'foo' }));
    // Every iteration of the loop finishes before the tasks below start.
    printOp({ message: 'bar' }).after(one);
    printOp({ message: 'baz' }).after(one);
  });
};
