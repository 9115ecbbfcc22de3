import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printWithPrefix = pythonComponent({
    ...golden.python('exec-print-with-prefix'),
    inputs: { prefix: t.string(), item: t.string() },
    outputs: { Output: t.string() },
  });
  const makePrefix = pythonComponent({ ...golden.python('exec-make-prefix'), outputs: { Output: t.string() } });

  return pipeline(
    {
      name: 'pipeline-parallelfor-pipeline-param',
      description: 'Pipeline parameter used alongside loop item inside ParallelFor.',
      inputs: { prefix: t.string(), loop_parameter: t.list(t.string()) },
    },
    ({ prefix, loop_parameter }) => {
      // A pipeline input used inside the loop.
      ParallelFor(
        loop_parameter,
        (item) => {
          printWithPrefix({ prefix, item });
        },
        { parallelism: 1 },
      );

      // An outer task's output used inside the loop.
      const prefixTask = makePrefix();
      ParallelFor(loop_parameter, (item) => {
        printWithPrefix({ prefix: prefixTask.output, item });
      });

      // A pipeline input used in a loop nested in another loop.
      const staticItems = ['x', 'y'];
      ParallelFor(
        staticItems,
        () => {
          ParallelFor(loop_parameter, (innerItem) => {
            printWithPrefix({ prefix, item: innerItem });
          });
        },
        { parallelism: 2 },
      );
    },
  );
};
