import { Collected, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const double = pythonComponent({
    ...golden.python('exec-double'),
    inputs: { num: t.integer() },
    outputs: { Output: t.integer() },
  });
  const simpleAdd = pythonComponent({
    ...golden.python('exec-simple-add'),
    inputs: { nums: t.list(t.integer()) },
    outputs: { Output: t.integer() },
  });
  const nestedAdd = pythonComponent({
    ...golden.python('exec-nested-add'),
    inputs: { nums: t.list(t.list(t.integer())) },
    outputs: { Output: t.integer() },
  });
  const addTwoNumbers = pythonComponent({
    ...golden.python('exec-add-two-numbers'),
    inputs: { x: t.list(t.integer()), y: t.list(t.integer()) },
    outputs: { Output: t.integer() },
  });

  return pipeline({ name: 'math-pipeline' }, () => {
    const { t1, t2 } = ParallelFor([1, 2, 3], (a) => {
      const t1 = double({ num: a });
      const t2 = ParallelFor([4, 5, 6], (b) => double({ num: b }));
      simpleAdd({ nums: Collected(t2.output) });
      return { t1, t2 };
    });

    nestedAdd({ nums: Collected(t2.output) });

    const { t3, t4 } = ParallelFor([0, 0, 0], () => ({
      t3: simpleAdd({ nums: Collected(t1.output) }),
      t4: nestedAdd({ nums: Collected(t2.output) }),
    }));

    return addTwoNumbers({ x: Collected(t3.output), y: Collected(t4.output) }).output;
  });
};
