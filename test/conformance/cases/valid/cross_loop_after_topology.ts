import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printOp = pythonComponent({ ...golden.python('exec-print-op'), inputs: { message: t.string() } });

  return pipeline({ name: 'my-pipeline' }, () => {
    const one = ParallelFor([1, 2], () => printOp({ message: 'one' }));

    ParallelFor([1, 2], () => {
      printOp({ message: 'two' }).after(one);
    });

    ParallelFor([1, 2], () => {
      const three = printOp({ message: 'three' });
      ParallelFor([1, 2], () => {
        printOp({ message: 'four' }).after(three);
      });
    });

    const five = ParallelFor([1, 2], () => printOp({ message: 'five' }));
    printOp({ message: 'six' }).after(five);

    ParallelFor([1, 2], () => {
      const seven = ParallelFor([1, 2], () => printOp({ message: 'seven' }));
      printOp({ message: 'eight' }).after(seven);
    });
  });
};
