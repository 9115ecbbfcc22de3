import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const comp = pythonComponent(golden.python('exec-comp'));

  return pipeline({ name: 'my_pipeline' }, () => {
    comp().useConfigMapAsEnv('my-cm', { foo: 'CONFIG_MAP_VAR' });
  });
};
