import { pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

// The Python source compiles the component itself, as a pipeline of one task.
export default (golden: Golden) =>
  pythonComponent({
    ...golden.python('exec-identity'),
    inputs: { value: t.string() },
    outputs: { Output: t.string() },
  });
