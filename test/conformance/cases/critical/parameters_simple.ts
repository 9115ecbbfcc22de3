import { Collected, containerComponent, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
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
  const addContainer = containerComponent({
    name: 'add_container',
    inputs: { nums: t.list() },
    outputs: { sum: t.integer() },
    image: 'jetbrainsinfra/jq',
    command: ['sh', '-c'],
    args: ({ inputs, outputs }) => [
      `
            set -ex
            mkdir -p $(dirname ${outputs.sum})
            echo ${inputs.nums} | jq 'add' > ${outputs.sum}
            `,
    ],
  });

  return pipeline({ name: 'math-pipeline' }, () => {
    const doubled = ParallelFor([1, 2, 3], (x) => double({ num: x }).output);
    add({ nums: Collected(doubled) });
    addContainer({ nums: Collected(doubled) });
    return Collected(doubled);
  });
};
