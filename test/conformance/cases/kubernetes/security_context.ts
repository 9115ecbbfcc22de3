import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printGreeting = pythonComponent(golden.python('exec-print-greeting'));

  return pipeline({ name: 'my_pipeline' }, () => {
    printGreeting().setSecurityContext({ runAsUser: 65534, runAsGroup: 0 });
  });
};
