import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printOp = pythonComponent({
    ...golden.python('exec-print-op'),
    inputs: { msg: t.string(), msg2: t.string().default(null) },
  });

  const loopParameterDefault = [
    { p_a: [{ q_a: '1' }, { q_a: '2' }], p_b: 'hello' },
    { p_a: [{ q_a: '11' }, { q_a: '22' }], p_b: 'halo' },
  ];

  return pipeline(
    { name: 'pipeline-with-nested-loops', inputs: { loop_parameter: t.list().default(loopParameterDefault) } },
    ({ loop_parameter }) => {
      // Nested loops over a pipeline input and a field of its items.
      ParallelFor(loop_parameter, (item) => {
        ParallelFor(item.get('p_a'), (itemPA) => {
          printOp({ msg: itemPA.get('q_a') });
        });
      });

      // Nested loops over literal lists.
      ParallelFor(['1', '2'], (outerItem) => {
        printOp({ msg: outerItem });
        ParallelFor(['100', '200', '300'], (innerItem) => {
          printOp({ msg: outerItem, msg2: innerItem });
        });
      });
    },
  );
};
