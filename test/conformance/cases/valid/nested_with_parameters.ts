import { Collected, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const double = pythonComponent({
    ...golden.python('exec-double'),
    inputs: { num: t.integer() },
    outputs: { Output: t.integer() },
  });
  const add = pythonComponent({
    ...golden.python('exec-add'),
    inputs: { nums: t.list() },
    outputs: { Output: t.integer() },
  });
  const addTwoNums = pythonComponent({
    ...golden.python('exec-add-two-nums'),
    inputs: { x: t.integer(), y: t.integer() },
    outputs: { Output: t.integer() },
  });

  return pipeline({ name: 'math_pipeline' }, () => {
    const sums = ParallelFor([1, 2, 3], (x) =>
      ParallelFor([1, 2, 3], (y) => {
        const t1 = double({ num: x });
        const t2 = double({ num: y });
        return addTwoNums({ x: t1.output, y: t2.output }).output;
      }),
    );
    add({ nums: Collected(sums) });
    return Collected(sums);
  });
};
