import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const comp = pythonComponent(golden.python('exec-comp'));

  return pipeline({ name: 'my_pipeline' }, () => {
    comp().addToleration({ key: 'key1', operator: 'Equal', value: 'value1', effect: 'NoExecute', tolerationSeconds: 10 });
  });
};
