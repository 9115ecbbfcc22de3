import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const addOne = pythonComponent({
    ...golden.python('exec-add-one'),
    inputs: { x: t.integer() },
    outputs: { Output: t.integer() },
  });

  return pipeline({ name: 'pipeline_with_caching', inputs: { x: t.integer().default(1) } }, ({ x }) => {
    const task = addOne({ x });
    task.setCachingOptions(true);
    return task.output;
  });
};
