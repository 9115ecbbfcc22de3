import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

// The Python case compiles the component on its own (a one-task pipeline named after it).
export default (golden: Golden) => {
  const dictInput = pythonComponent({ ...golden.python('exec-dict-input'), inputs: { struct: t.struct() } });

  return pipeline({ name: 'dict-input', inputs: { struct: t.struct() } }, ({ struct }) => {
    dictInput({ struct });
  });
};
