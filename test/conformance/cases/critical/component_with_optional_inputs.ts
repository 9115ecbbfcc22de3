import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const componentOp = pythonComponent({
    ...golden.python('exec-component-op'),
    inputs: {
      input1: t.string().default('default value'),
      input2: t.string().default(null),
      input3: t.string().default(null),
    },
  });
  return pipeline({ name: 'v2-component-optional-input' }, () => {
    componentOp({ input1: 'Hello', input2: 'World' });
  });
};
