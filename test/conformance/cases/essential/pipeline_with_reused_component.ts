import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  // The Python pipeline loads this component from a YAML file compiled with kfp 2.14.6.
  const addOp = pythonComponent({
    ...golden.python('exec-add-numbers'),
    kfpVersion: '2.14.6',
    inputs: { a: t.integer(), b: t.integer() },
    outputs: { Output: t.integer() },
  });

  return pipeline(
    { name: 'pipeline-with-reused-component', inputs: { a: t.integer().default(2), b: t.integer().default(5) } },
    ({ a, b }) => {
      const firstAddTask = addOp({ a, b: 3 });
      const secondAddTask = addOp({ a: firstAddTask.outputs.Output, b });
      addOp({ a: secondAddTask.outputs.Output, b: 7 });
    },
  );
};
