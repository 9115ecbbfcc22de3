import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const fail = pythonComponent({ ...golden.python('exec-fail') });

  return pipeline({ name: 'fail-pipeline' }, () => {
    fail();
  });
};
