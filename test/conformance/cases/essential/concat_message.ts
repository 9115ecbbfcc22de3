import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

// The Python case compiles the component on its own (a one-task pipeline named after it).
export default (golden: Golden) => {
  const concatMessage = pythonComponent({
    ...golden.python('exec-concat-message'),
    inputs: { message1: t.string(), message2: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    { name: 'concat-message', inputs: { message1: t.string(), message2: t.string() } },
    ({ message1, message2 }) => concatMessage({ message1, message2 }).output,
  );
};
