import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

// The Python case compiles the component on its own: a one-task pipeline named after the component
// that passes every input through and surfaces every output.
export default (golden: Golden) => {
  const addNumbers = pythonComponent({
    ...golden.python('exec-add-numbers'),
    inputs: { a: t.integer(), b: t.integer() },
    outputs: { Output: t.integer() },
  });
  return pipeline({ name: 'add-numbers', inputs: { a: t.integer(), b: t.integer() } }, ({ a, b }) => addNumbers({ a, b }).output);
};
