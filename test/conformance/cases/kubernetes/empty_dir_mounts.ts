import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const comp = pythonComponent(golden.python('exec-comp'));

  return pipeline({ name: 'my_pipeline' }, () => {
    comp().mountEmptyDir({ volumeName: 'emptydir-vol-1', mountPath: '/mnt/my_vol_1', medium: 'Memory', sizeLimit: '1Gi' });
  });
};
