import { Collected, If, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const double = pythonComponent({
    ...golden.python('exec-double'),
    inputs: { num: t.integer() },
    outputs: { Output: t.integer() },
  });
  const add = pythonComponent({
    ...golden.python('exec-add'),
    inputs: { nums: t.list(t.integer()) },
    outputs: { Output: t.integer() },
  });

  return pipeline({ name: 'math-pipeline', inputs: { threshold: t.integer().default(2) } }, ({ threshold }) => {
    const doubled = ParallelFor([1, 2, 3], (x) => If(x.ge(threshold), () => double({ num: x }).output).results[0]);

    const sum = If(threshold.eq(2), () => add({ nums: Collected(doubled) }).output).results[0];
    // As in the Python source, the sum (produced inside a condition) is returned through Collected, which
    // declares the pipeline output as a list.
    return Collected(sum);
  });
};
